package dossier_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/testapp"
)

// TestPaperDatesAreValidated: a received_at that is not a real date is
// refused naming the field instead of being replaced by "now"; a date before
// 2000 (ambiguous in the code's two-digit year) is refused; a future one too;
// a paper date older than the office's bound needs the admin (issue 14, row 5).
func TestPaperDatesAreValidated(t *testing.T) {
	now := time.Now()
	utc := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
	old, recent := now.AddDate(0, 0, -35), now.AddDate(0, 0, -10)
	field := func(msg string) []string {
		return []string{`"message":"` + msg + `"`, `"received_at":{"code":"validation_motcua_received_at","message":"` + msg + `"`}
	}
	unreal := func(raw string) []string {
		return field(`Thời điểm tiếp nhận \"` + raw + `\" không phải là ngày giờ có thật: nhập theo dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM:SS.`)
	}
	tooOld := fmt.Sprintf("Thời điểm tiếp nhận %s đã quá 30 ngày: chỉ quản trị được nhập hồ sơ giấy cũ như vậy.", calendar.FormatDate(old))
	cases := []struct {
		name, receivedAt, role, settings string
		status                           int
		content                          []string
	}{
		{"29 February of a common year", "2026-02-29", access.Receptionist, "", 400, unreal("2026-02-29")},
		{"Go's zero date", "0001-01-01", access.Receptionist, "", 400, unreal("0001-01-01")},
		{"a word", "yesterday", access.Receptionist, "", 400, unreal("yesterday")},
		{"a month 13", "2026-13-01", access.Admin, "", 400, unreal("2026-13-01")},
		{"day first", "20/11/2026", access.Receptionist, "", 400, unreal("20/11/2026")},
		{"1900, even for the admin", "1900-01-01", access.Admin, "", 400,
			field("Thời điểm tiếp nhận 01/01/1900 không hợp lệ: mã hồ sơ ghi năm bằng hai chữ số, chỉ nhận ngày từ 01/01/2000.")},
		{"in the future", utc(now.Add(48 * time.Hour)), access.Receptionist, "", 400,
			field("Thời điểm tiếp nhận không được ở tương lai.")},
		{"35 days ago by a clerk", utc(old), access.Receptionist, "", 400, field(tooOld)},
		{"35 days ago by the admin", utc(old), access.Admin, "", 200, []string{`"received_at":"` + utc(old) + `"`}},
		{"35 days ago with a bound of 60", utc(old), access.Receptionist, `{"paper_date_days":60}`, 200, []string{`"received_at":"` + utc(old) + `"`}},
		{"10 days ago by a clerk", utc(recent), access.Receptionist, "", 200, []string{`"received_at":"` + utc(recent) + `"`}},
		{"a date without a time", recent.UTC().Format("2006-01-02"), access.Receptionist, "", 200,
			[]string{`"received_at":"` + recent.UTC().Format("2006-01-02") + ` 00:00:00.000Z"`}},
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name:   c.name,
			Method: http.MethodPost, URL: "/api/collections/dossiers/records",
			ExpectedStatus: c.status, ExpectedContent: c.content,
		}
		s.TestAppFactory = func(t testing.TB) *tests.TestApp {
			app := testapp.New(t)
			if c.settings != "" {
				office, err := app.FindFirstRecordByFilter("office", "id != ''")
				require.NoError(t, err)
				office.Set("settings", c.settings)
				require.NoError(t, app.Save(office))
			}
			s.Headers = testapp.Auth(t, app, c.role)
			s.Body = strings.NewReader(fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","received_at":%q}`,
				testapp.ProcedureID(t, app, "1.004873"), c.receivedAt))
			return app
		}
		if c.status == 200 {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				d, err := app.FindFirstRecordByFilter("dossiers", "applicant_name = 'Trần Thị Mẫu'")
				require.NoError(t, err)
				received := d.GetDateTime("received_at").Time()
				assert.Contains(t, d.GetString("code"), "-"+received.In(calendar.Location).Format("060102")+"-", "the code carries the paper date")
			}
		}
		s.Test(t)
	}
}
