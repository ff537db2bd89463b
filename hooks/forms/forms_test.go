package forms_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	"motcua/hooks/forms"
	"motcua/internal/calendar"
	formdata "motcua/internal/forms"
	"motcua/testapp"
)

const nationalHeading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

// TestFormsOfDossier prints each of forms 01–06 for a demo dossier it applies
// to, as every staff role that reads dossiers, and refuses guests and forms
// that do not apply.
func TestFormsOfDossier(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	returned := testapp.DemoDossier(t, app, "status = 'returned' && supplement_count = 0 && apology_at = '' && channel = 'in_person'")
	refused := testapp.DemoDossier(t, app, "status = 'refused'")
	stopped := testapp.DemoDossier(t, app, "status = 'stopped' && supplement_count > 0")
	apology := testapp.DemoDossier(t, app, "apology_at != ''")
	submitted := testapp.DemoDossier(t, app, "status = 'submitted'")
	receptionist := testapp.Auth(t, app, "receptionist")

	ok := func(form string, d *core.Record, role string, extra ...string) tests.ApiScenario {
		return tests.ApiScenario{
			Name:   "form " + form + " as " + role + " for " + d.GetString("status"),
			Method: http.MethodGet, URL: "/api/motcua/forms/" + form + "/" + d.Id,
			Headers:        testapp.Auth(t, app, role),
			ExpectedStatus: http.StatusOK,
			ExpectedContent: append([]string{
				"<!DOCTYPE html>", "Mẫu số " + form, nationalHeading, "Độc lập - Tự do - Hạnh phúc",
				formdata.Titles[form], d.GetString("code"), d.GetString("applicant_name"),
				"XÃ NINH XUÂN", "Ninh Xuân, ngày ", `href="/api/motcua/forms/forms.css"`,
			}, extra...),
			NotExpectedContent: []string{"{{", "<no value>", "Bộ phận Một cửa", "BỘ PHẬN MỘT CỬA"},
			TestAppFactory:     testapp.New,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
				// A document: no script may run in it, nothing may frame it.
				assert.Equal(t, "default-src 'none'; style-src 'self'; img-src 'self' data:", res.Header.Get("Content-Security-Policy"))
				assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
				assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
			},
		}
	}
	// The one-stop unit since 1 July 2025 (Decree 118/2025/NĐ-CP), heading
	// the slips under the committee.
	unit := []string{"<p class=\"org1\">UBND XÃ NINH XUÂN</p>\n<p class=\"org2\">TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG</p>"}
	// Forms 04 and 05 are letters of the committee (Decree 30/2020 Annex I).
	letter := []string{"<p class=\"org2\">ỦY BAN NHÂN DÂN<br>XÃ NINH XUÂN</p>", "<b><i>Nơi nhận:</i></b>", "<p>- Như trên;</p>",
		"<p class=\"role\">TM. ỦY BAN NHÂN DÂN</p>", "<p class=\"role\">KT. CHỦ TỊCH</p><p class=\"role\">PHÓ CHỦ TỊCH</p>",
		"<p class=\"name\">Lê Lãnh Đạo Mẫu</p>"}
	refuse := func(name, form string, d *core.Record, status int, message string) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: "/api/motcua/forms/" + form + "/" + d.Id,
			Headers: receptionist, ExpectedStatus: status, ExpectedContent: []string{message},
			TestAppFactory: testapp.New,
		}
	}
	scenarios := []tests.ApiScenario{
		ok("01", returned, "receptionist", append(unit, "Bản chính", "Vào Sổ theo dõi hồ sơ, Quyển số", "Số thứ tự", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
			"<h1>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</h1>", "<p class=\"copy\">(Liên 1: Lưu; Liên 2: Giao người nộp)</p>",
			"<p>Trung tâm Phục vụ hành chính công xã Ninh Xuân tiếp nhận hồ sơ của: <b>"+returned.GetString("applicant_name")+"</b></p>",
			"<p>6. Đăng ký nhận kết quả tại:</p>", "<li>☒ Trung tâm Phục vụ hành chính công xã Ninh Xuân</li>", "<li>☐ Qua dịch vụ bưu chính công ích</li>", "<li>☐ Trực tuyến (Cổng Dịch vụ công quốc gia)</li>")...),
		ok("01", returned, "inspector"),
		ok("01", returned, "specialist"),
		ok("01", returned, "leader"),
		ok("01", returned, "admin"),
		ok("02", stopped, "receptionist", append(unit, "Thiếu giấy tờ theo quy định.", "Bản sao giấy tờ chứng minh nơi cư trú", "NGƯỜI HƯỚNG DẪN", "0900 000 003",
			"<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>",
			"thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết")...),
		ok("03", refused, "receptionist", append(unit, "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã", "NGƯỜI TIẾP NHẬN HỒ SƠ",
			"Qua xem xét, Trung tâm Phục vụ hành chính công xã Ninh Xuân thông báo không tiếp nhận, giải quyết hồ sơ này")...),
		ok("04", apology, "leader", append(letter, "Kính gửi: Ông/Bà", "Cần xác minh thêm thông tin với cơ quan liên quan.", "xin lỗi Ông/Bà",
			formdata.Date(apology.GetDateTime("new_due_at").Time()), "/UBND-TTPVHCC</p>",
			"<p class=\"gist\">V/v xin lỗi và đề nghị gia hạn<br>thời gian giải quyết hồ sơ</p>",
			"đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến <b>"+formdata.Hour(apology.GetDateTime("new_due_at").Time())+"</b>")...),
		ok("05", stopped, "receptionist", append(letter, "Công dân không bổ sung hồ sơ theo yêu cầu; dừng xử lý.", "/TB-UBND</p>",
			"<h1>THÔNG BÁO</h1>\n<p class=\"gist-title\">Về việc dừng giải quyết hồ sơ</p>",
			"Ủy ban nhân dân xã Ninh Xuân thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày "+formdata.Date(stopped.GetDateTime("ended_at").Time()))...),
		ok("06", returned, "receptionist", append(unit, "Tiếp nhận hồ sơ", "Chuyển xử lý", "Trả kết quả", "UBND XÃ NINH XUÂN",
			"<p>Cơ quan (bộ phận) giải quyết hồ sơ: <b>Ủy ban nhân dân xã Ninh Xuân</b>.</p>",
			"<p>Cơ quan phối hợp giải quyết hồ sơ: ",
			"Giao: Người nộp hồ sơ ("+returned.GetString("applicant_name")+")<br>Nhận: Trung tâm Phục vụ hành chính công xã Ninh Xuân (Trần Một Cửa Mẫu)",
			"<td class=\"s\">Người giao<br><span class=\"small\">(Ký)</span></td><td class=\"s\">Người nhận<br><span class=\"small\">(Ký)</span></td>",
			"(Trước hạn/Đúng hạn/Quá hạn)")...),
		ok("06", refused, "receptionist", "Từ chối tiếp nhận"),
		{
			Name: "guest is refused", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + returned.Id,
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ"},
			TestAppFactory: testapp.New,
		},
		{
			Name: "guest is refused the log", Method: http.MethodGet, URL: "/api/motcua/forms/07",
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập"}, TestAppFactory: testapp.New,
		},
		refuse("03 for a dossier that was not refused", "03", returned, http.StatusNotFound, "không bị từ chối tiếp nhận"),
		refuse("04 without an apology", "04", returned, http.StatusNotFound, "chưa có văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04)"),
		refuse("05 when not stopped", "05", returned, http.StatusNotFound, "không có thông báo dừng giải quyết hồ sơ (mẫu 05)"),
		refuse("02 without a supplement request", "02", returned, http.StatusNotFound, "không có yêu cầu bổ sung"),
		refuse("01 for a refused dossier", "01", refused, http.StatusNotFound, "đã bị từ chối tiếp nhận"),
		refuse("01 before receipt", "01", submitted, http.StatusNotFound, "chưa được tiếp nhận"),
		refuse("unknown form", "08", returned, http.StatusNotFound, "Không có biểu mẫu số"),
		refuse("07 is per period", "07", returned, http.StatusBadRequest, "in theo kỳ"),
		{
			Name: "unknown dossier", Method: http.MethodGet, URL: "/api/motcua/forms/01/nosuchdossier00",
			Headers: receptionist, ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{"Không tìm thấy hồ sơ"},
			TestAppFactory: testapp.New,
		},
		{
			Name: "by code, listing the forms that apply", Method: http.MethodGet, URL: "/api/motcua/forms/03/" + refused.GetString("code"),
			Headers: receptionist, ExpectedStatus: http.StatusOK, ExpectedContent: []string{refused.GetString("code"), `data-forms="03,06"`},
			TestAppFactory: testapp.New,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "03,06", res.Header.Get("X-Motcua-Forms"))
			},
		},
		{
			Name: "the stylesheet is public and sizes the pages", Method: http.MethodGet, URL: "/api/motcua/forms/forms.css",
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{"@page a5 { size: A5 portrait", "@page a4l { size: A4 landscape"},
			TestAppFactory:  testapp.New,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// setPublicURL sets the office's public address (settings.public_url).
func setPublicURL(t testing.TB, app core.App, site string) {
	t.Helper()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("settings", map[string]any{"public_url": site})
	require.NoError(t, app.Save(office))
}

// TestFormQRCode checks that the QR code encodes the public look-up address
// of the office's public_url, and that without it no request header makes
// one up (security issue 12, row 16).
func TestFormQRCode(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := testapp.DemoDossier(t, app, "status = 'returned'")
	auth := testapp.Auth(t, app, "receptionist")
	qrPath := func(url string) string {
		m, err := formdata.QRModules(url)
		require.NoError(t, err)
		return formdata.QRPath(m)
	}
	forged := map[string]string{"Authorization": auth["Authorization"], "Host": "motcua.evil.example", "X-Forwarded-Proto": "https"}
	withSite := func(t testing.TB) *tests.TestApp {
		app := testapp.New(t)
		setPublicURL(t, app, "https://motcua.ninhxuan.example/")
		return app
	}
	lookup := "https://motcua.ninhxuan.example/#/ho-so/" + d.GetString("code")
	assert.Equal(t, lookup, forms.LookupURL("https://motcua.ninhxuan.example/", d.GetString("code")))
	scenarios := []tests.ApiScenario{
		{
			Name: "no public_url: no QR code, a notice, nothing from the request's host", Method: http.MethodGet,
			URL: "/api/motcua/forms/01/" + d.Id, Headers: forged, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`<figure class="qr-box no-qr"><figcaption>Tra cứu hồ sơ bằng mã hồ sơ trên trang công khai của cơ quan (chưa in mã QR: quản trị chưa khai báo địa chỉ trang công khai).</figcaption></figure>`},
			NotExpectedContent: []string{`<svg class="qr"`, "evil.example", "example.com", "/#/ho-so/"},
			TestAppFactory:     testapp.New,
		},
		{
			Name: "public_url: the QR code of the configured address, whatever the request says", Method: http.MethodGet,
			URL: "/api/motcua/forms/06/" + d.Id, Headers: forged, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`<svg class="qr"`, `d="` + qrPath(lookup) + `"`, "Tra cứu hồ sơ:<br>" + lookup},
			NotExpectedContent: []string{"evil.example", "no-qr"},
			TestAppFactory:     withSite,
		},
		{
			Name: "a public_url that is not an http(s) address is ignored", Method: http.MethodGet,
			URL: "/api/motcua/forms/01/" + d.Id, Headers: forged, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{"no-qr"},
			NotExpectedContent: []string{`<svg class="qr"`, "javascript"},
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := testapp.New(t)
				setPublicURL(t, app, "javascript:alert(1)")
				return app
			},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// Ids of the dossiers made by the scenarios below, so that their URLs are
// known before each scenario's app is made.
const (
	lateID      = "formslatedoss01"
	guidedID    = "formsguidedos01"
	uncodedID   = "formsuncoded001"
	leaderName  = "Lê Lãnh Đạo Mẫu"
	clerkName   = "Trần Một Cửa Mẫu"
	chairmanSet = "Lê Lãnh Đạo Mẫu"
)

// receiveAs saves a dossier with id of the procedure with the national code
// proc, entered by the demo receptionist at received (status "" = received).
func receiveAs(t testing.TB, app core.App, id, proc, status string, received time.Time, set map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Id = id
	d.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, proc), "applicant_name": "Nguyễn Thị Mẫu Thử", "applicant_phone": "0900999002",
		"applicant_address": "Thôn Mẫu 2, xã Ninh Xuân (địa chỉ minh họa)", "received_at": received, "status": status})
	d.Load(set)
	clerk := testapp.Staff(t, app, "receptionist")
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: clerk.Id, Name: clerkName, Role: "receptionist", At: received}))
	return d
}

// stepAs saves a change of d as the demo staff member of role at a time.
func stepAs(t testing.TB, app core.App, d *core.Record, role, name string, at time.Time, set map[string]any) {
	t.Helper()
	d.Load(set)
	staff := testapp.Staff(t, app, role)
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: staff.Id, Name: name, Role: role, At: at}))
}

// lateApp has a dossier of 3 working days received on 5 January 2027 with
// nothing recorded of its papers or fee, then an apology with a new date on
// 6 January and a stop on 7 January: the first letters of 2027.
func lateApp(chairman string) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := testapp.New(t)
		if chairman != "" {
			office, err := app.FindFirstRecordByFilter("office", "id != ''")
			require.NoError(t, err)
			office.Set("chairman", chairman)
			require.NoError(t, app.Save(office))
		}
		received := calendar.MustDate("2027-01-05").At(9, 30)
		d := receiveAs(t, app, lateID, "1.004873", "", received, nil) // Cấp Giấy xác nhận tình trạng hôn nhân
		stepAs(t, app, d, "leader", leaderName, calendar.MustDate("2027-01-06").At(8, 15), map[string]any{
			"new_due_at": calendar.MustDate("2027-01-15").At(17, 0), "apology_reason": "Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây."})
		return app
	}
}

// TestLettersOfTheCommittee prints forms 04 and 05 as official letters: the
// number from the letters' own register of the year, the date line of Decree
// 30/2020, and the signer's title under "TM. ỦY BAN NHÂN DÂN".
func TestLettersOfTheCommittee(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	leader := testapp.Auth(t, app, "leader")
	stopped := func(chairman string) func(t testing.TB) *tests.TestApp {
		return func(t testing.TB) *tests.TestApp {
			app := lateApp(chairman)(t)
			d, err := app.FindRecordById("dossiers", lateID)
			require.NoError(t, err)
			stepAs(t, app, d, "leader", leaderName, calendar.MustDate("2027-01-07").At(14, 0), map[string]any{
				"status": "stopped", "note": "Người nộp hồ sơ đề nghị dừng giải quyết."})
			return app
		}
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "form 04 signed by a vice-chairman", Method: http.MethodGet, URL: "/api/motcua/forms/04/" + lateID,
			Headers: leader, ExpectedStatus: http.StatusOK, TestAppFactory: lateApp(""),
			ExpectedContent: []string{
				"<p class=\"number\">Số: 01/UBND-TTPVHCC</p>",
				"<p class=\"dateline\">Ninh Xuân, ngày 06 tháng 01 năm 2027</p>",
				"<p class=\"gist\">V/v xin lỗi và đề nghị gia hạn<br>thời gian giải quyết hồ sơ</p>",
				"Kính gửi: Ông/Bà <b>Nguyễn Thị Mẫu Thử</b>, Thôn Mẫu 2, xã Ninh Xuân (địa chỉ minh họa).",
				"Ngày 05/01/2027, Trung tâm Phục vụ hành chính công xã Ninh Xuân tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục <b>Cấp Giấy xác nhận tình trạng hôn nhân</b>",
				"thời hạn trả kết quả giải quyết hồ sơ theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả là 17 giờ 00 phút, ngày 08/01/2027.",
				"Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây.",
				"đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến <b>17 giờ 00 phút, ngày 15/01/2027</b>",
				"<p class=\"role\">TM. ỦY BAN NHÂN DÂN</p>\n<p class=\"role\">KT. CHỦ TỊCH</p><p class=\"role\">PHÓ CHỦ TỊCH</p>",
				"<p class=\"name\">Lê Lãnh Đạo Mẫu</p>", "<b><i>Nơi nhận:</i></b>",
			},
			NotExpectedContent: []string{"<h1>", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
		},
		{
			Name: "form 04 signed by the chairman", Method: http.MethodGet, URL: "/api/motcua/forms/04/" + lateID,
			Headers: leader, ExpectedStatus: http.StatusOK, TestAppFactory: lateApp(chairmanSet),
			ExpectedContent:    []string{"<p class=\"role\">TM. ỦY BAN NHÂN DÂN</p>\n<p class=\"role\">CHỦ TỊCH</p>\n<p class=\"space\"></p><p class=\"name\">Lê Lãnh Đạo Mẫu</p>"},
			NotExpectedContent: []string{"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"},
		},
		{
			Name: "form 05, the notice", Method: http.MethodGet, URL: "/api/motcua/forms/05/" + lateID,
			Headers: leader, ExpectedStatus: http.StatusOK, TestAppFactory: stopped(""),
			ExpectedContent: []string{
				"<p class=\"number\">Số: 01/TB-UBND</p>",
				"<p class=\"dateline\">Ninh Xuân, ngày 07 tháng 01 năm 2027</p>",
				"<h1>THÔNG BÁO</h1>\n<p class=\"gist-title\">Về việc dừng giải quyết hồ sơ</p>",
				"Ủy ban nhân dân xã Ninh Xuân thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 07/01/2027, lý do:",
				"Người nộp hồ sơ đề nghị dừng giải quyết.",
				"<p class=\"role\">TM. ỦY BAN NHÂN DÂN</p>\n<p class=\"role\">KT. CHỦ TỊCH</p><p class=\"role\">PHÓ CHỦ TỊCH</p>",
			},
			NotExpectedContent: []string{"THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ", "Ngày 07/01/2027, Ủy ban nhân dân xã Ninh Xuân dừng xử lý"},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestReceiptAsIssued prints form 01 as it was issued: the procedure's papers
// when none were recorded, the fee line of the procedure rather than "Không
// thu", and, reprinted after an apology, the appointment of the receipt.
func TestReceiptAsIssued(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, "receptionist")
	s := tests.ApiScenario{
		Name: "receipt reprinted after an apology", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + lateID,
		Headers: clerk, ExpectedStatus: http.StatusOK, TestAppFactory: lateApp(""),
		ExpectedContent: []string{
			"<p class=\"dateline\">Ninh Xuân, ngày 05 tháng 01 năm 2027</p>",
			"<td>Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)</td><td class=\"k\">1</td>",
			"<td>Giấy tờ tùy thân có ảnh (CCCD, hộ chiếu) của người nộp</td>",
			"<p>7. Phí, lệ phí: 15.000 đ/trường hợp.</p>",
			"<p>4. Thời gian nhận hồ sơ: <b>09 giờ 30 phút, ngày 05/01/2027</b>.</p>",
			"<p>5. Thời gian trả kết quả giải quyết hồ sơ: <b>17 giờ 00 phút, ngày 08/01/2027</b>.</p>",
			"<li>☒ Trung tâm Phục vụ hành chính công xã Ninh Xuân</li>",
			"<p class=\"name\">Trần Một Cửa Mẫu</p>",
		},
		NotExpectedContent: []string{"Không thu", "15/01/2027", "xin lỗi", "……………………………………</td>"},
	}
	s.Test(t)
}

// TestFormsBeforeReceipt: an incomplete dossier handed in is guided in
// writing on form 02 and not received, so it gets no form 01, and a dossier
// without a code (as the intake check leaves it) prints without one.
func TestFormsBeforeReceipt(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, "receptionist")
	guided := func(uncoded bool) func(t testing.TB) *tests.TestApp {
		return func(t testing.TB) *tests.TestApp {
			app := testapp.New(t)
			id := guidedID
			if uncoded {
				id = uncodedID
			}
			receiveAs(t, app, id, "1.004873", "submitted", calendar.MustDate("2026-06-18").At(10, 0), map[string]any{
				"channel": "in_person", "note": "Thiếu bản sao giấy chứng tử của chồng.",
				"missing_items": []map[string]any{{"name": "Giấy chứng tử của chồng (bản sao)", "kind": "copy", "count": 1}},
			})
			if uncoded {
				_, err := app.DB().NewQuery("UPDATE dossiers SET code = '', due_at = '', original_due_at = '' WHERE id = {:id}").
					Bind(map[string]any{"id": id}).Execute()
				require.NoError(t, err)
			}
			return app
		}
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "form 02 for a dossier guided at the counter", Method: http.MethodGet, URL: "/api/motcua/forms/02/" + guidedID,
			Headers: clerk, ExpectedStatus: http.StatusOK, TestAppFactory: guided(false),
			ExpectedContent: []string{
				"<p class=\"dateline\">Ninh Xuân, ngày 18 tháng 6 năm 2026</p>",
				"<td>Giấy chứng tử của chồng (bản sao)</td><td class=\"k\"></td><td class=\"k\"></td><td class=\"k\">1</td>",
				"<p>Lý do: Thiếu bản sao giấy chứng tử của chồng.</p>",
				"<p class=\"note\">Hồ sơ chưa được tiếp nhận: thời hạn giải quyết được tính từ khi nhận đủ hồ sơ hợp lệ.</p>",
				"<p class=\"name\">Trần Một Cửa Mẫu</p>",
			},
			NotExpectedContent: []string{"không tính vào thời hạn giải quyết"},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "02,06", res.Header.Get("X-Motcua-Forms"), "no receipt (01) for a dossier not received")
			},
		},
		{
			Name: "no form 01 for it", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + guidedID,
			Headers: clerk, ExpectedStatus: http.StatusNotFound, TestAppFactory: guided(false),
			ExpectedContent: []string{"chưa được tiếp nhận: chưa cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)."},
		},
		{
			Name: "form 02 for a dossier with no code and no deadline", Method: http.MethodGet, URL: "/api/motcua/forms/02/" + uncodedID,
			Headers: clerk, ExpectedStatus: http.StatusOK, TestAppFactory: guided(true),
			ExpectedContent: []string{"<p>Hồ sơ của: <b>Nguyễn Thị Mẫu Thử</b></p>", "Giấy chứng tử của chồng (bản sao)",
				"Hồ sơ chưa được tiếp nhận"},
			NotExpectedContent: []string{"Mã hồ sơ", "qr-box", "<no value>"},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				assert.Equal(t, "02", res.Header.Get("X-Motcua-Forms"))
			},
		},
		{
			Name: "no form 01 for a dossier with no code", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + uncodedID,
			Headers: clerk, ExpectedStatus: http.StatusNotFound, TestAppFactory: guided(true),
			ExpectedContent: []string{"Hồ sơ của Nguyễn Thị Mẫu Thử chưa được tiếp nhận"},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
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
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: clerk.Id, Name: "Trần Một Cửa Mẫu", Role: "receptionist"}))
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
	assert.Contains(t, body, "Ninh Xuân, ngày 29 tháng 4 năm 2026")
	assert.Contains(t, body, "<p>4. Thời gian nhận hồ sơ: <b>10 giờ 00 phút, ngày 29/04/2026</b>.</p>")

	res = testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/01/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.NotContains(t, res.Body.String(), "Cách tính thời hạn", "the explanation is printed on request only")
}

// TestDossierLog prints form 07 for one period: it lists the dossiers
// received in it, and no others.
func TestDossierLog(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	all, err := app.FindRecordsByFilter("dossiers", "received_at != ''", "code", 0, 0) // received: a refusal or an online registration has no receipt date
	require.NoError(t, err)
	require.Greater(t, len(all), 100)
	// A period of two office days in the middle of the demo history.
	from := calendar.DateOf(all[len(all)/2].GetDateTime("received_at").Time())
	to := from.AddDays(1)
	var inside, outside, phones []string
	for _, d := range all {
		day := calendar.DateOf(d.GetDateTime("received_at").Time())
		if !day.Before(from) && !day.After(to) && d.GetString("status") != "submitted" {
			inside = append(inside, d.GetString("code"))
			phones = append(phones, d.GetString("applicant_phone"))
		} else {
			outside = append(outside, d.GetString("code"))
		}
	}
	require.NotEmpty(t, inside)

	res := testapp.Do(t, app, testapp.Auth(t, app, "inspector"), http.MethodGet,
		"/api/motcua/forms/07?from="+from.String()+"&to="+to.String(), "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	body := res.Body.String()
	// The columns of form 07 (Circular 03/2025/TT-VPCP Annex I).
	for _, want := range []string{"Mẫu số 07", nationalHeading, "SỔ THEO DÕI HỒ SƠ", `class="sheet a4l"`,
		"Từ ngày " + from.VN() + " đến ngày " + to.VN(), "Đầu chuỗi nhật ký kiểm toán",
		`<th class="sets" rowspan="2">Số lượng hồ sơ (bộ)</th>`, `<th class="addr" rowspan="2">Địa chỉ, số điện thoại</th>`,
		`<th class="lead" rowspan="2">Cơ quan chủ trì giải quyết</th>`, `<th class="t">Chuyển hồ sơ đến cơ quan giải quyết</th>`,
		`<th class="t">Nhận kết quả từ cơ quan giải quyết</th>`, `<th class="t">Trả kết quả</th><th class="sign">Ký nhận</th>`,
		"<td>Ủy ban nhân dân xã Ninh Xuân</td>"} {
		assert.Contains(t, body, want)
	}
	for i, code := range inside {
		assert.Contains(t, body, code)
		assert.Contains(t, body, phones[i])
	}
	for _, code := range outside {
		assert.NotContains(t, body, code)
	}
	if seq, hash, err := audit.Head(app); err == nil && hash != "" {
		assert.Contains(t, body, hash)
		assert.Contains(t, body, "<b>"+strconv.FormatInt(seq, 10)+"</b>")
	}

	for _, q := range []string{"from=2026-13-01", "from=2026-05-02&to=2026-05-01", "from=2024-01-01&to=2026-01-01"} {
		res := testapp.Do(t, app, testapp.Auth(t, app, "inspector"), http.MethodGet, "/api/motcua/forms/07?"+q, "")
		assert.Equal(t, http.StatusBadRequest, res.Code, q)
	}
}

// TestPrintURL checks the link the admin UI shows on dossiers: filled for
// staff, relative (so no request header goes into it), never stored, and
// never a change when the admin UI sends it back.
func TestPrintURL(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := testapp.DemoDossier(t, app, "status = 'processing'")
	auth := testapp.Auth(t, app, "admin")

	forged := map[string]string{"Authorization": auth["Authorization"], "X-Forwarded-Proto": "https", "X-Forwarded-Host": "motcua.evil.example"}
	res := testapp.Do(t, app, forged, http.MethodGet, "/api/collections/dossiers/records?perPage=5", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"print_url":"/print/index.html#01/`)
	assert.NotContains(t, res.Body.String(), "example.com")
	assert.NotContains(t, res.Body.String(), "evil")
	res = testapp.Do(t, app, forged, http.MethodGet, "/api/collections/dossiers/records/"+d.Id, "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Contains(t, res.Body.String(), `"print_url":"/print/index.html#01/`+d.Id+`"`)

	res = testapp.Do(t, app, auth, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id,
		`{"print_url":"/print/index.html#01/`+d.Id+`"}`)
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
