package public_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks/public"
	"motcua/testapp"
)

func TestPublicFeedbackValidation(t *testing.T) {
	factory := pubFeedbackApp
	noneStored := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		n, err := app.CountRecords("feedback")
		require.NoError(t, err)
		require.Zero(t, n, "nothing stored")
	}
	scenarios := []tests.ApiScenario{
		{Name: "missing name", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"name": nil})), ExpectedStatus: 400,
			ExpectedContent:    []string{`"name":{"code":"required","message":"Vui lòng nhập họ và tên."}`},
			NotExpectedContent: []string{`"address":`, `"content":`}},
		{Name: "blank address", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"address": "   "})), ExpectedStatus: 400,
			ExpectedContent: []string{`"address":{"code":"required","message":"Vui lòng nhập địa chỉ liên hệ."}`}},
		{Name: "neither phone nor email", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"phone": nil, "email": ""})), ExpectedStatus: 400,
			ExpectedContent: []string{`"phone":{"code":"phone_or_email"`, `"email":{"code":"phone_or_email"`, "số điện thoại hoặc thư điện tử"}},
		{Name: "invalid phone", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"phone": "abc"})), ExpectedStatus: 400,
			ExpectedContent: []string{`"phone":{"code":"invalid_phone","message":"Số điện thoại không hợp lệ`}},
		{Name: "invalid email", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"email": "not-an-email"})), ExpectedStatus: 400,
			ExpectedContent: []string{`"email":{"code":"invalid_email"`}},
		{Name: "missing content", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"content": nil})), ExpectedStatus: 400,
			ExpectedContent: []string{`"content":{"code":"required","message":"Vui lòng nhập nội dung phản ánh, kiến nghị."}`}},
		{Name: "content too long", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"content": strings.Repeat("dài ", 1300)})), ExpectedStatus: 400,
			ExpectedContent: []string{`"content":{"code":"too_long"`}},
		{Name: "bad kind", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"kind": "spam"})), ExpectedStatus: 400,
			ExpectedContent: []string{`"kind":{"code":"invalid_kind"`}},
		{Name: "unknown procedure", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"procedure": "9.999999"})), ExpectedStatus: 400,
			ExpectedContent: []string{`"procedure":{"code":"unknown_procedure"`}},
		{Name: "everything missing names every field", Body: strings.NewReader(`{}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"name":`, `"address":`, `"phone":`, `"email":`, `"content":`, "Vui lòng kiểm tra lại"}},
		{Name: "not JSON", Body: strings.NewReader(`name=An`), ExpectedStatus: 400,
			ExpectedContent: []string{"không đúng định dạng JSON"}},
		{Name: "invalid UTF-8", Body: strings.NewReader(`{"name":"` + "\xff\xfe" + `","address":"x","phone":"0900000000","content":"0123456789ab"}`),
			ExpectedStatus: 400, ExpectedContent: []string{"UTF-8"}},
		{Name: "oversized body", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"content": strings.Repeat("a", 17<<10)})),
			ExpectedStatus: 413, ExpectedContent: []string{"quá lớn"}},
	}
	for _, s := range scenarios {
		s.Method, s.URL, s.TestAppFactory, s.AfterTestFunc = http.MethodPost, "/api/motcua/feedback", factory, noneStored
		s.Headers = map[string]string{"Content-Type": "application/json"}
		s.ExpectedEvents = testapp.NoEvents // refused before any record is made
		s.Test(t)
	}
}

// TestPublicFeedbackEvents: a citizen's petition is one feedback record
// created, nothing else; a robot's post (the honeypot) is answered alike and
// creates nothing.
func TestPublicFeedbackEvents(t *testing.T) {
	stored := func(want int64) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			n, err := app.CountRecords("feedback")
			require.NoError(t, err)
			require.Equal(t, want, n)
		}
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "a petition", Body: strings.NewReader(testapp.FeedbackBody(nil)),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"tracking_code":"PA-`, "Đã nhận phản ánh, kiến nghị"},
			ExpectedEvents:  testapp.Events(testapp.Validates(1), testapp.Creates(1)),
			AfterTestFunc:   stored(1),
		},
		{
			Name: "a robot's post", Body: strings.NewReader(testapp.FeedbackBody(map[string]any{"website": "http://spam.example"})),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"tracking_code":"PA-`, "Đã nhận phản ánh, kiến nghị"},
			ExpectedEvents:  testapp.NoEvents,
			AfterTestFunc:   stored(0),
		},
	}
	for _, s := range scenarios {
		s.Method, s.URL, s.TestAppFactory = http.MethodPost, "/api/motcua/feedback", pubFeedbackApp
		s.Headers = map[string]string{"Content-Type": "application/json"}
		s.Test(t)
	}
}

func TestPublicFeedbackCreateAndTrack(t *testing.T) {
	app := pubFeedbackApp(t)
	defer app.Cleanup()

	res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/feedback", testapp.FeedbackBody(map[string]any{"email": ""}))
	require.Equal(t, 200, res.Code, res.Body.String())
	first := pubDecode(t, res)["tracking_code"].(string)
	require.Regexp(t, regexp.MustCompile(`^PA-\d{6}-0001$`), first)
	require.Contains(t, res.Body.String(), "Đã nhận phản ánh, kiến nghị")

	res = testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/feedback", testapp.FeedbackBody(map[string]any{"phone": "", "procedure": ""}))
	require.Equal(t, 200, res.Code, res.Body.String())
	second := pubDecode(t, res)["tracking_code"].(string)
	require.Equal(t, first[:len(first)-4]+"0002", second)

	rec, err := app.FindFirstRecordByData("feedback", "tracking_code", first)
	require.NoError(t, err)
	require.Equal(t, "new", rec.GetString("status"))
	require.Equal(t, "petition", rec.GetString("kind"))
	require.Equal(t, "0900123987", rec.GetString("phone"))
	require.Equal(t, testapp.CitizenName, rec.GetString("name"))
	proc, err := app.FindFirstRecordByData("procedures", "code", "1.001193")
	require.NoError(t, err)
	require.Equal(t, proc.Id, rec.GetString("procedure"))

	// Tracking before publication: the status, not the text.
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/"+strings.ToLower(first), "")
	require.Equal(t, 200, res.Code, res.Body.String())
	require.Contains(t, res.Body.String(), `"status_label":"Đã tiếp nhận, đang xem xét"`)
	for _, hidden := range []string{"cơ sở dữ liệu dân cư", testapp.CitizenName, testapp.CitizenAddress, "0900123987", testapp.CitizenEmail} {
		require.NotContains(t, res.Body.String(), hidden)
	}

	// A leader answers and publishes: the answer shows, the sender does not.
	rec.Set("status", "resolved")
	rec.Set("answer", "UBND xã đã kiến nghị cấp trên sửa quy định.")
	rec.Set("answered_at", time.Now())
	rec.Set("published", true)
	rec.Set("published_at", time.Now())
	require.NoError(t, app.Save(rec))
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/"+first, "")
	require.Equal(t, 200, res.Code)
	require.Contains(t, res.Body.String(), "UBND xã đã kiến nghị cấp trên sửa quy định.")
	require.Contains(t, res.Body.String(), `"status_label":"Đã xử lý"`)
	require.NotContains(t, res.Body.String(), testapp.CitizenName)

	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/PA-1-2", "")
	require.Equal(t, 400, res.Code)
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/PA-990101-9999", "")
	require.Equal(t, 404, res.Code)
	require.Contains(t, res.Body.String(), "Không tìm thấy phản ánh")
}

func TestPublicFeedbackHoneypot(t *testing.T) {
	app := pubFeedbackApp(t)
	defer app.Cleanup()
	res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/feedback", testapp.FeedbackBody(map[string]any{"website": "http://spam.example"}))
	require.Equal(t, 200, res.Code, res.Body.String())
	require.Contains(t, res.Body.String(), `"tracking_code":"PA-`)
	n, err := app.CountRecords("feedback")
	require.NoError(t, err)
	require.Zero(t, n, "a robot's post is answered but not stored")
}

func TestPublicFeedbackPublishedList(t *testing.T) {
	scenario := tests.ApiScenario{
		Name: "only published answers, no contact data", Method: http.MethodGet, URL: "/api/motcua/feedback?published=1",
		TestAppFactory: pubAppWith(func(t testing.TB, app *tests.TestApp) {
			pubNoFeedback(t, app)
			col, err := app.FindCollectionByNameOrId("feedback")
			require.NoError(t, err)
			for i, pub := range []bool{true, false, true} {
				r := core.NewRecord(col)
				r.Load(map[string]any{
					"tracking_code": "PA-261101-000" + string(rune('1'+i)), "kind": "feedback",
					"name": testapp.CitizenName, "address": testapp.CitizenAddress, "phone": testapp.CitizenPhone, "email": testapp.CitizenEmail,
					"content": "Nội dung phản ánh số " + string(rune('1'+i)),
					"answer":  "Trả lời số " + string(rune('1'+i)),
					"status":  "resolved", "published": pub, "published_at": time.Now(), "answered_at": time.Now(),
				})
				require.NoError(t, app.Save(r))
			}
		}),
		ExpectedStatus:     200,
		ExpectedContent:    []string{"Trả lời số 1", "Trả lời số 3", "Nội dung phản ánh số 1", `"tracking_code":"PA-261101-0003"`},
		NotExpectedContent: []string{"Trả lời số 2", testapp.CitizenName, testapp.CitizenAddress, testapp.CitizenPhone, testapp.CitizenEmail, `"name"`, `"phone"`, `"email"`, `"address"`},
	}
	scenario.Test(t)
}

// TestPublicFeedbackParallelPosts: citizens posting at the same moment, over
// loopback HTTP, each get a 200 and a tracking number of their own.
func TestPublicFeedbackParallelPosts(t *testing.T) {
	app := pubFeedbackApp(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	srv := httptest.NewServer(testapp.Handler(t, app))
	defer srv.Close()

	const posts = 24
	type answer struct {
		status int
		code   string
		err    error
	}
	answers := make(chan answer, posts)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < posts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := srv.Client().Post(srv.URL+"/api/motcua/feedback", "application/json", strings.NewReader(testapp.FeedbackBody(nil)))
			if err != nil {
				answers <- answer{err: err}
				return
			}
			defer res.Body.Close()
			var body struct {
				TrackingCode string `json:"tracking_code"`
			}
			err = json.NewDecoder(res.Body).Decode(&body)
			answers <- answer{status: res.StatusCode, code: body.TrackingCode, err: err}
		}()
	}
	close(start)
	wg.Wait()
	close(answers)

	seen := map[string]bool{}
	for a := range answers {
		require.NoError(t, a.err)
		require.Equal(t, 200, a.status)
		require.False(t, seen[a.code], "tracking code %s given twice", a.code)
		seen[a.code] = true
	}
	require.Len(t, seen, posts)
	n, err := app.CountRecords("feedback")
	require.NoError(t, err)
	require.EqualValues(t, posts, n)
}

// TestPublicFeedbackNumbersDoNotRunOut: after the day's 9,999th entry the
// numbers go on with five digits, and those codes can be tracked.
func TestPublicFeedbackNumbersDoNotRunOut(t *testing.T) {
	app := pubFeedbackApp(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	col, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	now := time.Now()
	for _, seq := range []int{1, 9998, 9999} {
		r := core.NewRecord(col)
		r.Load(map[string]any{"tracking_code": public.FeedbackCode(now, seq), "kind": "feedback", "name": testapp.CitizenName,
			"address": testapp.CitizenAddress, "phone": "0900123987", "content": "Nội dung phản ánh đã có.", "status": "new"})
		require.NoError(t, app.Save(r))
	}

	for _, want := range []int{10000, 10001, 10002} {
		res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/feedback", testapp.FeedbackBody(nil))
		require.Equal(t, 200, res.Code, res.Body.String())
		require.Equal(t, public.FeedbackCode(now, want), pubDecode(t, res)["tracking_code"])
	}
	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/"+public.FeedbackCode(now, 10001), "")
	require.Equal(t, 200, res.Code, res.Body.String())
	require.Contains(t, res.Body.String(), `"status_label":"Đã tiếp nhận, đang xem xét"`)
}
