package desk_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/internal/forms"
	"motcua/internal/vntext"
	"motcua/testapp"
)

// TestDeskApologyPreview renders form 04 of a dossier before the leader saves
// the apology, and writes nothing.
func TestDeskApologyPreview(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	open := testapp.DemoDossier(t, app, "status = 'processing' && apology_at = ''")
	done := testapp.DemoDossier(t, app, "apology_at != ''")
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
			TestAppFactory:     testapp.New, AfterTestFunc: nothingSaved,
		},
		{
			Name: "the reason is required", Method: http.MethodGet,
			URL:     preview(open.Id, "2027-01-15 02:00:00.000Z", " "),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{`"apology_reason":{"code":"validation_motcua_apology_reason","message":"Cần ghi lý do chậm trễ (phiếu 04)."}`},
			TestAppFactory:  testapp.New,
		},
		{
			Name: "the new date is required", Method: http.MethodGet,
			URL:     preview(open.Id, "15/01/2027", reason),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{`"new_due_at":{"code":"validation_motcua_new_due_at","message":"Cần nhập ngày hẹn trả kết quả mới."}`},
			TestAppFactory:  testapp.New,
		},
		{
			Name: "a dossier apologised for once is not previewed again", Method: http.MethodGet,
			URL:     preview(done.Id, "2027-01-15 02:00:00.000Z", reason),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{"Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được điều chỉnh một lần."},
			TestAppFactory:  testapp.New,
		},
		{
			Name: "a receptionist does not apologise", Method: http.MethodGet,
			URL:     preview(open.Id, "2027-01-15 02:00:00.000Z", reason),
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusForbidden,
			ExpectedContent: []string{"Công chức một cửa không có quyền dùng chức năng này."},
			TestAppFactory:  testapp.New, AfterTestFunc: nothingSaved,
		},
		{
			Name: "guests are asked to sign in", Method: http.MethodGet,
			URL:            preview(open.Id, "2027-01-15 02:00:00.000Z", reason),
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ."},
			TestAppFactory: testapp.New,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// The steps of TestDeskSteps, as the route writes them.
const (
	stepReceive = `{"key":"receive","action":"receive","label":"Tiếp nhận","set":{"status":"received"},"fields":[],"form":"01"}`
	stepRefuse  = `{"key":"refuse","action":"refuse","label":"Từ chối tiếp nhận","set":{"status":"refused"},` +
		`"fields":[{"name":"note","label":"Lý do từ chối (ghi trên phiếu 03)","type":"textarea","required":true}],"form":"03"}`
	stepSupplement = `{"key":"supplement","action":"request_supplement","label":"Yêu cầu bổ sung","set":{"status":"supplement_requested"},` +
		`"fields":[{"name":"missing_items","label":"Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)","type":"lines","required":true},` +
		`{"name":"note","label":"Lý do, hướng dẫn bổ sung (ghi trên phiếu 02)","type":"textarea","required":true}],"form":"02"}`
	stepPayment = `{"key":"payment","action":"request_payment","label":"Yêu cầu nộp phí","set":{"status":"payment_requested"},` +
		`"fields":[{"name":"note","label":"Khoản phải nộp, số tiền","type":"textarea","required":false}]}`
	stepSubmit = `{"key":"submit","action":"submit_decision","label":"Trình ký","set":{},` +
		`"fields":[{"name":"assignee","label":"Trình lãnh đạo","type":"staff","required":true,"staff":["leader"]}]}`
	stepWithdraw = `{"key":"withdraw","action":"request_withdrawal","label":"Rút hồ sơ","set":{"status":"withdrawal_requested"},` +
		`"fields":[{"name":"note","label":"Nội dung yêu cầu rút hồ sơ của công dân","type":"textarea","required":true}]}`
	stepDecide  = `{"key":"decide","action":"decide","label":"Ký duyệt","set":{"status":"decided"},"fields":[]}`
	stepApology = `{"key":"apology","action":"apologize","label":"Xin lỗi – hẹn lại","set":{},` +
		`"fields":[{"name":"new_due_at","label":"Ngày hẹn trả mới (dd/mm/yyyy HH:MM, giờ làm việc)","type":"officetime","required":true},` +
		`{"name":"apology_reason","label":"Lý do chậm trễ (ghi trên phiếu 04)","type":"textarea","required":true}],"form":"04","preview":"04"}`
	stepStop = `{"key":"stop","action":"stop","label":"Dừng xử lý","set":{"status":"stopped"},` +
		`"fields":[{"name":"note","label":"Lý do dừng xử lý (ghi trên thông báo 05)","type":"textarea","required":true}],"form":"05"}`
	stepReceivedSupplement = `{"key":"supplement_received","action":"supplement_received","label":"Đã nhận bổ sung","set":{"status":"processing"},"fields":[]}`
	stepTransfer           = `{"key":"transfer","action":"transfer","label":"Chuyển xử lý","set":{"status":"processing"},` +
		`"fields":[{"name":"assignee","label":"Chuyển cho cán bộ","type":"staff","required":true,"staff":["specialist"]}]}`
)

// withFixtures is a TestAppFactory: the demo office and what build adds to
// it. Built in the same order on the same template, the records get the same
// codes in every scenario's app.
func withFixtures(build func(testing.TB, core.App)) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := testapp.New(t)
		build(t, app)
		return app
	}
}

// TestDeskSteps answers, per role, the steps the desk offers on dossiers in
// a few statuses: the lifecycle's rules, with each step's fields, and the
// applicant's name filled in as the person receiving the result.
func TestDeskSteps(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	var submitted, guided, received, mine, withLeader, waiting, decided, returned *core.Record
	build := func(t testing.TB, app core.App) {
		col, err := app.FindCollectionByNameOrId("dossiers")
		require.NoError(t, err)
		submitted = core.NewRecord(col)
		submitted.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, "1.004873"), "applicant_name": "Lê Văn Trựctuyến",
			"channel": "online", "status": "submitted"})
		require.NoError(t, dossier.SaveAs(app, submitted, testapp.System))
		guided = core.NewRecord(col)
		guided.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, "1.004873"), "applicant_name": "Lê Văn Chưađủ",
			"channel": "in_person", "status": "supplement_requested", "note": "Mang tờ khai.", "missing_items": []string{"Tờ khai"}})
		require.NoError(t, dossier.SaveAs(app, guided, testapp.System))
		received = testapp.DossierIn(t, app, "received")
		mine = testapp.DossierIn(t, app, "processing")
		withLeader = testapp.DossierIn(t, app, "processing")
		testapp.Step(t, app, withLeader, time.Time{}, map[string]any{"assignee": testapp.Staff(t, app, "leader").Id})
		waiting = testapp.DossierIn(t, app, "supplement_requested")
		decided = testapp.DossierIn(t, app, "decided")
		returned = testapp.DossierIn(t, app, "returned")
	}
	build(t, app)
	factory := withFixtures(build)
	stepReturn := `{"key":"return","action":"return","label":"Trả kết quả","set":{"status":"returned"},` +
		`"fields":[{"name":"returned_to","label":"Người nhận kết quả","type":"text","required":true,"initial":"` +
		decided.GetString("applicant_name") + `"}]}`
	body := func(d *core.Record, steps ...string) string {
		return `{"code":"` + d.GetString("code") + `","status":"` + d.GetString("status") + `","steps":[` + strings.Join(steps, ",") + `]}`
	}
	scenario := func(role string, d *core.Record, steps ...string) tests.ApiScenario {
		return tests.ApiScenario{
			Name:   role + " on a dossier " + d.GetString("status"),
			Method: http.MethodGet, URL: "/api/motcua/desk/steps/" + d.GetString("code"),
			Headers: testapp.Auth(t, app, role), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{body(d, steps...)}, // the whole body
			TestAppFactory:  factory,
		}
	}
	scenarios := []tests.ApiScenario{
		scenario("receptionist", submitted, stepReceive, stepRefuse, stepSupplement),
		scenario("leader", submitted),
		scenario("specialist", submitted),
		scenario("receptionist", guided, // guided at the counter (form 02), not received yet
			`{"key":"receive","action":"receive","label":"Đã nhận đủ, tiếp nhận","set":{"status":"received"},"fields":[],"form":"01"}`,
			stepRefuse),
		scenario("leader", guided),
		scenario("receptionist", received, stepTransfer, stepSupplement, stepWithdraw),
		scenario("leader", received, stepTransfer, stepApology, stepStop),
		scenario("specialist", mine, stepSupplement, stepPayment, stepSubmit),
		scenario("specialist", withLeader), // not theirs any more
		scenario("receptionist", mine, stepSupplement, stepPayment, stepSubmit, stepWithdraw),
		scenario("receptionist", withLeader, stepSupplement, stepPayment, stepWithdraw), // submitted already
		scenario("leader", mine, stepDecide, stepApology, stepStop),
		scenario("admin", mine, stepSupplement, stepPayment, stepSubmit, stepDecide, stepApology, stepStop, stepWithdraw),
		scenario("inspector", mine),
		scenario("receptionist", waiting, stepReceivedSupplement, stepWithdraw),
		scenario("leader", waiting, stepApology, stepStop),
		scenario("receptionist", decided, stepReturn),
		scenario("leader", decided),
		scenario("receptionist", returned),
		scenario("admin", returned),
		{
			Name: "an unknown dossier", Method: http.MethodGet, URL: "/api/motcua/desk/steps/H15-000000-0000",
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusNotFound,
			ExpectedContent: []string{`"message":"Không tìm thấy hồ sơ \"H15-000000-0000\"."`},
			TestAppFactory:  factory,
		},
		{
			Name: "guests are asked to sign in", Method: http.MethodGet, URL: "/api/motcua/desk/steps/" + mine.GetString("code"),
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ."},
			TestAppFactory: factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// receivedWithID is a dossier received now, with a fixed id (the same in every
// scenario's app) and an applicant whose name has diacritics.
func receivedWithID(t testing.TB, app core.App, id string) *core.Record {
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Id = id
	d.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, "1.004873"), "applicant_name": "Hoàng Thị Tìmkiếm",
		"applicant_phone": "0900 999 002", "applicant_id_number": "001099000002", "channel": "in_person"})
	require.NoError(t, dossier.SaveAs(app, d, testapp.System))
	return d
}

// TestDeskSearchText finds dossiers by code, name, phone and ID number typed
// without diacritics, through the records API's filter on the computed
// search_text, as a clerk held to the role guard; the field is never typed
// and never public; a hidden field elsewhere stays out of reach.
func TestDeskSearchText(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	var d *core.Record
	build := func(t testing.TB, app core.App) { d = receivedWithID(t, app, "desksearch00001") }
	build(t, app)
	factory := withFixtures(build)
	all, err := app.FindAllRecords("dossiers")
	require.NoError(t, err)
	// The count the server must answer, folded here on the Go side.
	both := 0
	for _, r := range all {
		if n := vntext.Fold(r.GetString("applicant_name")); strings.Contains(n, "hoang") && strings.Contains(n, "thi") {
			both++
		}
	}
	require.Greater(t, both, 1)
	code := d.GetString("code")
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, d.GetString("applicant_phone"))
	parts := strings.Split(code, "-")
	search := func(words ...string) string {
		var f []string
		for _, w := range words {
			f = append(f, `search_text~"`+w+`"`)
		}
		return "/api/collections/dossiers/records?perPage=500&filter=" + url.QueryEscape(strings.Join(f, " && "))
	}
	stored := func(t testing.TB, app core.App) *core.Record {
		r, err := app.FindRecordById("dossiers", d.Id)
		require.NoError(t, err)
		return r
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "a name without diacritics", Method: http.MethodGet, URL: search("hoang", "thi"),
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"totalItems":` + strconv.Itoa(both) + `,`},
			TestAppFactory:  factory,
		},
		{
			Name: "a phone number typed without its spaces, by the inspector", Method: http.MethodGet, URL: search(digits),
			Headers: testapp.Auth(t, app, "inspector"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"code":"` + code + `"`},
			TestAppFactory:  factory,
		},
		{
			Name: "the code's day and number", Method: http.MethodGet, URL: search(parts[1] + " " + parts[2]),
			Headers: testapp.Auth(t, app, "specialist"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"code":"` + code + `"`, `"totalItems":1,`},
			TestAppFactory:  factory,
		},
		{
			Name: "an ID number, and a name", Method: http.MethodGet, URL: search("001099000002", "timkiem"),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"code":"` + code + `"`, `"totalItems":1,`},
			TestAppFactory:  factory,
		},
		{
			Name: "another hidden field stays out of reach", Method: http.MethodGet,
			URL:     "/api/collections/dossiers/records?filter=" + url.QueryEscape(`assignee.tokenKey!=""`),
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusForbidden,
			ExpectedContent: []string{`Công chức một cửa không được dùng trường ẩn \"tokenKey\" của \"_superusers\" trong truy vấn.`},
			TestAppFactory:  factory,
		},
		{
			Name: "a clerk does not type it", Method: http.MethodPatch, URL: "/api/collections/dossiers/records/" + d.Id,
			Body:    strings.NewReader(`{"search_text":"ai cung tim thay"}`),
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{`Trường \"search_text\" do hệ thống tự tính, không sửa tay.`},
			TestAppFactory:  factory,
		},
		{
			Name: "a new name is found by its new spelling", Method: http.MethodPatch, URL: "/api/collections/dossiers/records/" + d.Id,
			Body:    strings.NewReader(`{"applicant_name":"Hoàng Thị Đổitên"}`),
			Headers: testapp.Auth(t, app, "admin"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"applicant_name":"Hoàng Thị Đổitên"`},
			TestAppFactory:  factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				assert.Contains(t, stored(t, app).GetString("search_text"), "hoang thi doiten")
			},
		},
		{
			Name: "the public look-up never carries it", Method: http.MethodGet, URL: "/api/motcua/dossiers/" + code,
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"code":"` + code + `"`},
			NotExpectedContent: []string{"search_text", digits, vntext.Fold(d.GetString("applicant_name"))},
			TestAppFactory:     factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestDeskSearchTextBackfill fills the field of rows written before it
// existed, as the migration does on an upgraded office.
func TestDeskSearchTextBackfill(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := receivedWithID(t, app, "deskbackfill001")
	_, err := app.DB().NewQuery("UPDATE dossiers SET search_text = ''").Execute()
	require.NoError(t, err)
	var up func(core.App) error
	for _, m := range core.AppMigrations.Items() {
		if strings.HasSuffix(m.File, "_desk_search_links.go") {
			up = m.Up
		}
	}
	require.NotNil(t, up, "the migration is registered")
	d, err = app.FindRecordById("dossiers", d.Id)
	require.NoError(t, err)
	require.Empty(t, d.GetString("search_text"))
	// Adding fields that exist replaces them: the migration runs again as is.
	require.NoError(t, up(app))
	d, err = app.FindRecordById("dossiers", d.Id)
	require.NoError(t, err)
	assert.Equal(t, vntext.SearchKey(d.GetString("code"), d.GetString("applicant_name"), d.GetString("applicant_phone"),
		d.GetString("applicant_id_number")), d.GetString("search_text"))
	assert.Contains(t, d.GetString("search_text"), "hoang thi timkiem 0900 999 002 0900999002 001099000002")
}

// TestDeskURL gives every dossier row a link to its page on the desk, in
// staff responses only, and never stores what a client sends in it.
func TestDeskURL(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	var d *core.Record
	build := func(t testing.TB, app core.App) { d = receivedWithID(t, app, "deskurl00000001") }
	build(t, app)
	factory := withFixtures(build)
	link := `"desk_url":"/desk/#/ho-so/` + d.GetString("code") + `"`
	scenarios := []tests.ApiScenario{
		{
			Name: "a leader's list", Method: http.MethodGet,
			URL:     "/api/collections/dossiers/records?filter=" + url.QueryEscape(`code="`+d.GetString("code")+`"`),
			Headers: testapp.Auth(t, app, "leader"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{link, `"print_url":"/print/index.html#01/` + d.Id + `"`},
			TestAppFactory:  factory,
		},
		{
			Name: "a receptionist's view", Method: http.MethodGet, URL: "/api/collections/dossiers/records/" + d.Id,
			Headers: testapp.Auth(t, app, "receptionist"), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{link},
			TestAppFactory:  factory,
		},
		{
			Name: "what a client sends in it is dropped", Method: http.MethodPatch, URL: "/api/collections/dossiers/records/" + d.Id,
			Body:    strings.NewReader(`{"desk_url":"https://lua-dao.example/desk","note":"Ghi chú mới"}`),
			Headers: testapp.Auth(t, app, "admin"), ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`"note":"Ghi chú mới"`},
			NotExpectedContent: []string{"lua-dao"},
			TestAppFactory:     factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				r, err := app.FindRecordById("dossiers", d.Id)
				require.NoError(t, err)
				assert.Empty(t, r.GetString("desk_url"))
			},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
