package testapp

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/internal/access"
)

// System is the actor of Go code in tests: any legal step, no role limits.
var System = dossier.Actor{Name: "Kiểm thử"}

// ProcedureID returns the id of a demo procedure by its national code.
func ProcedureID(t testing.TB, app core.App, code string) string {
	p, err := app.FindFirstRecordByData("procedures", "code", code)
	require.NoError(t, err)
	return p.Id
}

// DossierOption changes what NewDossier receives, or who takes a step of
// NewDossier or Step.
type DossierOption func(d *core.Record, by *dossier.Actor)

// ByRole makes the step System's with the limits of a staff role (the
// lifecycle's rules for that role apply).
func ByRole(role string) DossierOption {
	return func(_ *core.Record, by *dossier.Actor) { by.Role = role }
}

// OfCitizen gives a new dossier the test citizen's personal data (name,
// phone, ID number, address, email: public.go), which no public answer may
// show.
func OfCitizen(d *core.Record, _ *dossier.Actor) {
	d.Load(map[string]any{
		"applicant_name": CitizenName, "applicant_phone": CitizenPhone, "applicant_id_number": CitizenIDNo,
		"applicant_address": CitizenAddress, "applicant_email": CitizenEmail,
	})
}

// NewDossier receives a dossier of procedure code as System at `at` (zero:
// now), through dossier.SaveAs (every rule of the intake).
func NewDossier(t testing.TB, app core.App, code string, at time.Time, opts ...DossierOption) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Load(map[string]any{
		"procedure": ProcedureID(t, app, code), "applicant_name": "Nguyễn Văn Kiểm Thử",
		"applicant_phone": "0900999001", "channel": "in_person",
	})
	a := System
	if !at.IsZero() {
		d.Set("received_at", at)
		a.At = at
	}
	for _, o := range opts {
		o(d, &a)
	}
	require.NoError(t, dossier.SaveAs(app, d, a))
	return d
}

// Step sets fields on d and saves it as System at `at` (zero: now).
func Step(t testing.TB, app core.App, d *core.Record, at time.Time, fields map[string]any, opts ...DossierOption) {
	t.Helper()
	for k, v := range fields {
		d.Set(k, v)
	}
	a := System
	a.At = at
	for _, o := range opts {
		o(d, &a)
	}
	require.NoError(t, dossier.SaveAs(app, d, a))
}

// DossierIn returns a new dossier walked to status, assigned to the demo
// specialist.
func DossierIn(t testing.TB, app core.App, status string) *core.Record {
	spec := Staff(t, app, access.Specialist)
	d := NewDossier(t, app, "1.004873", time.Time{})
	walk := map[string][]map[string]any{
		"received":             {},
		"processing":           {{"status": "processing", "assignee": spec.Id}},
		"supplement_requested": {{"status": "processing", "assignee": spec.Id}, {"status": "supplement_requested", "note": "Thiếu giấy tờ", "missing_items": []string{"Tờ khai"}}},
		"payment_requested":    {{"status": "processing", "assignee": spec.Id}, {"status": "payment_requested", "note": "Nộp lệ phí"}},
		"decided":              {{"status": "processing", "assignee": spec.Id}, {"status": "decided", "note": ""}},
		"returned":             {{"status": "processing", "assignee": spec.Id}, {"status": "decided"}, {"status": "returned", "returned_to": "Người nhận"}},
		"stopped":              {{"status": "processing", "assignee": spec.Id}, {"status": "stopped", "note": "Dừng"}},
		"withdrawal_requested": {{"status": "processing", "assignee": spec.Id}, {"status": "withdrawal_requested", "note": "Rút"}},
	}[status]
	for _, f := range walk {
		Step(t, app, d, time.Time{}, f)
	}
	require.Equal(t, status, d.GetString("status"))
	return d
}

// DemoDossier returns the first demo dossier (by code) matching filter.
func DemoDossier(t testing.TB, app core.App, filter string) *core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter("dossiers", filter, "code", 1, 0)
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no demo dossier with %s", filter)
	return recs[0]
}
