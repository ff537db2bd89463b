package office_test

import (
	"motcua/testapp"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"
)

// TestOfficeSecretsStayWithTheAdmin: the office record is public (the
// public page's posting), but its settings hold the SMS gateway's request
// and the replica's address, with their credentials. A guest gets neither
// the settings nor an answer to a filter on them (which would be an oracle
// spelling a secret out letter by letter); staff other than the admin see
// the settings with the secrets masked and may not filter on them either.
func TestOfficeSecretsStayWithTheAdmin(t *testing.T) {
	const secret = "AKIAMOTCUATEST"
	setup := func(t testing.TB, app *tests.TestApp) {
		office, err := app.FindFirstRecordByFilter("office", "id != ''")
		require.NoError(t, err)
		var s map[string]any
		require.NoError(t, office.UnmarshalJSONField("settings", &s))
		if s == nil {
			s = map[string]any{}
		}
		s["replica"] = "s3://" + secret + ":hunter2@motcua-bucket/xa?endpoint=http://127.0.0.1:9"
		s["notify"] = map[string]any{"sms": map[string]any{"url": "http://127.0.0.1:9/send",
			"headers": map[string]any{"Authorization": "Bearer " + secret}}}
		office.Set("settings", s)
		require.NoError(t, app.Save(office))
	}
	list := "/api/collections/office/records"
	oracle := list + "?filter=" + "(settings.replica~'" + secret + "')"
	scenarios := []tests.ApiScenario{
		{
			Name: "guest list: no settings", Method: http.MethodGet, URL: list,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"unit_code":"H15.50.05.13"`},
			NotExpectedContent: []string{secret, `"settings"`, "hunter2"},
		},
		{
			Name: "guest filter on a secret: refused", Method: http.MethodGet, URL: oracle,
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{secret, `"unit_code"`},
		},
		{
			Name: "leader: settings masked", Method: http.MethodGet, URL: list,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"settings":`, `"sms":{"configured":true}`, `"replica":"s3://motcua-bucket/xa?endpoint=http%3A%2F%2F127.0.0.1%3A9"`},
			NotExpectedContent: []string{secret, "hunter2"},
		},
		{
			Name: "receptionist filter on a secret: refused", Method: http.MethodGet, URL: oracle,
			ExpectedStatus:     http.StatusForbidden,
			NotExpectedContent: []string{secret, `"unit_code"`},
		},
		{
			Name: "admin: the settings as stored", Method: http.MethodGet, URL: list,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{secret, "hunter2", "Bearer " + secret},
		},
	}
	role := map[string]string{"leader: settings masked": "leader", "receptionist filter on a secret: refused": "receptionist",
		"admin: the settings as stored": "admin"}
	for i := range scenarios {
		s := &scenarios[i]
		s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
			app := testapp.AsRole(s, role[s.Name])(tb)
			setup(tb, app)
			return app
		}
		s.Test(t)
	}
}
