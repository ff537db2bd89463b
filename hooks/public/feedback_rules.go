package public

import (
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/kit"
	"motcua/internal/access"
)

// RegisterFeedback keeps the handling of citizens' feedback (phản ánh, kiến
// nghị) on record: the time and author of an answer are set by the server
// when a clerk answers, only a leader publishes an answer, and an answer is
// published only once it exists. Citizens send feedback through the public
// route (hooks/public/feedback.go).
func RegisterFeedback(app core.App) {
	app.OnRecordUpdateRequest("feedback").BindFunc(func(e *core.RecordRequestEvent) error {
		role, limited := kit.LimitedRole(e.RequestEvent)
		orig := e.Record.Original()
		for _, f := range []string{"tracking_code", "answered_at", "answered_by", "published_at", "name", "address", "phone", "email", "content"} {
			if !kit.ValuesEqual(orig.Get(f), e.Record.Get(f)) && (limited || isComputedFeedbackField(f)) {
				return e.BadRequestError("Trường \""+f+"\" không sửa được: do công dân gửi hoặc hệ thống ghi.",
					validation.Errors{f: validation.NewError("validation_motcua_"+f, "Không sửa được.")})
			}
		}
		if limited && e.Record.GetBool("published") != orig.GetBool("published") && role != access.Leader {
			return e.ForbiddenError("Chỉ lãnh đạo quyết định công khai trả lời phản ánh, kiến nghị.", nil)
		}
		// What the public page shows was approved by a leader: once published,
		// only a leader changes it.
		if limited && orig.GetBool("published") && role != access.Leader {
			for _, f := range []string{"answer", "subject", "status", "kind", "procedure"} {
				if !kit.ValuesEqual(orig.Get(f), e.Record.Get(f)) {
					return e.ForbiddenError("Trả lời đã được lãnh đạo công khai: chỉ lãnh đạo được sửa trường \""+f+"\".",
						validation.Errors{f: validation.NewError("validation_motcua_published_"+f, "Chỉ lãnh đạo được sửa sau khi công khai.")})
				}
			}
		}
		if e.Auth != nil && strings.TrimSpace(e.Record.GetString("answer")) != strings.TrimSpace(orig.GetString("answer")) {
			e.Record.Set("answered_by", e.Auth.Id)
		}
		return e.Next()
	})
	app.OnRecordUpdate("feedback").BindFunc(func(e *core.RecordEvent) error {
		rec, orig := e.Record, e.Record.Original()
		answer := strings.TrimSpace(rec.GetString("answer"))
		if answer != strings.TrimSpace(orig.GetString("answer")) || rec.GetString("status") != orig.GetString("status") {
			if answer == "" && rec.GetString("status") != "new" {
				return router.NewBadRequestError("Cần ghi nội dung trả lời hoặc lý do trước khi đổi trạng thái.",
					validation.Errors{"answer": validation.NewError("validation_motcua_answer", "Cần ghi nội dung trả lời.")})
			}
			if rec.GetDateTime("answered_at").IsZero() || answer != strings.TrimSpace(orig.GetString("answer")) {
				rec.Set("answered_at", time.Now())
			}
		}
		if rec.GetBool("published") && !orig.GetBool("published") {
			if answer == "" {
				return router.NewBadRequestError("Chưa có trả lời để công khai.",
					validation.Errors{"published": validation.NewError("validation_motcua_published", "Chưa có trả lời.")})
			}
			rec.Set("published_at", time.Now())
		}
		return e.Next()
	})
}

func isComputedFeedbackField(f string) bool {
	switch f {
	case "tracking_code", "answered_at", "answered_by", "published_at":
		return true
	}
	return false
}
