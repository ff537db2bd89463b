package hooks_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/calendar"
	"motcua/internal/forms"
	"motcua/internal/testapp"
)

const nationalHeading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

// demoDossier returns the first demo dossier matching filter.
func demoDossier(t *testing.T, app core.App, filter string) *core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter("dossiers", filter, "code", 1, 0)
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no demo dossier with %s", filter)
	return recs[0]
}

func factory(t testing.TB) *tests.TestApp { return testapp.New(t) }

// TestFormsOfDossier prints each of forms 01–06 for a demo dossier it applies
// to, as every staff role that reads dossiers, and refuses guests and forms
// that do not apply.
func TestFormsOfDossier(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	returned := demoDossier(t, app, "status = 'returned' && supplement_count = 0 && apology_at = ''")
	refused := demoDossier(t, app, "status = 'refused'")
	stopped := demoDossier(t, app, "status = 'stopped' && supplement_count > 0")
	apology := demoDossier(t, app, "apology_at != ''")
	submitted := demoDossier(t, app, "status = 'submitted'")
	receptionist := testapp.Auth(t, app, "receptionist")

	ok := func(form string, d *core.Record, role string, extra ...string) tests.ApiScenario {
		return tests.ApiScenario{
			Name:   "form " + form + " as " + role + " for " + d.GetString("status"),
			Method: http.MethodGet, URL: "/api/motcua/forms/" + form + "/" + d.Id,
			Headers:        testapp.Auth(t, app, role),
			ExpectedStatus: http.StatusOK,
			ExpectedContent: append([]string{
				"<!DOCTYPE html>", "Mẫu số " + form, nationalHeading, "Độc lập - Tự do - Hạnh phúc",
				forms.Titles[form], d.GetString("code"), d.GetString("applicant_name"),
				"XÃ NINH XUÂN", "Ninh Xuân, ngày ", `<svg class="qr"`,
				`href="/api/motcua/forms/forms.css"`,
			}, extra...),
			NotExpectedContent: []string{"{{", "<no value>"},
			TestAppFactory:     factory,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
			},
		}
	}
	refuse := func(name, form string, d *core.Record, status int, message string) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: "/api/motcua/forms/" + form + "/" + d.Id,
			Headers: receptionist, ExpectedStatus: status, ExpectedContent: []string{message},
			TestAppFactory: factory,
		}
	}
	scenarios := []tests.ApiScenario{
		ok("01", returned, "receptionist", "Bản chính", "Vào Sổ theo dõi hồ sơ, Quyển số", "Số thứ tự", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
		ok("01", returned, "inspector"),
		ok("01", returned, "specialist"),
		ok("01", returned, "leader"),
		ok("01", returned, "admin"),
		ok("02", stopped, "receptionist", "Thiếu giấy tờ theo quy định.", "Bản sao giấy tờ chứng minh nơi cư trú", "NGƯỜI HƯỚNG DẪN", "0900 000 003"),
		ok("03", refused, "receptionist", "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
		ok("04", apology, "leader", "Kính gửi: Ông/Bà", "Cần xác minh thêm thông tin với cơ quan liên quan.", "xin lỗi Ông/Bà",
			forms.Date(apology.GetDateTime("new_due_at").Time()), "ỦY BAN NHÂN DÂN<br>XÃ NINH XUÂN"),
		ok("05", stopped, "receptionist", "Công dân không bổ sung hồ sơ theo yêu cầu; dừng xử lý.", "TM. ỦY BAN NHÂN DÂN"),
		ok("06", returned, "receptionist", "Tiếp nhận hồ sơ", "Chuyển xử lý", "Trả kết quả", "Ký giao / Ký nhận", "UBND XÃ NINH XUÂN"),
		ok("06", refused, "receptionist", "Từ chối tiếp nhận"),
		{
			Name: "guest is refused", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + returned.Id,
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ"},
			TestAppFactory: factory,
		},
		{
			Name: "guest is refused the log", Method: http.MethodGet, URL: "/api/motcua/forms/07",
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập"}, TestAppFactory: factory,
		},
		refuse("03 for a dossier that was not refused", "03", returned, http.StatusNotFound, "không bị từ chối tiếp nhận"),
		refuse("04 without an apology", "04", returned, http.StatusNotFound, "chưa có phiếu xin lỗi"),
		refuse("05 when not stopped", "05", returned, http.StatusNotFound, "không bị dừng xử lý"),
		refuse("02 without a supplement request", "02", returned, http.StatusNotFound, "không có yêu cầu bổ sung"),
		refuse("01 for a refused dossier", "01", refused, http.StatusNotFound, "đã bị từ chối tiếp nhận"),
		refuse("01 before receipt", "01", submitted, http.StatusNotFound, "chưa được tiếp nhận"),
		refuse("unknown form", "08", returned, http.StatusNotFound, "Không có biểu mẫu số"),
		refuse("07 is per period", "07", returned, http.StatusBadRequest, "in theo kỳ"),
		{
			Name: "unknown dossier", Method: http.MethodGet, URL: "/api/motcua/forms/01/nosuchdossier00",
			Headers: receptionist, ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{"Không tìm thấy hồ sơ"},
			TestAppFactory: factory,
		},
		{
			Name: "by code, listing the forms that apply", Method: http.MethodGet, URL: "/api/motcua/forms/03/" + refused.GetString("code"),
			Headers: receptionist, ExpectedStatus: http.StatusOK, ExpectedContent: []string{refused.GetString("code"), `data-forms="03,06"`},
			TestAppFactory: factory,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "03,06", res.Header.Get("X-Motcua-Forms"))
			},
		},
		{
			Name: "the stylesheet is public and sizes the pages", Method: http.MethodGet, URL: "/api/motcua/forms/forms.css",
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{"@page a5 { size: A5 portrait", "@page a4l { size: A4 landscape"},
			TestAppFactory:  factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestFormQRCode checks that the QR code encodes the public look-up address:
// the request's own origin by default, the office's public_url when set.
func TestFormQRCode(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := demoDossier(t, app, "status = 'returned'")
	auth := testapp.Auth(t, app, "receptionist")

	qrPath := func(url string) string {
		m, err := forms.QRModules(url)
		require.NoError(t, err)
		return forms.QRPath(m)
	}
	res := testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/01/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	lookup := "http://example.com/#/ho-so/" + d.GetString("code")
	assert.Contains(t, res.Body.String(), `d="`+qrPath(lookup)+`"`)
	assert.Contains(t, res.Body.String(), lookup)

	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("settings", map[string]any{"public_url": "https://motcua.ninhxuan.example/"})
	require.NoError(t, app.Save(office))
	res = testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/06/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	lookup = "https://motcua.ninhxuan.example/#/ho-so/" + d.GetString("code")
	assert.Equal(t, lookup, hooks.LookupURL("https://motcua.ninhxuan.example/", d.GetString("code")))
	assert.Contains(t, res.Body.String(), `d="`+qrPath(lookup)+`"`)
}

// TestReceiptExplainsDeadline prints form 01 with ?explain=1 for a dossier
// received the day before the 30 April – 1 May holidays: the explanation names
// the days skipped and why.
func TestReceiptExplainsDeadline(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Staff(t, app, "receptionist")
	proc, err := app.FindFirstRecordByFilter("procedures", "code = '1.004873'") // 3 working days
	require.NoError(t, err)
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	d := core.NewRecord(col)
	received := calendar.MustDate("2026-04-29").At(10, 0)
	d.Load(map[string]any{
		"procedure": proc.Id, "applicant_name": "Nguyễn Thị Lễ Mẫu", "applicant_phone": "0900999001",
		"received_at": received, "fee": 15000, "sets": 1,
		"documents": []map[string]any{{"name": "Tờ khai (theo mẫu)", "kind": "original", "count": 1}},
	})
	require.NoError(t, hooks.SaveAs(app, d, hooks.Actor{ID: clerk.Id, Name: "Trần Một Cửa Mẫu", Role: "receptionist"}))
	auth := testapp.Auth(t, app, "receptionist")

	res := testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/01/"+d.Id+"?explain=1", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	body := res.Body.String()
	for _, want := range []string{
		"Cách tính thời hạn trả kết quả", "Nguyễn Thị Lễ Mẫu", d.GetString("code"),
		"10:00 ngày 29/04/2026", "17:00 ngày 06/05/2026", "15.000 đ",
		"30/04/2026 (Thứ Năm)", "01/05/2026 (Thứ Sáu)", "02/05/2026 (Thứ Bảy)", "03/05/2026 (Chủ nhật)",
		"Ngày làm việc được tính: 04/05/2026, 05/05/2026, 06/05/2026.",
	} {
		assert.Contains(t, body, want)
	}
	assert.Contains(t, body, "Ninh Xuân, ngày 29 tháng 04 năm 2026")

	res = testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/01/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.NotContains(t, res.Body.String(), "Cách tính thời hạn", "the explanation is printed on request only")
}

// TestDossierLog prints form 07 for one period: it lists the dossiers
// received in it, and no others.
func TestDossierLog(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	all, err := app.FindRecordsByFilter("dossiers", "id != ''", "code", 0, 0)
	require.NoError(t, err)
	require.Greater(t, len(all), 100)
	// A period of two office days in the middle of the demo history.
	from := calendar.DateOf(all[len(all)/2].GetDateTime("received_at").Time())
	to := from.AddDays(1)
	var inside, outside []string
	for _, d := range all {
		day := calendar.DateOf(d.GetDateTime("received_at").Time())
		if !day.Before(from) && !day.After(to) {
			inside = append(inside, d.GetString("code"))
		} else {
			outside = append(outside, d.GetString("code"))
		}
	}
	require.NotEmpty(t, inside)

	res := testapp.Do(t, app, testapp.Auth(t, app, "inspector"), http.MethodGet,
		"/api/motcua/forms/07?from="+from.String()+"&to="+to.String(), "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	body := res.Body.String()
	for _, want := range []string{"Mẫu số 07", nationalHeading, "SỔ THEO DÕI HỒ SƠ", `class="sheet a4l"`,
		"Từ ngày " + from.VN() + " đến ngày " + to.VN(), "Đầu chuỗi nhật ký kiểm toán"} {
		assert.Contains(t, body, want)
	}
	for _, code := range inside {
		assert.Contains(t, body, code)
	}
	for _, code := range outside {
		assert.NotContains(t, body, code)
	}
	if seq, hash, err := hooks.AuditHead(app); err == nil && hash != "" {
		assert.Contains(t, body, hash)
		assert.Contains(t, body, "<b>"+strconv.FormatInt(seq, 10)+"</b>")
	}

	for _, q := range []string{"from=2026-13-01", "from=2026-05-02&to=2026-05-01", "from=2024-01-01&to=2026-01-01"} {
		res := testapp.Do(t, app, testapp.Auth(t, app, "inspector"), http.MethodGet, "/api/motcua/forms/07?"+q, "")
		assert.Equal(t, http.StatusBadRequest, res.Code, q)
	}
}

// TestPrintURL checks the link the admin UI shows on dossiers: filled for
// staff with the host they use, never stored, and never a change when the
// admin UI sends it back.
func TestPrintURL(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := demoDossier(t, app, "status = 'processing'")
	auth := testapp.Auth(t, app, "admin")

	res := testapp.Do(t, app, auth, http.MethodGet, "/api/collections/dossiers/records?perPage=5", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"print_url":"http://example.com/print/index.html#01/`)
	res = testapp.Do(t, app, auth, http.MethodGet, "/api/collections/dossiers/records/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Contains(t, res.Body.String(), `"print_url":"http://example.com/print/index.html#01/`+d.Id+`"`)

	res = testapp.Do(t, app, auth, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id,
		`{"print_url":"http://example.com/print/index.html#01/`+d.Id+`"}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	evs, err := app.FindRecordsByFilter("dossier_events", "dossier = {:d}", "-at,-created", 0, 0, map[string]any{"d": d.Id})
	require.NoError(t, err)
	for _, ev := range evs {
		assert.NotContains(t, ev.GetString("note"), "print_url", "sending the link back changes nothing")
	}
	stored, err := app.FindRecordById("dossiers", d.Id)
	require.NoError(t, err)
	assert.Empty(t, stored.GetString("print_url"))

	// The print page itself is served from pb_public.
	res = testapp.Do(t, app, nil, http.MethodGet, "/print/index.html", "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Contains(t, res.Body.String(), "/print/print.js")
}
