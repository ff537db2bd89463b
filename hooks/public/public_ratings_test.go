package public_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

func pubRatingBody(code, last4, rating string) string {
	b, _ := json.Marshal(map[string]any{
		"code": code, "phone_last4": last4, "rating": rating, "comment": "Cán bộ hướng dẫn tận tình.",
		"criteria": map[string]string{"time": "satisfied", "attitude": "very_satisfied"},
	})
	return string(b)
}

func TestPublicRatingRules(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 0, 0)
	returned := pubReturnedDossier(t, app, "1.004873")
	open := testapp.NewDossier(t, app, "1.004873", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	code := returned.GetString("code")

	post := func(body string) (int, string) {
		res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/ratings", body)
		return res.Code, res.Body.String()
	}

	// Bad input names the field.
	status, body := post(`{"code":"x","phone_last4":"12","rating":"great"}`)
	require.Equal(t, 400, status)
	require.Contains(t, body, `"code":{"code":"invalid_code"`)
	require.Contains(t, body, `"phone_last4":{"code":"invalid_last4"`)
	require.Contains(t, body, `"rating":{"code":"required"`)

	// Unknown dossier: the answer of a wrong phone (public_factor_test.go).
	status, body = post(pubRatingBody("H15.50.05.13-990101-9999", "3987", "satisfied"))
	require.Equal(t, 403, status, body)

	// Wrong digits: refused without telling anything about the dossier.
	status, body = post(pubRatingBody(code, "1234", "satisfied"))
	require.Equal(t, 403, status, body)
	require.Contains(t, body, "không khớp")
	for _, secret := range []string{"3987", "returned", "Đã trả kết quả", testapp.CitizenName} {
		require.NotContains(t, body, secret)
	}

	// Not returned yet.
	status, body = post(pubRatingBody(open.GetString("code"), "3987", "satisfied"))
	require.Equal(t, 400, status, body)
	require.Contains(t, body, "Chỉ đánh giá được hồ sơ đã trả kết quả")

	// The right holder rates once.
	status, body = post(pubRatingBody(code, "3987", "very_satisfied"))
	require.Equal(t, 200, status, body)
	require.Contains(t, body, "Cảm ơn")
	rec, err := app.FindRecordById("dossiers", returned.Id)
	require.NoError(t, err)
	require.Equal(t, "very_satisfied", rec.GetString("rating"))
	require.Contains(t, rec.GetString("rating_comment"), "Cán bộ hướng dẫn tận tình.")
	var criteria map[string]string
	require.NoError(t, rec.UnmarshalJSONField("rating_criteria", &criteria))
	require.Equal(t, "very_satisfied", criteria["attitude"])
	require.False(t, rec.GetDateTime("rated_at").IsZero())

	// Twice: refused, the first rating kept.
	status, body = post(pubRatingBody(code, "3987", "dissatisfied"))
	require.Equal(t, 409, status, body)
	require.Contains(t, body, "đã được đánh giá")
	rec, err = app.FindRecordById("dossiers", returned.Id)
	require.NoError(t, err)
	require.Equal(t, "very_satisfied", rec.GetString("rating"))

	// The look-up now says it was rated.
	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/"+code, "")
	d := pubDecode(t, res)
	require.Equal(t, true, d["rated"])
	require.Equal(t, false, d["can_rate"])
}

// TestPublicRatingEvents: the holder's rating is one update of the dossier
// (its rating fields) and its "rate" event; every refusal fires no record
// hook at all.
func TestPublicRatingEvents(t *testing.T) {
	var code, open string
	factory := func(rated bool) func(testing.TB) *tests.TestApp {
		return func(t testing.TB) *tests.TestApp {
			app := testapp.New(t)
			testapp.RateLimits(t, app, 0, 0)
			returned := pubReturnedDossier(t, app, "1.004873")
			code = returned.GetString("code")
			open = testapp.NewDossier(t, app, "1.004873", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist)).GetString("code")
			if rated { // as the route saves a rating
				returned.Set("rating", "very_satisfied")
				returned.Set("rated_at", time.Now())
				require.NoError(t, app.Save(returned))
			}
			return app
		}
	}
	scenarios := []struct {
		tests.ApiScenario
		body func() string
	}{
		{tests.ApiScenario{Name: "the holder rates", TestAppFactory: factory(false), ExpectedStatus: 200,
			ExpectedContent: []string{"Cảm ơn"},
			// The dossier's rating and its "rate" event, in one transaction.
			ExpectedEvents: testapp.Events(testapp.Validates(1), testapp.Updates(1), testapp.Creates(1))},
			func() string { return pubRatingBody(code, "3987", "very_satisfied") }},
		{tests.ApiScenario{Name: "wrong digits", TestAppFactory: factory(false), ExpectedStatus: 403,
			ExpectedContent: []string{"không khớp"}, ExpectedEvents: testapp.NoEvents},
			func() string { return pubRatingBody(code, "1234", "satisfied") }},
		{tests.ApiScenario{Name: "not returned yet", TestAppFactory: factory(false), ExpectedStatus: 400,
			ExpectedContent: []string{"Chỉ đánh giá được hồ sơ đã trả kết quả"}, ExpectedEvents: testapp.NoEvents},
			func() string { return pubRatingBody(open, "3987", "satisfied") }},
		{tests.ApiScenario{Name: "twice", TestAppFactory: factory(true), ExpectedStatus: 409,
			ExpectedContent: []string{"đã được đánh giá"}, ExpectedEvents: testapp.NoEvents},
			func() string { return pubRatingBody(code, "3987", "dissatisfied") }},
	}
	for _, sc := range scenarios {
		s := sc.ApiScenario
		s.Method, s.URL = http.MethodPost, "/api/motcua/ratings"
		s.Headers = map[string]string{"Content-Type": "application/json"}
		body := sc.body
		factory := s.TestAppFactory
		s.TestAppFactory = func(t testing.TB) *tests.TestApp {
			app := factory(t)
			s.Body = strings.NewReader(body())
			return app
		}
		s.Test(t)
	}
}

func TestPublicRatingBadBodies(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/ratings", `{"code":"`+"\xc3\x28"+`"}`)
	require.Equal(t, 400, res.Code)
	require.Contains(t, res.Body.String(), "UTF-8")
	res = testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/ratings", `{"comment":"`+string(make([]byte, 20<<10))+`"}`)
	require.Equal(t, 413, res.Code)
	res = testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/ratings",
		`{"code":"H15.50.05.13-261008-0975","phone_last4":"1234","rating":"satisfied","criteria":{"speed":"wow"}}`)
	require.Equal(t, 400, res.Code)
	require.Contains(t, res.Body.String(), `"criteria":{"code":"invalid_criteria"`)
}
