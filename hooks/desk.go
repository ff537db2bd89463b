package hooks

import (
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/internal/access"
	"motcua/internal/forms"
)

// registerDesk binds what the staff desk (bàn làm việc, pb_public/desk)
// needs beyond the records API and the printable forms: the preview of a
// leader's apology slip (form 04) before the apology is saved. The desk's
// steps themselves are plain dossier updates, checked by the dossier rules.
func registerDesk(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/motcua/desk/preview/04/{dossier}", previewApology).
			BindFunc(requireStaff(access.Admin, access.Leader))
		return se.Next()
	})
}

// previewApology renders form 04 of a dossier as it would print if the
// apology with the query's new_due_at (a UTC date time, as the API writes
// it) and apology_reason were saved now by the signed-in leader. Nothing is
// written: the apology is saved by the dossier update, which the lifecycle
// rules check (once, in time, after the deadline).
func previewApology(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	newDue, err := types.ParseDateTime(q.Get("new_due_at"))
	if err != nil || newDue.IsZero() {
		return badField("new_due_at", "Cần nhập ngày hẹn trả kết quả mới.")
	}
	reason := strings.TrimSpace(q.Get("apology_reason"))
	if reason == "" {
		return badField("apology_reason", "Cần ghi lý do chậm trễ (phiếu 04).")
	}
	fc, err := loadFormContext(e, e.Request.PathValue("dossier"))
	if err != nil {
		return err
	}
	if !fc.dossier.GetDateTime("apology_at").IsZero() {
		return badField("new_due_at", "Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được điều chỉnh một lần.")
	}
	// The loaded record is this request's copy and is never saved.
	fc.dossier.Set("new_due_at", newDue.Time())
	fc.dossier.Set("apology_reason", reason)
	page, err := fc.page(forms.Apology, url.Values{})
	if err != nil {
		return err
	}
	now := time.Now()
	if data, ok := page.Data.(*forms.NoticeData); ok {
		data.At, data.Reason, data.Signer = now, reason, staffName(e.Auth)
	}
	page.Date = now
	return renderForm(e, page)
}
