package public_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

// pubReturnedDossier walks a new dossier through transfer, decision and return.
func pubReturnedDossier(t testing.TB, app core.App, procCode string) *core.Record {
	t.Helper()
	rec := testapp.NewDossier(t, app, procCode, time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	specialist := testapp.Staff(t, app, "specialist")
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "processing", "assignee": specialist.Id}, testapp.ByRole(access.Receptionist))
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "decided"}, testapp.ByRole(access.Leader))
	testapp.Step(t, app, rec, time.Time{}, map[string]any{"status": "returned", "returned_to": testapp.CitizenName}, testapp.ByRole(access.Receptionist))
	return rec
}

// pubAppWith returns a scenario app factory that prepares data first.
func pubAppWith(prepare func(t testing.TB, app *tests.TestApp)) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := testapp.New(t)
		if prepare != nil {
			prepare(t, app)
		}
		return app
	}
}

// pubNoFeedback removes the demo commune's feedback, for tests that count
// what a request stored. Feedback is never deleted (hooks/permanent.go and a
// trigger), so the fixture goes below both: it lifts the trigger for its own
// DELETE and puts it back.
func pubNoFeedback(t testing.TB, app core.App) {
	t.Helper()
	var trigger string
	require.NoError(t, app.DB().NewQuery("SELECT sql FROM sqlite_master WHERE type='trigger' AND name='feedback_no_delete'").Row(&trigger))
	for _, q := range []string{"DROP TRIGGER feedback_no_delete", "DELETE FROM feedback", trigger} {
		_, err := app.DB().NewQuery(q).Execute()
		require.NoError(t, err, q)
	}
}

// pubFeedbackApp is a test app without feedback.
func pubFeedbackApp(t testing.TB) *tests.TestApp {
	app := testapp.New(t)
	pubNoFeedback(t, app)
	return app
}

// pubDecode reads a JSON response into a map.
func pubDecode(t testing.TB, res *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &m), res.Body.String())
	return m
}
