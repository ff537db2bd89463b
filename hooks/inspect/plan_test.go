package inspect_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	selfcheck "motcua/hooks/inspect"
	"motcua/internal/calendar"
	"motcua/testapp"
)

// TestInputLooksUpEachDossierThroughItsTimeline holds the query plan of the
// input's look-ups in a dossier's events, on a data dir without ANALYZE's
// figures (the demo commune's removed, as in a commune that never ran it): each goes
// through the dossier's timeline index, none through the (action, at)
// index, which reads every event of that kind in the office for each
// dossier (10 s of a province reading of a commune-year, BENCHMARKS.md).
func TestInputLooksUpEachDossierThroughItsTimeline(t *testing.T) {
	app := testapp.New(t)
	db := app.ConcurrentDB().(*dbx.DB)
	var mu sync.Mutex
	var queries []string
	prev := db.QueryLogFunc
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, q string, _ *sql.Rows, _ error) {
		mu.Lock()
		defer mu.Unlock()
		queries = append(queries, q)
	}
	now := time.Now()
	_, err := selfcheck.InputOf(app, selfcheck.Options{Now: now, From: calendar.DateOf(now.AddDate(0, -3, 0)), To: calendar.DateOf(now)})
	db.QueryLogFunc = prev
	require.NoError(t, err)

	var input string
	for _, q := range queries {
		if strings.Contains(q, "AS first_step") {
			input = q
		}
	}
	require.NotEmpty(t, input, "the input's dossiers query was run")
	// The plan is made on a connection of its own, opened once the data
	// dir's figures are gone (the app's connections keep theirs).
	_, err = app.DB().NewQuery("DELETE FROM sqlite_stat1").Execute()
	require.NoError(t, err)
	bare, err := dbx.Open("sqlite", filepath.Join(app.DataDir(), "data.db"))
	require.NoError(t, err)
	defer bare.Close()
	var plan []struct {
		ID     int    `db:"id"`
		Parent int    `db:"parent"`
		Detail string `db:"detail"`
	}
	require.NoError(t, bare.NewQuery("EXPLAIN QUERY PLAN "+input).All(&plan))
	subquery := map[int]bool{}
	lookups := 0
	for _, p := range plan {
		if strings.HasPrefix(p.Detail, "CORRELATED SCALAR SUBQUERY") {
			subquery[p.ID] = true
		}
		if !subquery[p.Parent] || !strings.Contains(p.Detail, "SEARCH e ") {
			continue
		}
		lookups++
		require.Contains(t, p.Detail, "idx_dossier_events_dossier_at (dossier=?", "a look-up in a dossier's events")
	}
	require.Equal(t, 5, lookups, "entry, first step, first supplement, latest apology, latest step")
}
