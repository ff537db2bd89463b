package public_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/internal/access"
	"motcua/testapp"
)

// TestPublicDossierLookupHidesPersonalData: the look-up shows the status,
// dates and steps of a dossier, the name masked, and nothing that reaches
// the applicant.
func TestPublicDossierLookupHidesPersonalData(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rec := testapp.NewDossier(t, app, "1.004873", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	specialist := testapp.Staff(t, app, "specialist")
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "processing", "assignee": specialist.Id, "note": "Chuyển cho " + testapp.CitizenName}, testapp.ByRole(access.Receptionist))
	code := rec.GetString("code")

	for _, url := range []string{"/api/motcua/dossiers/" + code, "/api/motcua/dossiers/" + strings.ToLower(code)} {
		res := testapp.Do(t, app, pubFactor, http.MethodGet, url, "")
		require.Equal(t, 200, res.Code, res.Body.String())
		body := res.Body.String()
		for _, secret := range []string{testapp.CitizenPhone, "0900123987", testapp.CitizenIDNo, testapp.CitizenAddress, "Kiểm Thử", testapp.CitizenEmail, "thunghiem",
			testapp.CitizenName, "Thửnghiệm", "Văn", "applicant_phone", "applicant_email", "applicant_address", "applicant_id_number", "Chuyển cho"} {
			require.NotContains(t, body, secret, "the public look-up must not show %q", secret)
		}
		d := pubDecode(t, res)
		require.Equal(t, code, d["code"])
		require.Equal(t, "processing", d["status"])
		require.Equal(t, "Đang xử lý", d["status_label"])
		require.EqualValues(t, 4, d["status_code"])
		require.Equal(t, "Nguyễn V** T**", d["applicant"])
		require.Equal(t, "Cấp Giấy xác nhận tình trạng hôn nhân", d["procedure"].(map[string]any)["name"])
		require.Equal(t, rec.GetDateTime("due_at").Time().Unix(), pubParseTime(t, d["due_at"]).Unix())
		require.Equal(t, rec.GetDateTime("received_at").Time().Unix(), pubParseTime(t, d["received_at"]).Unix())
		require.True(t, strings.HasSuffix(d["due_at"].(string), "+07:00"), "office time")
		require.Nil(t, d["apology"])
		steps := d["timeline"].([]any)
		require.Len(t, steps, 2)
		require.Equal(t, "Tiếp nhận hồ sơ", steps[0].(map[string]any)["label"])
		require.Equal(t, "Chuyển xử lý", steps[1].(map[string]any)["label"])
		require.Equal(t, "Đang xử lý", steps[1].(map[string]any)["status_label"])
		require.NotEmpty(t, steps[1].(map[string]any)["at"])
	}
}

func TestPublicDossierApology(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rec := testapp.NewDossier(t, app, "1.001612", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	specialist := testapp.Staff(t, app, "specialist")
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "processing", "assignee": specialist.Id}, testapp.ByRole(access.Receptionist))
	newDue := rec.GetDateTime("due_at").Time().AddDate(0, 0, 7)
	rec.Set("new_due_at", newDue)
	rec.Set("apology_reason", "Cần xác minh thêm với cơ quan thuế")
	require.NoError(t, dossier.SaveAs(app, rec, dossier.Actor{Role: "leader", At: time.Now()}))

	res := testapp.Do(t, app, pubFactor, http.MethodGet, "/api/motcua/dossiers/"+rec.GetString("code"), "")
	require.Equal(t, 200, res.Code, res.Body.String())
	d := pubDecode(t, res)
	require.Equal(t, newDue.Unix(), pubParseTime(t, d["new_due_at"]).Unix())
	ap := d["apology"].(map[string]any)
	require.Equal(t, "Cần xác minh thêm với cơ quan thuế", ap["reason"])
	require.NotEmpty(t, ap["at"])
}

// TestPublicDossierSupplementWait: a dossier waiting for the citizen's
// supplement tells the holder of the receipt what is missing and that the
// clock is paused; the code alone says only that the clock is paused. The
// officer who asked and the request's reason (a staff note) are not shown.
func TestPublicDossierSupplementWait(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rec := testapp.NewDossier(t, app, "1.004873", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	specialist := testapp.Staff(t, app, "specialist")
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "processing", "assignee": specialist.Id}, testapp.ByRole(access.Receptionist))
	rec.Load(map[string]any{"status": "supplement_requested", "note": "Ghi chú nội bộ của chuyên viên",
		"missing_items": []map[string]any{{"name": "Bản sao Giấy chứng tử của chồng", "kind": "certified_copy", "count": 2}, {"name": "Tờ khai ký đủ"}}})
	require.NoError(t, dossier.SaveAs(app, rec, dossier.Actor{ID: specialist.Id, Role: "specialist", Name: "Lê Chuyên Viên Mẫu", At: time.Now()}))
	url := "/api/motcua/dossiers/" + rec.GetString("code")

	res := testapp.Do(t, app, pubFactor, http.MethodGet, url, "")
	require.Equal(t, 200, res.Code, res.Body.String())
	require.NotContains(t, res.Body.String(), "Ghi chú nội bộ")
	require.NotContains(t, res.Body.String(), specialist.Id)
	require.NotContains(t, res.Body.String(), "Chuyên Viên Mẫu")
	d := pubDecode(t, res)
	require.Equal(t, true, d["clock_paused"])
	sup := d["supplement"].(map[string]any)
	require.Equal(t, rec.GetDateTime("paused_at").Time().Unix(), pubParseTime(t, sup["paused_at"]).Unix())
	require.Equal(t, false, sup["overdue_at_pause"])
	require.Equal(t, []any{
		map[string]any{"name": "Bản sao Giấy chứng tử của chồng", "kind": "certified_copy", "kind_label": "Bản sao có chứng thực", "kind_label_en": "Certified copy", "count": 2.0},
		map[string]any{"name": "Tờ khai ký đủ", "kind": "", "kind_label": "", "kind_label_en": "", "count": 1.0},
	}, sup["items"])

	res = testapp.Do(t, app, nil, http.MethodGet, url, "")
	require.Equal(t, 200, res.Code, res.Body.String())
	require.NotContains(t, res.Body.String(), "Bản sao Giấy chứng tử", "the items are shown only with the second factor")
	require.Equal(t, true, pubDecode(t, res)["clock_paused"])

	// The supplement arrives: no pause, no open request.
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "processing"}, testapp.ByRole(access.Receptionist))
	d = pubDecode(t, testapp.Do(t, app, pubFactor, http.MethodGet, url, ""))
	require.Equal(t, false, d["clock_paused"])
	require.Nil(t, d["supplement"])
}

func TestPublicDossierBadCodes(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{Name: "malformed", Method: http.MethodGet, URL: "/api/motcua/dossiers/abc", ExpectedStatus: 400,
			ExpectedContent: []string{"Mã hồ sơ không đúng định dạng"}},
		{Name: "no sequence", Method: http.MethodGet, URL: "/api/motcua/dossiers/H15.50.05.13-261008", ExpectedStatus: 400,
			ExpectedContent: []string{"Mã hồ sơ không đúng định dạng"}},
		{Name: "injection attempt", Method: http.MethodGet, URL: "/api/motcua/dossiers/x'%20OR%201=1--", ExpectedStatus: 400,
			ExpectedContent: []string{"Mã hồ sơ không đúng định dạng"}},
		{Name: "unknown", Method: http.MethodGet, URL: "/api/motcua/dossiers/H15.50.05.13-990101-9999", ExpectedStatus: 404,
			ExpectedContent: []string{"Không tìm thấy hồ sơ có mã H15.50.05.13-990101-9999"}},
	}
	for _, s := range scenarios {
		s.TestAppFactory = func(t testing.TB) *tests.TestApp { return testapp.New(t) }
		s.Test(t)
	}
}

func TestMaskNameExamples(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	cases := map[string]string{
		"Nguyễn Văn An":        "Nguyễn V** A**",
		"Trần Thị Ánh Tuyết":   "Trần T** Á** T**",
		"  Lê   Minh ":         "Lê M**",
		"Đặng":                 "Đ**",
		"Âu Dương Phong Thanh": "Âu D** P** T**",
	}
	for name, want := range cases {
		rec := testapp.NewDossier(t, app, "2.000884", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
		rec.Set("applicant_name", name)
		require.NoError(t, dossier.SaveAs(app, rec, dossier.Actor{Role: "receptionist"}))
		res := testapp.Do(t, app, pubFactor, http.MethodGet, "/api/motcua/dossiers/"+rec.GetString("code"), "")
		require.Equal(t, want, pubDecode(t, res)["applicant"], name)
	}
}

func pubParseTime(t testing.TB, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	tm, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err, "time %q", s)
	return tm
}
