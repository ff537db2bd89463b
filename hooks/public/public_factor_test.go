package public_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/access"
	"motcua/testapp"
)

// pubTestLast4 is the right second factor of the test applicant's dossiers
// (testapp.CitizenPhone), and pubFactor the look-up's header that carries it.
const pubTestLast4 = "3987"

var pubFactor = map[string]string{"X-Phone-Last4": pubTestLast4}

// pubDoFrom sends one request through the app's real router as the guest at
// ip, so that tests can show what holds across addresses.
func pubDoFrom(t testing.TB, app *tests.TestApp, ip string, headers map[string]string, method, url, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.RemoteAddr = ip + ":40000"
	req.Header.Set("content-type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res := httptest.NewRecorder()
	testapp.Handler(t, app).ServeHTTP(res, req)
	return res
}

// pubAnswer is a response's status and body, to compare answers byte for byte.
func pubAnswer(res *httptest.ResponseRecorder) string {
	return http.StatusText(res.Code) + "\n" + res.Body.String()
}

// TestPublicRatingOneAnswerUntilPhoneMatches: a wrong phone and an unknown
// dossier get the very same answer, and both codes lock after five wrong
// answers sent from five addresses, the right phone then included; the lock
// is kept in the database, so a restart does not lift it.
func TestPublicRatingOneAnswerUntilPhoneMatches(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	known := pubReturnedDossier(t, app, "1.004873").GetString("code")
	unknown := known[:len(known)-4] + "9999"

	rate := func(ip, code, last4 string) *httptest.ResponseRecorder {
		return pubDoFrom(t, app, ip, nil, http.MethodPost, "/api/motcua/ratings", pubRatingBody(code, last4, "dissatisfied"))
	}
	for i, last4 := range []string{"0000", "1111", "2222", "4444", "5555"} {
		ip := "198.51.100." + string(rune('1'+i))
		wrong, none := rate(ip, known, last4), rate(ip, unknown, last4)
		require.Equal(t, 403, wrong.Code, wrong.Body.String())
		require.Equal(t, pubAnswer(wrong), pubAnswer(none), "attempt %d: a wrong phone and an unknown dossier answer alike", i+1)
		require.Contains(t, wrong.Body.String(), "không khớp")
	}

	locked, lockedNone := rate("203.0.113.9", known, pubTestLast4), rate("203.0.113.9", unknown, pubTestLast4)
	require.Equal(t, 429, locked.Code, locked.Body.String())
	require.Equal(t, pubAnswer(locked), pubAnswer(lockedNone), "the lock tells nothing either")
	require.Contains(t, locked.Body.String(), "Mã hồ sơ này đang tạm khóa vì 4 số cuối điện thoại bị nhập sai nhiều lần")
	require.NotEmpty(t, locked.Header().Get("Retry-After"))
	rec, err := app.FindFirstRecordByData("dossiers", "code", known)
	require.NoError(t, err)
	require.Empty(t, rec.GetString("rating"), "nothing rated while locked")

	// The detailed look-up asks for the same digits: the same lock.
	res := pubDoFrom(t, app, "203.0.113.10", pubFactor, http.MethodGet, "/api/motcua/dossiers/"+known, "")
	require.Equal(t, 429, res.Code, res.Body.String())

	// Another code is not affected.
	other := pubReturnedDossier(t, app, "1.004873").GetString("code")
	require.Equal(t, 200, rate("198.51.100.1", other, pubTestLast4).Code)

	// A restart keeps the lock: a new app over a copy of the data dir.
	restarted, err := tests.NewTestApp(app.DataDir())
	require.NoError(t, err)
	defer restarted.Cleanup()
	hooks.Register(restarted, testapp.Options())
	res = pubDoFrom(t, restarted, "203.0.113.11", nil, http.MethodPost, "/api/motcua/ratings", pubRatingBody(known, pubTestLast4, "satisfied"))
	require.Equal(t, 429, res.Code, res.Body.String())
}

// TestPublicRatingRightPhoneForgetsFailures: a citizen who mistyped four
// times and then gets it right is not locked, and starts again from zero.
func TestPublicRatingRightPhoneForgetsFailures(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	code := testapp.NewDossier(t, app, "1.004873", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist)).GetString("code")
	look := func(last4 string) int {
		return testapp.Do(t, app, map[string]string{"X-Phone-Last4": last4}, http.MethodGet, "/api/motcua/dossiers/"+code, "").Code
	}
	for round := 0; round < 2; round++ {
		for i := 0; i < 4; i++ {
			require.Equal(t, 403, look("0000"))
		}
		require.Equal(t, 200, look(pubTestLast4), "round %d", round)
	}
}

// TestPublicDossierLookupNeedsSecondFactor: walking sequential codes shows
// only statuses and dates; the procedure, the masked name and the steps need
// the last four digits of the phone, whose failures answer alike for every
// code and lock the code.
func TestPublicDossierLookupNeedsSecondFactor(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	rec := testapp.NewDossier(t, app, "1.000656", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist)) // death registration
	code := rec.GetString("code")
	unknown := code[:len(code)-4] + "9999"

	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/"+code, "")
	require.Equal(t, 200, res.Code, res.Body.String())
	for _, hidden := range []string{"Đăng ký khai tử", "1.000656", "Nguyễn", `"applicant"`, `"procedure"`, `"timeline"`, "Tiếp nhận hồ sơ", `"channel"`} {
		require.NotContains(t, res.Body.String(), hidden, "the code alone must not show %q", hidden)
	}
	d := pubDecode(t, res)
	require.Equal(t, "received", d["status"])
	require.Equal(t, false, d["details"])
	require.Equal(t, rec.GetDateTime("due_at").Time().Unix(), pubParseTime(t, d["due_at"]).Unix())

	for _, factor := range []map[string]string{{"X-Phone-Last4": pubTestLast4}, nil} {
		url := "/api/motcua/dossiers/" + code
		if factor == nil {
			url += "?phone_last4=" + pubTestLast4
		}
		res = testapp.Do(t, app, factor, http.MethodGet, url, "")
		require.Equal(t, 200, res.Code, res.Body.String())
		d = pubDecode(t, res)
		require.Equal(t, true, d["details"])
		require.Equal(t, "Đăng ký khai tử", d["procedure"].(map[string]any)["name"])
		require.Equal(t, "Nguyễn V** T**", d["applicant"])
		require.Len(t, d["timeline"], 1)
		require.NotContains(t, res.Body.String(), testapp.CitizenPhone)
	}

	res = testapp.Do(t, app, map[string]string{"X-Phone-Last4": "12a4"}, http.MethodGet, "/api/motcua/dossiers/"+code, "")
	require.Equal(t, 400, res.Code)
	require.Contains(t, res.Body.String(), `"phone_last4":{"code":"invalid_last4"`)

	for i := 0; i < 5; i++ {
		ip := "198.51.100." + string(rune('1'+i))
		wrong := pubDoFrom(t, app, ip, map[string]string{"X-Phone-Last4": "0000"}, http.MethodGet, "/api/motcua/dossiers/"+code, "")
		none := pubDoFrom(t, app, ip, map[string]string{"X-Phone-Last4": "0000"}, http.MethodGet, "/api/motcua/dossiers/"+unknown, "")
		require.Equal(t, 403, wrong.Code, wrong.Body.String())
		require.Equal(t, pubAnswer(wrong), pubAnswer(none))
		require.NotContains(t, wrong.Body.String(), "khai tử")
	}
	locked := pubDoFrom(t, app, "203.0.113.1", pubFactor, http.MethodGet, "/api/motcua/dossiers/"+code, "")
	lockedNone := pubDoFrom(t, app, "203.0.113.1", pubFactor, http.MethodGet, "/api/motcua/dossiers/"+unknown, "")
	require.Equal(t, 429, locked.Code, locked.Body.String())
	require.Equal(t, pubAnswer(locked), pubAnswer(lockedNone))
	require.NotContains(t, locked.Body.String(), "khai tử")

	// The status stays open to the code alone.
	require.Equal(t, 200, testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/"+code, "").Code)
}
