package hooks_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/inspect"
	"motcua/internal/calendar"
	"motcua/testapp"
)

// busyWard fills app with a year of a busy ward, by direct SQL (not through
// the hooks, which would take minutes): 40,000 dossiers and 300,000 events,
// with the usual share of late, open, stale and late-entered dossiers.
func busyWard(tb testing.TB, app core.App, now time.Time) {
	tb.Helper()
	var procs, staff []string
	if err := app.DB().NewQuery("SELECT id FROM procedures").Column(&procs); err != nil {
		tb.Fatal(err)
	}
	if err := app.DB().NewQuery("SELECT id FROM _superusers WHERE role IN ('specialist', 'receptionist', 'leader')").Column(&staff); err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(40000, 300000))
	ts := func(t time.Time) string { return "'" + t.UTC().Format(types.DefaultDateLayout) + "'" }
	const dossiers, events = 40000, 300000
	var dRows, eRows []string
	var db core.App = app
	flush := func(table, cols string, rows *[]string, force bool) {
		if len(*rows) < 400 && !(force && len(*rows) > 0) {
			return
		}
		if _, err := db.DB().NewQuery("INSERT INTO " + table + " (" + cols + ") VALUES " + strings.Join(*rows, ",")).Execute(); err != nil {
			tb.Fatal(err)
		}
		*rows = (*rows)[:0]
	}
	const dCols = "id, code, procedure, applicant_name, channel, status, received_at, due_at, original_due_at, new_due_at, " +
		"apology_at, assignee, received_by, supplement_count, ended_at, result_class, rating, rated_at, created, updated"
	const eCols = "id, dossier, at, action, actor, actor_name, from_status, to_status, to_officer, step_due_at, result, data, created, updated"
	nEvents := 0
	start := now.AddDate(-1, 0, 0)
	err := app.RunInTransaction(func(tx core.App) error {
		db = tx // the outer app would wait for the transaction's write connection
		for i := range dossiers {
			id := fmt.Sprintf("bw%013d", i)
			received := start.Add(time.Duration(rng.Int64N(int64(now.Sub(start)))))
			due := received.Add(time.Duration(1+rng.IntN(15)) * 24 * time.Hour)
			officer, clerk := staff[rng.IntN(len(staff))], staff[rng.IntN(len(staff))]
			status, ended, class, rating, rated, newDue, apology := "returned", "", "", "", "", "", ""
			supplements := 0
			if rng.IntN(10) == 0 {
				supplements = 1 + rng.IntN(2)
			}
			end := received.Add(time.Duration(float64(due.Sub(received)) * (0.2 + rng.Float64())))
			switch {
			case end.After(now) || rng.IntN(40) == 0:
				status = []string{"received", "processing", "processing", "supplement_requested", "payment_requested"}[rng.IntN(5)]
			default:
				ended = ts(end)
				class = "on_time"
				if end.After(due) || supplements > 1 {
					class = "late"
				} else if end.Sub(received) < due.Sub(received)/2 {
					class = "early"
				}
				if rng.IntN(3) == 0 {
					rating, rated = []string{"very_satisfied", "satisfied", "satisfied", "dissatisfied"}[rng.IntN(4)], ts(end.Add(time.Hour))
				}
			}
			if class == "late" && rng.IntN(2) == 0 {
				newDue, apology = ts(due.Add(48*time.Hour)), ts(due.Add(-30*time.Hour))
			}
			entered := received
			if rng.IntN(50) == 0 {
				entered = received.Add(time.Duration(25+rng.IntN(100)) * time.Hour)
			}
			dRows = append(dRows, fmt.Sprintf("('%s','BW-%06d',%q,'Nguyễn Văn Mẫu','%s','%s',%s,%s,%s,'%s','%s','%s','%s',%d,'%s','%s','%s','%s',%s,%s)",
				id, i, procs[rng.IntN(len(procs))], []string{"in_person", "in_person", "online"}[rng.IntN(3)], status,
				ts(received), ts(due), ts(due), strings.Trim(newDue, "'"), strings.Trim(apology, "'"), officer, clerk, supplements,
				strings.Trim(ended, "'"), class, rating, strings.Trim(rated, "'"), ts(entered), ts(entered)))
			// The events of the dossier: receipt, transfer, steps, end.
			want := (events - nEvents) / (dossiers - i)
			steps := []string{"receive", "transfer"}
			for len(steps) < want-1 {
				steps = append(steps, []string{"edit", "request_supplement", "supplement_received", "submit_decision"}[rng.IntN(4)])
			}
			if ended != "" {
				steps = append(steps, "decide")
			}
			span := end.Sub(entered)
			if end.After(now) {
				span = now.Sub(entered) / 2
			}
			for j, a := range steps {
				at := entered.Add(span * time.Duration(j) / time.Duration(len(steps)))
				actor, to := clerk, ""
				if a == "transfer" {
					to = officer
				} else if j > 1 {
					actor = officer
				}
				data := "{}"
				if a == "receive" {
					data = fmt.Sprintf(`{"late_entry_hours":%d}`, int(entered.Sub(received).Hours()))
				}
				eRows = append(eRows, fmt.Sprintf("('%s','%s',%s,'%s','%s','Cán bộ','','','%s',%s,'on_time','%s',%s,%s)",
					fmt.Sprintf("be%013d", nEvents), id, ts(at), a, actor, to, ts(due), data, ts(at), ts(at)))
				nEvents++
				flush("dossier_events", eCols, &eRows, false)
			}
			flush("dossiers", dCols, &dRows, false)
		}
		flush("dossiers", dCols, &dRows, true)
		flush("dossier_events", eCols, &eRows, true)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkInspectBusyWard measures a self-inspection of a year of a busy
// ward (40,000 dossiers, 300,000 events on top of the demo commune): the
// rules, the indicators with their breakdowns, and storing the findings.
// The first run (which opens every finding) is timed once and logged; the
// loop measures the daily run, which finds the same findings again.
//
//	go test ./hooks -run '^$' -bench BenchmarkInspect -benchtime 5x
func BenchmarkInspectBusyWard(b *testing.B) {
	app := testapp.New(b)
	defer app.Cleanup()
	now := time.Now()
	t0 := time.Now()
	busyWard(b, app, now)
	var nd, ne int
	_ = app.DB().NewQuery("SELECT count(*) FROM dossiers").Row(&nd)
	_ = app.DB().NewQuery("SELECT count(*) FROM dossier_events").Row(&ne)
	b.Logf("generated %d dossiers, %d events in %s", nd, ne, time.Since(t0).Round(time.Millisecond))
	year := inspect.Options{From: calendar.DateOf(now.AddDate(-1, 0, 1)), To: calendar.DateOf(now)}

	t0 = time.Now()
	rep, err := inspect.Run(app, year)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first run: %s, %d findings opened", time.Since(t0).Round(time.Millisecond), rep.Run.New)

	b.Run("daily", func(b *testing.B) {
		for b.Loop() {
			if _, err := inspect.Run(app, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("report", func(b *testing.B) {
		for b.Loop() {
			if _, err := inspect.Report(app, year); err != nil {
				b.Fatal(err)
			}
		}
	})
}
