package testapp

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"motcua/internal/access"
)

// AsRole returns an app factory for s that also signs s in as the demo staff
// member of role ("" for a guest).
func AsRole(s *tests.ApiScenario, role string) func(testing.TB) *tests.TestApp {
	return func(tb testing.TB) *tests.TestApp {
		app := New(tb)
		if role != "" {
			s.Headers = Auth(tb, app, role)
		}
		return app
	}
}

// Scenario runs one request as role ("" for a guest) on a fresh demo app and
// checks the status and the body: content if given, otherwise what that
// status must say — a refusal of the role guard names the role ("Công chức
// chuyên môn không có quyền …"), so a 403 from anywhere else (PocketBase's
// English rule message) fails the test. A refusal (4xx) must write nothing
// (NoWrites).
func Scenario(t *testing.T, name, role, method, url, body string, want int, content ...string) {
	t.Helper()
	s := &tests.ApiScenario{
		Name:            name,
		Method:          method,
		URL:             url,
		ExpectedStatus:  want,
		ExpectedContent: content,
	}
	if len(content) == 0 {
		s.ExpectedContent = expectedBody(role, want)
	}
	if want >= http.StatusBadRequest {
		s.ExpectedEvents = NoWrites
	}
	if body != "" {
		s.Body = strings.NewReader(body)
	}
	s.TestAppFactory = AsRole(s, role)
	s.Test(t)
}

// expectedBody is what a response of status must contain when the caller
// names nothing more precise.
func expectedBody(role string, status int) []string {
	switch {
	case status == http.StatusNoContent:
		return nil
	case status == http.StatusForbidden && role != "":
		return []string{`"status":403`, `"message":"` + access.RoleLabel(role) + ` không có quyền `}
	case status == http.StatusForbidden:
		return []string{`"status":403`, `"message":"Only superusers can perform this action."`}
	}
	panic(fmt.Sprintf("scenario: say what a %d must contain", status))
}

// SubscribeAs registers a realtime client and subscribes it to sub as the
// demo staff member of role; it returns the status of the subscription
// request.
func SubscribeAs(t testing.TB, app *tests.TestApp, role, sub string) int {
	client := subscriptions.NewDefaultClient()
	app.SubscriptionsBroker().Register(client)
	defer app.SubscriptionsBroker().Unregister(client.Id())
	body := fmt.Sprintf(`{"clientId":%q,"subscriptions":[%q]}`, client.Id(), sub)
	return Do(t, app, Auth(t, app, role), http.MethodPost, "/api/realtime", body).Code
}
