package public_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/internal/calendar"
	"motcua/testapp"
)

func TestPublicProcedures(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "all published procedures", Method: http.MethodGet, URL: "/api/motcua/procedures",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"total":22`, `"code":"1.001193"`, `"name":"Đăng ký khai sinh"`, `"sector_name":"Hộ tịch"`},
		},
		{
			Name: "without diacritics: ho tich", Method: http.MethodGet, URL: "/api/motcua/procedures?q=ho+tich",
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"Đăng ký khai sinh"`, `"Đăng ký kết hôn"`, `"total":10`},
			NotExpectedContent: []string{`"Chứng thực chữ ký`},
		},
		{
			Name: "khai sinh finds both birth procedures", Method: http.MethodGet, URL: "/api/motcua/procedures?q=khai%20sinh",
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"Đăng ký khai sinh"`, `"Đăng ký lại khai sinh"`, `"total":2`},
			NotExpectedContent: []string{`"Đăng ký kết hôn"`},
		},
		{
			Name: "every word must match, any case", Method: http.MethodGet, URL: "/api/motcua/procedures?q=CHUNG+thuc+ban+sao",
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"Chứng thực bản sao từ bản chính giấy tờ, văn bản"`, `"Cấp bản sao từ sổ gốc"`, `"total":2`},
			NotExpectedContent: []string{`"Chứng thực chữ ký`},
		},
		{
			Name: "with diacritics too", Method: http.MethodGet, URL: "/api/motcua/procedures?q=Chứng+thực+chữ+ký",
			ExpectedStatus: 200, ExpectedContent: []string{`"Chứng thực chữ ký trong các giấy tờ, văn bản"`, `"total":1`},
		},
		{
			Name: "by national code", Method: http.MethodGet, URL: "/api/motcua/procedures?q=2.000815",
			ExpectedStatus: 200, ExpectedContent: []string{`"code":"2.000815"`, `"total":1`},
		},
		{
			Name: "nothing found", Method: http.MethodGet, URL: "/api/motcua/procedures?q=xyzzy",
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`, `"total":0`},
		},
		{
			Name: "too long a query", Method: http.MethodGet, URL: "/api/motcua/procedures?q=" + strings.Repeat("a", 201),
			ExpectedStatus: 400, ExpectedContent: []string{"quá dài"},
		},
		{
			Name: "unpublished procedures are not listed", Method: http.MethodGet, URL: "/api/motcua/procedures?q=khai+sinh",
			TestAppFactory: pubAppWith(func(t testing.TB, app *tests.TestApp) {
				p, err := app.FindFirstRecordByData("procedures", "code", "1.004884")
				require.NoError(t, err)
				p.Set("published", false)
				require.NoError(t, app.Save(p))
			}),
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"Đăng ký khai sinh"`, `"total":1`},
			NotExpectedContent: []string{`"Đăng ký lại khai sinh"`},
		},
	}
	for _, s := range scenarios {
		if s.TestAppFactory == nil {
			s.TestAppFactory = func(t testing.TB) *tests.TestApp { return testapp.New(t) }
		}
		s.Test(t)
	}
}

func TestPublicProceduresBySector(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	sector, err := app.FindFirstRecordByData("sectors", "name", "Chứng thực")
	require.NoError(t, err)

	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/procedures?sector="+sector.Id, "")
	require.Equal(t, 200, res.Code)
	body := pubDecode(t, res)
	require.EqualValues(t, 6, body["total"])
	for _, it := range body["items"].([]any) {
		require.Equal(t, "Chứng thực", it.(map[string]any)["sector_name"])
	}

	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/procedures?sector="+sector.Id+"&q=chu+ky", "")
	require.EqualValues(t, 1, pubDecode(t, res)["total"])
}

// TestPublicCatalogueCache: the cached catalogue follows every change, by
// whoever makes it.
func TestPublicCatalogueCache(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	get := func(url string) string {
		res := testapp.Do(t, app, nil, http.MethodGet, url, "")
		require.Equal(t, 200, res.Code, res.Body.String())
		return res.Body.String()
	}
	require.Contains(t, get("/api/motcua/procedures?q=khai+sinh"), `"Đăng ký khai sinh"`)

	p, err := app.FindFirstRecordByData("procedures", "code", "1.001193")
	require.NoError(t, err)
	p.Set("name", "Đăng ký khai sinh cho trẻ em")
	require.NoError(t, app.Save(p))
	require.Contains(t, get("/api/motcua/procedures?q=tre+em"), `"Đăng ký khai sinh cho trẻ em"`)

	s, err := app.FindFirstRecordByData("sectors", "name", "Hộ tịch")
	require.NoError(t, err)
	s.Set("name", "Hộ tịch – Quốc tịch")
	require.NoError(t, app.Save(s))
	require.Contains(t, get("/api/motcua/procedures?q=quoc+tich"), `"sector_name":"Hộ tịch – Quốc tịch"`)
	require.Contains(t, get("/api/motcua/sectors"), `"Hộ tịch – Quốc tịch"`)

	o, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	o.Set("address", "Số 5 đường Thử Nghiệm (địa chỉ minh họa)")
	require.NoError(t, app.Save(o))
	require.Contains(t, get("/api/motcua/office"), "Số 5 đường Thử Nghiệm")
}

func TestPublicProcedureDetail(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()

	for _, ref := range []string{"1.004873", ""} {
		url := "/api/motcua/procedures/" + ref
		if ref == "" {
			p, err := app.FindFirstRecordByData("procedures", "code", "1.004873")
			require.NoError(t, err)
			url += p.Id // by id as well as by code
		}
		res := testapp.Do(t, app, nil, http.MethodGet, url, "")
		require.Equal(t, 200, res.Code, res.Body.String())
		d := pubDecode(t, res)
		require.Equal(t, "Cấp Giấy xác nhận tình trạng hôn nhân", d["name"])
		require.EqualValues(t, 15000, d["fee_amount"])
		require.EqualValues(t, 3, d["time_limit_days"])
		require.NotEmpty(t, d["legal_basis"])
		require.NotEmpty(t, d["result"])
		require.NotEmpty(t, d["where_to_submit"])
		require.NotEmpty(t, d["steps"])
		require.Equal(t, "Dịch vụ công trực tuyến toàn trình", d["online_level_label"])
		require.Contains(t, d["office_hours_text"], "07:00–11:30")
		docs := d["documents"].([]any)
		require.NotEmpty(t, docs)
		first := docs[0].(map[string]any)
		require.Equal(t, "Bản chính", first["kind_label"])
		require.EqualValues(t, 1, first["count"])
		require.NotNil(t, d["forms"])

		// "Submit now, due on …": the office calendar's answer, 3 working days on.
		due := d["due_if_submitted_now"].(map[string]any)
		require.Regexp(t, regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`), due["due_date"])
		dueAt, err := time.Parse(time.RFC3339, due["due_at"].(string))
		require.NoError(t, err)
		require.True(t, dueAt.After(time.Now().Add(72*time.Hour)), "three working days are at least three days: %v", dueAt)
		require.Contains(t, due["explain"], "Hẹn trả kết quả")
		require.Equal(t, "17:00", dueAt.In(calendar.Location).Format("15:04"), "due at closing time")
	}

	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/procedures/9.999999", "")
	require.Equal(t, 404, res.Code)
	require.Contains(t, res.Body.String(), "Không tìm thấy thủ tục")
}

// TestPublicDueUsesHolidays: the "due if submitted now" answer follows the
// holidays collection: make every one of the next 30 days but one a day off
// and a same-day procedure submitted now is due that day.
func TestPublicDueUsesHolidays(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	col, err := app.FindCollectionByNameOrId("holidays")
	require.NoError(t, err)
	today := calendar.DateOf(time.Now())
	open := today.AddDays(20)
	for i := 0; i <= 30; i++ {
		d := today.AddDays(i)
		if d == open {
			continue
		}
		rec, err := app.FindFirstRecordByData("holidays", "date", d.String())
		if err != nil {
			rec = core.NewRecord(col)
		}
		rec.Load(map[string]any{"date": d.String(), "kind": "holiday", "name": "Ngày nghỉ thử nghiệm", "official": true})
		require.NoError(t, app.Save(rec))
	}
	// A weekday to work on, even if it falls on a weekend.
	rec, err := app.FindFirstRecordByData("holidays", "date", open.String())
	if err != nil {
		rec = core.NewRecord(col)
	}
	rec.Load(map[string]any{"date": open.String(), "kind": "makeup", "name": "Làm bù thử nghiệm", "official": true})
	require.NoError(t, app.Save(rec))

	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/procedures/1.001193", "")
	require.Equal(t, 200, res.Code, res.Body.String())
	due := pubDecode(t, res)["due_if_submitted_now"].(map[string]any)
	require.Equal(t, open.VN(), due["due_date"], due["explain"])
}

func TestPublicOfficeAndSectors(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "office posting", Method: http.MethodGet, URL: "/api/motcua/office",
			ExpectedStatus: 200,
			ExpectedContent: []string{`"name":"Ủy ban nhân dân xã Ninh Xuân"`, `"address":`, `"hotlines":[`,
				`"Chủ tịch UBND xã Ninh Xuân"`, `"Chủ tịch UBND tỉnh Khánh Hòa (cấp trên)"`, `"phone":"0900 000 001"`,
				`"feedback_address":"Phòng Kiểm soát thủ tục hành chính`, `"email":"motcua@ninhxuan.example"`,
				`"feedback_howto":["Phản ánh, kiến nghị`, `"office_hours_text":"Thứ Hai đến Thứ Sáu`},
			NotExpectedContent: []string{`"settings"`},
		},
		{
			Name: "sectors with counts", Method: http.MethodGet, URL: "/api/motcua/sectors",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"name":"Hộ tịch"`, `"count":10`, `"name":"Chứng thực"`, `"count":6`},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = func(t testing.TB) *tests.TestApp { return testapp.New(t) }
		s.Test(t)
	}
}

// TestPublicProcedureAltLimits: a procedure's detail carries its normal
// limit and each conditional one with its condition (issue 13.6); one with
// none has an empty list.
func TestPublicProcedureAltLimits(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{Name: "marriage: same day, up to 5 working days with verification", Method: http.MethodGet,
			URL: "/api/motcua/procedures/1.000894", ExpectedStatus: 200,
			ExpectedContent: []string{`"same_day":true`, `"time_limit_text":"Ngay trong ngày; tối đa 5 ngày làm việc nếu cần xác minh"`,
				`"alt_limits":[{"days":5,"condition":"Trường hợp cần xác minh","text":"Tối đa 05 ngày làm việc","text_en":"Up to 5 working days","due_at":"`}},
		{Name: "certified copies: up to 2 working days for large jobs", Method: http.MethodGet,
			URL: "/api/motcua/procedures/2.000815", ExpectedStatus: 200,
			ExpectedContent: []string{`"alt_limits":[{"days":2,"condition":"Yêu cầu chứng thực với số lượng lớn","text":"Tối đa 02 ngày làm việc","text_en":"Up to 2 working days","due_at":"`}},
		{Name: "birth registration: no alternative", Method: http.MethodGet,
			URL: "/api/motcua/procedures/1.001193", ExpectedStatus: 200,
			ExpectedContent: []string{`"alt_limits":[]`}},
	}
	for _, s := range scenarios {
		s.TestAppFactory = func(t testing.TB) *tests.TestApp { return testapp.New(t) }
		s.Test(t)
	}
}

// TestPublicProcedureAltLimitDue: the date a conditional limit gives is the
// office calendar's, after the normal one (3 and 23 working days).
func TestPublicProcedureAltLimitDue(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := pubDecode(t, testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/procedures/1.004873", ""))
	normal, err := time.Parse(time.RFC3339, d["due_if_submitted_now"].(map[string]any)["due_at"].(string))
	require.NoError(t, err)
	alts := d["alt_limits"].([]any)
	require.Len(t, alts, 1)
	alt, err := time.Parse(time.RFC3339, alts[0].(map[string]any)["due_at"].(string))
	require.NoError(t, err)
	require.True(t, alt.After(normal.Add(20*24*time.Hour)), "23 working days end weeks after 3: %v, %v", normal, alt)
	require.Equal(t, "17:00", alt.In(calendar.Location).Format("15:04"))
}

// TestOfficeUnitNameHeadsPageAndForms: the one-stop unit is the office
// record's unit_name, by default the 2025 name (Decree 118/2025/NĐ-CP: the
// commune's "Trung tâm Phục vụ hành chính công"), on the public posting and
// in the printed forms' heading alike.
func TestOfficeUnitNameHeadsPageAndForms(t *testing.T) {
	withUnit := func(unit string) func(t testing.TB) *tests.TestApp {
		return pubAppWith(func(t testing.TB, app *tests.TestApp) {
			office, err := app.FindFirstRecordByFilter("office", "id != ''")
			require.NoError(t, err)
			office.Set("unit_name", unit)
			require.NoError(t, app.Save(office))
		})
	}
	app := testapp.New(t)
	defer app.Cleanup()
	d, err := app.FindFirstRecordByFilter("dossiers", "status = 'processing'")
	require.NoError(t, err)
	auth := testapp.Auth(t, app, "receptionist")
	scenarios := []tests.ApiScenario{
		{Name: "posting, unit not set", Method: http.MethodGet, URL: "/api/motcua/office", TestAppFactory: withUnit(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"unit_name":"Trung tâm Phục vụ hành chính công"`}},
		{Name: "posting, unit set", Method: http.MethodGet, URL: "/api/motcua/office", TestAppFactory: withUnit("Điểm phục vụ hành chính công Ninh Xuân"),
			ExpectedStatus: 200, ExpectedContent: []string{`"unit_name":"Điểm phục vụ hành chính công Ninh Xuân"`}},
		{Name: "form 01, unit not set", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + d.Id, Headers: auth, TestAppFactory: withUnit(""),
			ExpectedStatus: 200, ExpectedContent: []string{`<p class="org2">TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG</p>`}},
		{Name: "form 01, unit set", Method: http.MethodGet, URL: "/api/motcua/forms/01/" + d.Id, Headers: auth, TestAppFactory: withUnit("Điểm phục vụ hành chính công Ninh Xuân"),
			ExpectedStatus: 200, ExpectedContent: []string{`<p class="org2">ĐIỂM PHỤC VỤ HÀNH CHÍNH CÔNG NINH XUÂN</p>`},
			NotExpectedContent: []string{"TRUNG TÂM PHỤC VỤ"}},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
