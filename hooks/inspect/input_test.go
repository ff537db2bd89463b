package inspect_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	selfcheck "motcua/hooks/inspect"
	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/testapp"
)

// TestInputStepsMatchTheirDefinition holds the dossiers' steps the rules read
// (entry, first step, first supplement asked, latest apology, latest step) to
// their definition, written here as one SQL look-up per dossier and field
// (so a faster way of reading them must give the same), over the demo
// commune plus events on the edges: a re-projection and a rating after
// the last step, a second apology (too late), a supplement asked of a
// submitted dossier, two events at the same time, an event before the period.
func TestInputStepsMatchTheirDefinition(t *testing.T) {
	app := testapp.New(t)
	now := time.Now()
	var open []string
	require.NoError(t, app.DB().NewQuery(`SELECT id FROM dossiers WHERE status IN ('received', 'processing') ORDER BY id LIMIT 3`).Column(&open))
	require.Len(t, open, 3)
	at := func(d time.Duration) string { return kit.DBTime(now.Add(d)) }
	add := func(dossier, when, action, from, actor, data string) {
		_, err := app.DB().NewQuery(`INSERT INTO dossier_events (dossier, at, action, from_status, to_status, actor_name, data, created, updated)
			VALUES ({:d}, {:at}, {:a}, {:f}, {:f}, {:n}, {:data}, {:at}, {:at})`).
			Bind(dbx.Params{"d": dossier, "at": when, "a": action, "f": from, "n": actor, "data": data}).Execute()
		require.NoError(t, err)
	}
	add(open[0], at(-time.Minute), "apologize", "processing", "Người Xin Lỗi Một", `{"too_late":false}`)
	add(open[0], at(-30*time.Second), "apologize", "processing", "Người Xin Lỗi Hai", `{"too_late":true}`)
	add(open[0], at(0), "reproject", "processing", "Hệ thống", "{}")
	add(open[1], at(-2*time.Hour), "request_supplement", "submitted", "Người Hỏi Sớm", "{}")
	add(open[1], at(-time.Hour), "transfer", "received", "Người Chuyển Một", "{}")
	add(open[1], at(-time.Hour), "transfer", "received", "Người Chuyển Hai", "{}")
	add(open[1], at(-time.Hour+time.Second), "request_supplement", "received", "Người Hỏi Bổ Sung", "{}")
	add(open[1], at(time.Second), "rate", "processing", "Công dân", "{}")
	add(open[2], at(-400*24*time.Hour), "note", "", "Người Ghi Trước Kỳ", "{}")
	_, err := app.DB().NewQuery(`UPDATE dossiers SET apology_at = {:at} WHERE id = {:d}`).Bind(dbx.Params{"at": at(0), "d": open[0]}).Execute()
	require.NoError(t, err)

	opts := selfcheck.Options{Now: now, From: calendar.DateOf(now.AddDate(0, -3, 0)), To: calendar.DateOf(now)}
	input, err := selfcheck.InputOf(app, opts)
	require.NoError(t, err)
	require.Greater(t, len(input.Dossiers), 10)
	s, e := kit.DBTime(input.Period.Start()), kit.DBTime(input.Period.End())
	seen := map[string]bool{}
	for _, d := range input.Dossiers {
		seen[d.ID] = true
		var want struct {
			Status     string `db:"Status"`
			Entered    string `db:"Entered"`
			FirstStep  string `db:"FirstStep"`
			Supplement string `db:"Supplement"`
			Apology    string `db:"Apology"`
			LastStep   string `db:"LastStep"`
		}
		require.NoError(t, app.DB().NewQuery(`SELECT d.status AS Status,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND e.from_status = 'received'
				AND e.action IN ('transfer', 'request_supplement', 'request_withdrawal', 'stop') ORDER BY e.at LIMIT 1), '') AS FirstStep,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND e.action = 'request_supplement'
				AND e.from_status NOT IN ('', 'submitted') ORDER BY e.at LIMIT 1), '') AS Supplement,
			CASE WHEN d.received_at < {:s} OR d.received_at >= {:e} THEN COALESCE((SELECT e.at || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id ORDER BY e.at LIMIT 1), '') ELSE '' END AS Entered,
			CASE WHEN d.apology_at != '' THEN COALESCE((SELECT COALESCE(json_extract(e.data, '$.too_late'), 0) || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id AND e.action = 'apologize' ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS Apology,
			CASE WHEN d.status IN ('received', 'processing', 'supplement_requested', 'payment_requested') THEN COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e
				WHERE e.dossier = d.id AND e.action NOT IN ('reproject', 'rate') ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS LastStep
			FROM dossiers d WHERE d.id = {:id}`).Bind(dbx.Params{"id": d.ID, "s": s, "e": e}).One(&want))
		pair := func(at time.Time, who string) string {
			if at.IsZero() {
				return ""
			}
			return kit.DBTime(at) + "|" + who
		}
		name := fmt.Sprintf("dossier %s (%s)", d.Code, want.Status)
		if want.Entered != "" {
			require.Equal(t, want.Entered, pair(d.EnteredAt, d.EnteredBy), name+": entry")
		}
		require.Equal(t, want.FirstStep, pair(d.FirstStepAt, d.FirstStepBy), name+": first step")
		require.Equal(t, want.Supplement, pair(d.SupplementAt, d.SupplementBy), name+": supplement")
		require.Equal(t, want.LastStep, pair(d.LastStepAt, d.LastStepBy), name+": last step")
		apology := ""
		if want.Apology != "" {
			apology = map[bool]string{true: "1", false: "0"}[d.ApologyTooLate] + "|" + d.ApologyBy
		}
		require.Equal(t, want.Apology, apology, name+": apology")
	}
	for _, id := range open {
		require.True(t, seen[id], "the open dossier %s is read", id)
	}
	var got inspect.Dossier
	for _, d := range input.Dossiers {
		if d.ID == open[0] {
			got = d
		}
	}
	require.True(t, got.ApologyTooLate, "the latest apology counts")
	require.Equal(t, "Người Xin Lỗi Hai", got.ApologyBy)
}
