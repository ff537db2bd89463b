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

// TestInputEntryIsTheFirstInThePeriod holds the entry of a dossier received
// in the period (the first receipt, refusal or registration at or after
// the period's start) to its definition on the edges: an earlier
// registration in the period wins over the receipt, of two entries at the
// same time the one written first wins, and one before the period's start
// is not its entry.
func TestInputEntryIsTheFirstInThePeriod(t *testing.T) {
	app := testapp.New(t)
	now := time.Now()
	opts := selfcheck.Options{Now: now, From: calendar.DateOf(now.AddDate(0, -3, 0)), To: calendar.DateOf(now)}
	from := inspect.Period{From: opts.From, To: opts.To}.Start()
	start := kit.DBTime(from)
	var ids []string
	require.NoError(t, app.DB().NewQuery(`SELECT d.id FROM dossiers d WHERE d.received_at >= {:s} AND d.status != 'submitted'
		AND (SELECT min(at) FROM dossier_events e WHERE e.dossier = d.id) > {:late} ORDER BY d.id LIMIT 3`).
		Bind(dbx.Params{"s": start, "late": kit.DBTime(from.Add(time.Hour))}).Column(&ids))
	require.Len(t, ids, 3)
	first := func(id string) string {
		var at string
		require.NoError(t, app.DB().NewQuery(`SELECT min(at) FROM dossier_events WHERE dossier = {:d}`).Bind(dbx.Params{"d": id}).Row(&at))
		return at
	}
	add := func(dossier, when, action, actor string) {
		_, err := app.DB().NewQuery(`INSERT INTO dossier_events (dossier, at, action, from_status, to_status, actor_name, data, created, updated)
			VALUES ({:d}, {:at}, {:a}, '', '', {:n}, '{}', {:at}, {:at})`).
			Bind(dbx.Params{"d": dossier, "at": when, "a": action, "n": actor}).Execute()
		require.NoError(t, err)
	}
	earlier, tie := first(ids[0]), first(ids[1])
	at, err := time.Parse("2006-01-02 15:04:05.000Z", earlier)
	require.NoError(t, err)
	// A registration a minute before the receipt, in the period.
	add(ids[0], kit.DBTime(at.Add(-time.Minute)), "register", "Người Đăng Ký Trước")
	// Two entries at the same time, before the receipt: a registration,
	// then a receipt (which the (action, at) index lists first).
	t1, err := time.Parse("2006-01-02 15:04:05.000Z", tie)
	require.NoError(t, err)
	add(ids[1], kit.DBTime(t1.Add(-time.Minute)), "register", "Người Ghi Trước")
	add(ids[1], kit.DBTime(t1.Add(-time.Minute)), "receive", "Người Ghi Sau")
	// A receipt before the period: not the entry of the period.
	add(ids[2], kit.DBTime(from.Add(-time.Hour)), "receive", "Người Nhận Trước Kỳ")

	input, err := selfcheck.InputOf(app, opts)
	require.NoError(t, err)
	got := map[string]string{}
	for _, d := range input.Dossiers {
		got[d.ID] = kit.DBTime(d.EnteredAt) + "|" + d.EnteredBy
	}
	want := func(id string) string {
		var w string
		require.NoError(t, app.DB().NewQuery(`SELECT at || '|' || actor_name FROM dossier_events
			WHERE dossier = {:d} AND action IN ('receive', 'refuse', 'register') AND at >= {:s} ORDER BY at, rowid LIMIT 1`).
			Bind(dbx.Params{"d": id, "s": start}).Row(&w))
		return w
	}
	require.Equal(t, kit.DBTime(at.Add(-time.Minute))+"|Người Đăng Ký Trước", got[ids[0]], "the earlier registration")
	require.Equal(t, kit.DBTime(t1.Add(-time.Minute))+"|Người Ghi Trước", got[ids[1]], "of two at the same time, the one written first")
	require.Equal(t, want(ids[2]), got[ids[2]], "not the receipt before the period")
	require.NotContains(t, got[ids[2]], "Người Nhận Trước Kỳ")
	for _, d := range input.Dossiers {
		if d.ReceivedAt.Before(from) || d.EnteredAt.IsZero() {
			continue
		}
		require.Equal(t, want(d.ID), got[d.ID], "dossier %s", d.Code)
	}
}
