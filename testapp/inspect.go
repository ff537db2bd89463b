package testapp

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	selfcheck "motcua/hooks/inspect"
	"motcua/internal/inspect"
)

// RunInspection runs the self-inspection on app as of now.
func RunInspection(t testing.TB, app core.App, now time.Time) *inspect.Report {
	t.Helper()
	rep, err := selfcheck.Run(app, selfcheck.Options{Now: now})
	require.NoError(t, err)
	return rep
}

// OpenFindings maps "rule|collection|id" (inspect.Key) to the open (or
// acknowledged) finding records.
func OpenFindings(t testing.TB, app core.App) map[string]*core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter("findings", "status != 'resolved'", "", 0, 0)
	require.NoError(t, err)
	out := map[string]*core.Record{}
	for _, r := range recs {
		key := inspect.Key(r.GetString("rule"), r.GetString("subject_collection"), r.GetString("subject_id"))
		require.Nil(t, out[key], "two open findings for %s", key)
		out[key] = r
	}
	return out
}
