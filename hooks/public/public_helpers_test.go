package public_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/testapp"
)

// pubNewDossier receives a dossier of the procedure with the given national
// code, as the one-stop clerk would (the rules give it its code and dates),
// and returns it as saved: read its code from it, never assume one.
func pubNewDossier(t testing.TB, app core.App, procCode string) *core.Record {
	t.Helper()
	proc, err := app.FindFirstRecordByData("procedures", "code", procCode)
	require.NoError(t, err)
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	rec := core.NewRecord(col)
	rec.Load(map[string]any{
		"procedure": proc.Id, "applicant_name": testapp.CitizenName, "applicant_phone": testapp.CitizenPhone,
		"applicant_id_number": testapp.CitizenIDNo, "applicant_address": testapp.CitizenAddress, "applicant_email": testapp.CitizenEmail,
		"channel": "in_person", "status": "received",
	})
	require.NoError(t, dossier.SaveAs(app, rec, dossier.Actor{Role: "receptionist", Name: "Trần Một Cửa Mẫu"}))
	require.NotEmpty(t, rec.GetString("code"), "the rules give every dossier a code")
	return rec
}

// pubStep moves a dossier to status as the given role, with extra fields.
func pubStep(t testing.TB, app core.App, rec *core.Record, role, status string, extra map[string]any) {
	t.Helper()
	rec.Set("status", status)
	for k, v := range extra {
		rec.Set(k, v)
	}
	require.NoError(t, dossier.SaveAs(app, rec, dossier.Actor{Role: role, At: time.Now()}))
}

// pubReturnedDossier walks a new dossier through transfer, decision and return.
func pubReturnedDossier(t testing.TB, app core.App, procCode string) *core.Record {
	t.Helper()
	rec := pubNewDossier(t, app, procCode)
	specialist := testapp.Staff(t, app, "specialist")
	pubStep(t, app, rec, "receptionist", "processing", map[string]any{"assignee": specialist.Id})
	pubStep(t, app, rec, "leader", "decided", nil)
	pubStep(t, app, rec, "receptionist", "returned", map[string]any{"returned_to": testapp.CitizenName})
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
