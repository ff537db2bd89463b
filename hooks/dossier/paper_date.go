package dossier

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/kit"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/calendar"
)

// Paper dates (ngày tiếp nhận trên giấy). A clerk typing in a dossier that
// was received on paper earlier gives its `received_at` (DESIGN: the deadline
// counts from it). PocketBase reads a date it cannot parse, or one that does
// not exist (29/02/2026), as empty, and the dossier was then silently
// received "now"; a date in 1900 was accepted and coded …-000101-… (a code
// holds the year in two digits, Circular 01/2018 Art. 19, so it reads as
// 2000) with a due date in 1900. The request's own text is therefore checked
// here, before PocketBase's reading of it: a date that is not a real date, or
// one before 2000, is refused naming the field; a date in the future is
// refused by the dossier rules. A paper date older than the office's bound
// (office.settings.paper_date_days, 30 days by default) is a late entry the
// self-inspection flags (rule late_entry); only the admin may enter one that
// old, so that it is a deliberate act of the IT officer, audited as theirs.

// paperDateDefaultDays bounds how old a paper date staff may enter.
const paperDateDefaultDays = 30

// paperDateFloor is the first date a dossier code can carry unambiguously.
var paperDateFloor = time.Date(2000, 1, 1, 0, 0, 0, 0, calendar.Location)

func RegisterPaperDates(app core.App) {
	app.OnRecordCreateRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
		// The body as sent: RequestInfo's holds PocketBase's reading of it,
		// where a date it could not read is already empty.
		body := map[string]any{}
		if err := e.BindBody(&body); err != nil {
			return e.BadRequestError("Không đọc được dữ liệu gửi lên.", err)
		}
		raw, given := body["received_at"]
		if !given || raw == nil || raw == "" {
			return e.Next()
		}
		role := ""
		if e.Auth != nil {
			role = kit.StaffRole(e.Auth)
		}
		if err := checkPaperDate(e.App, raw, role, time.Now()); err != nil {
			return err
		}
		return e.Next()
	})
}

// checkPaperDate checks the received_at a request gave (raw, as sent) for a
// staff member of role at now.
func checkPaperDate(app core.App, raw any, role string, now time.Time) error {
	text, ok := raw.(string)
	text = strings.TrimSpace(text)
	var at time.Time
	if ok {
		if d, err := types.ParseDateTime(text); err == nil {
			at = d.Time()
		}
	}
	if !ok || at.IsZero() {
		return kit.BadField("received_at", fmt.Sprintf("Thời điểm tiếp nhận \"%v\" không phải là ngày giờ có thật: nhập theo dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM:SS.", raw))
	}
	if at.Before(paperDateFloor) {
		return kit.BadField("received_at", fmt.Sprintf("Thời điểm tiếp nhận %s không hợp lệ: mã hồ sơ ghi năm bằng hai chữ số, chỉ nhận ngày từ 01/01/2000.", calendar.FormatDate(at)))
	}
	days := paperDateDays(app)
	if role != access.Admin && at.Before(now.AddDate(0, 0, -days)) {
		return kit.BadField("received_at", fmt.Sprintf("Thời điểm tiếp nhận %s đã quá %d ngày: chỉ quản trị được nhập hồ sơ giấy cũ như vậy.", calendar.FormatDate(at), days))
	}
	return nil
}

// paperDateDays is office.settings.paper_date_days, or the default.
func paperDateDays(app core.App) int {
	office, err := office.FindOffice(app)
	if err != nil {
		return paperDateDefaultDays
	}
	var s struct {
		Days *int `json:"paper_date_days"`
	}
	if office.UnmarshalJSONField("settings", &s) != nil || s.Days == nil || *s.Days < 0 {
		return paperDateDefaultDays
	}
	return *s.Days
}
