package inspect_test

import (
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
// what each means, on four dossiers whose whole timelines the test writes:
// two apologies (the later one too late), a re-projection and a rating after
// the last step (neither is a step), a supplement asked before receipt (not
// the office's), two transfers at the same instant, a note before the
// receipt, and a dossier received before the period (entered by its first
// event, whatever it is).
func TestInputStepsMatchTheirDefinition(t *testing.T) {
	app := testapp.New(t)
	now := time.Now().Truncate(time.Millisecond)
	// Four dossiers cloned from an open one of the demo, so that their
	// timelines hold only the events written here (events cannot be deleted).
	ids := []string{"edgeapologies01", "edgetransfers01", "edgeearlyentry1", "edgeinperiod001"}
	apologies, transfers, early, inPeriod := ids[0], ids[1], ids[2], ids[3]
	at := func(d time.Duration) time.Time { return now.Add(d) }
	exec := func(sql string, params dbx.Params) {
		_, err := app.DB().NewQuery(sql).Bind(params).Execute()
		require.NoError(t, err)
	}
	exec(`CREATE TEMP TABLE edge AS SELECT * FROM dossiers WHERE status IN ('received', 'processing') ORDER BY id LIMIT 1`, nil)
	for i, id := range ids {
		exec(`UPDATE edge SET id = {:d}, code = code || '-E' || {:i}, status = 'processing', received_at = {:r}, apology_at = ''`,
			dbx.Params{"d": id, "i": i, "r": kit.DBTime(at(-5 * time.Hour))})
		exec(`INSERT INTO dossiers SELECT * FROM edge`, nil)
	}
	add := func(dossier string, when time.Time, action, from, actor, data string) {
		exec(`INSERT INTO dossier_events (dossier, at, action, from_status, to_status, actor_name, data, created, updated)
			VALUES ({:d}, {:at}, {:a}, {:f}, {:f}, {:n}, {:data}, {:at}, {:at})`,
			dbx.Params{"d": dossier, "at": kit.DBTime(when), "a": action, "f": from, "n": actor, "data": data})
	}
	add(apologies, at(-5*time.Hour), "receive", "", "Người Nhận Một", "{}")
	add(apologies, at(-4*time.Hour), "transfer", "received", "Người Chuyển Đầu", "{}")
	add(apologies, at(-time.Minute), "apologize", "processing", "Người Xin Lỗi Một", `{"too_late":false}`)
	add(apologies, at(-30*time.Second), "apologize", "processing", "Người Xin Lỗi Hai", `{"too_late":true}`)
	add(apologies, at(0), "reproject", "processing", "Hệ thống", "{}")
	exec(`UPDATE dossiers SET apology_at = {:at} WHERE id = {:d}`, dbx.Params{"at": kit.DBTime(at(-30 * time.Second)), "d": apologies})

	add(transfers, at(-6*time.Hour), "request_supplement", "submitted", "Người Hỏi Sớm", "{}")
	add(transfers, at(-5*time.Hour), "receive", "submitted", "Người Nhận Hai", "{}")
	add(transfers, at(-time.Hour), "transfer", "received", "Người Chuyển Một", "{}")
	add(transfers, at(-time.Hour), "transfer", "received", "Người Chuyển Hai", "{}")
	add(transfers, at(-time.Hour+time.Second), "request_supplement", "received", "Người Hỏi Bổ Sung", "{}")
	add(transfers, at(time.Second), "rate", "processing", "Công dân", "{}")

	exec(`UPDATE dossiers SET received_at = {:r} WHERE id = {:d}`, dbx.Params{"d": early, "r": kit.DBTime(at(-400 * 24 * time.Hour))})
	add(early, at(-401*24*time.Hour), "note", "", "Người Ghi Trước Kỳ", "{}")
	add(early, at(-400*24*time.Hour), "receive", "", "Người Nhận Ba", "{}")

	add(inPeriod, at(-6*time.Hour), "note", "", "Người Ghi Trước", "{}")
	add(inPeriod, at(-5*time.Hour), "receive", "", "Người Nhận Bốn", "{}")

	opts := selfcheck.Options{Now: now, From: calendar.DateOf(now.AddDate(0, -3, 0)), To: calendar.DateOf(now)}
	input, err := selfcheck.InputOf(app, opts)
	require.NoError(t, err)
	read := map[string]inspect.Dossier{}
	for _, d := range input.Dossiers {
		read[d.ID] = d
	}
	for _, id := range ids {
		require.Contains(t, read, id, "an open dossier is read")
	}
	step := func(d inspect.Dossier, what string, gotAt time.Time, gotBy string, wantAt time.Time, wantBy ...string) {
		t.Helper()
		require.True(t, wantAt.Equal(gotAt), "%s %s: at %v, want %v", d.Code, what, gotAt, wantAt)
		require.Contains(t, wantBy, gotBy, "%s %s: by", d.Code, what)
	}
	none := func(d inspect.Dossier, what string, gotAt time.Time, gotBy string) {
		t.Helper()
		require.True(t, gotAt.IsZero() && gotBy == "", "%s %s: none expected, got %v by %q", d.Code, what, gotAt, gotBy)
	}

	d := read[apologies]
	step(d, "first step", d.FirstStepAt, d.FirstStepBy, at(-4*time.Hour), "Người Chuyển Đầu")
	none(d, "supplement", d.SupplementAt, d.SupplementBy)
	require.True(t, d.ApologyTooLate, "the latest apology counts, and it was too late")
	require.Equal(t, "Người Xin Lỗi Hai", d.ApologyBy)
	step(d, "last step (a re-projection is not one)", d.LastStepAt, d.LastStepBy, at(-30*time.Second), "Người Xin Lỗi Hai")
	step(d, "entry", d.EnteredAt, d.EnteredBy, at(-5*time.Hour), "Người Nhận Một")

	d = read[transfers]
	// Two transfers at the same instant: either is the first step (their
	// order is the ids', which are random).
	step(d, "first step", d.FirstStepAt, d.FirstStepBy, at(-time.Hour), "Người Chuyển Một", "Người Chuyển Hai")
	step(d, "supplement (not the one asked before receipt)", d.SupplementAt, d.SupplementBy, at(-time.Hour+time.Second), "Người Hỏi Bổ Sung")
	step(d, "last step (a rating is not one)", d.LastStepAt, d.LastStepBy, at(-time.Hour+time.Second), "Người Hỏi Bổ Sung")
	require.False(t, d.ApologyTooLate)
	require.Empty(t, d.ApologyBy, "no apology without apology_at")
	step(d, "entry", d.EnteredAt, d.EnteredBy, at(-5*time.Hour), "Người Nhận Hai")

	d = read[early]
	step(d, "entry (received before the period: its first event)", d.EnteredAt, d.EnteredBy, at(-401*24*time.Hour), "Người Ghi Trước Kỳ")
	none(d, "first step", d.FirstStepAt, d.FirstStepBy)
	step(d, "last step", d.LastStepAt, d.LastStepBy, at(-400*24*time.Hour), "Người Nhận Ba")

	d = read[inPeriod]
	step(d, "entry (received in the period: its receipt, not a note before it)", d.EnteredAt, d.EnteredBy, at(-5*time.Hour), "Người Nhận Bốn")
	none(d, "first step", d.FirstStepAt, d.FirstStepBy)
	none(d, "supplement", d.SupplementAt, d.SupplementBy)
}
