package hooks_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/forms"
	"motcua/internal/testapp"
)

// TestDeskApologyPreview renders form 04 of a dossier before the leader saves
// the apology, and writes nothing.
func TestDeskApologyPreview(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	open := demoDossier(t, app, "status = 'processing' && apology_at = ''")
	done := demoDossier(t, app, "apology_at != ''")
	preview := func(id, newDue, reason string) string {
		return "/api/motcua/desk/preview/04/" + id + "?" + url.Values{"new_due_at": {newDue}, "apology_reason": {reason}}.Encode()
	}
	const reason = "Chờ cơ quan cấp huyện trả lời văn bản xác minh."
	nothingSaved := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		d, err := app.FindRecordById("dossiers", open.Id)
		require.NoError(t, err)
		assert.True(t, d.GetDateTime("new_due_at").IsZero(), "a preview writes nothing")
		assert.Empty(t, d.GetString("apology_reason"))
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "a leader sees the slip with the new date in office time", Method: http.MethodGet,
			URL:     preview(open.Id, "2027-01-15 02:00:00.000Z", reason),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{forms.Titles[forms.Apology], open.GetString("code"), reason,
				"đến <b>09 giờ 00 phút, ngày 15/01/2027</b>", "Lê Lãnh Đạo Mẫu"},
			NotExpectedContent: []string{"{{", "<no value>"},
			TestAppFactory:     factory, AfterTestFunc: nothingSaved,
		},
		{
			Name: "the reason is required", Method: http.MethodGet,
			URL:     preview(open.Id, "2027-01-15 02:00:00.000Z", " "),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{`"apology_reason":{"code":"validation_motcua_apology_reason","message":"Cần ghi lý do chậm trễ (phiếu 04)."}`},
			TestAppFactory:  factory,
		},
		{
			Name: "the new date is required", Method: http.MethodGet,
			URL:     preview(open.Id, "15/01/2027", reason),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{`"new_due_at":{"code":"validation_motcua_new_due_at","message":"Cần nhập ngày hẹn trả kết quả mới."}`},
			TestAppFactory:  factory,
		},
		{
			Name: "a dossier apologised for once is not previewed again", Method: http.MethodGet,
			URL:     preview(done.Id, "2027-01-15 02:00:00.000Z", reason),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{"Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được điều chỉnh một lần."},
			TestAppFactory:  factory,
		},
		{
			Name: "a receptionist does not apologise", Method: http.MethodGet,
			URL:     preview(open.Id, "2027-01-15 02:00:00.000Z", reason),
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusForbidden,
			ExpectedContent: []string{"Công chức một cửa không có quyền dùng chức năng này."},
			TestAppFactory:  factory, AfterTestFunc: nothingSaved,
		},
		{
			Name: "guests are asked to sign in", Method: http.MethodGet,
			URL:            preview(open.Id, "2027-01-15 02:00:00.000Z", reason),
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ."},
			TestAppFactory: factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
