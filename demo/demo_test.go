package demo_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/demo"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
	"motcua/testapp"
)

var collections = []string{"office", "sectors", "procedures", "dossiers", "dossier_events", "holidays", "feedback", "findings", "_superusers"}

func counts(t *testing.T, app core.App) map[string]int64 {
	out := map[string]int64{}
	for _, c := range collections {
		n, err := app.CountRecords(c)
		require.NoError(t, err, c)
		out[c] = n
	}
	return out
}

func TestMigrationsApplyOnAnEmptyDataDirAndDemoIsIdempotent(t *testing.T) {
	app := testapp.Empty(t)
	defer app.Cleanup()
	for _, c := range collections {
		_, err := app.FindCollectionByNameOrId(c)
		require.NoError(t, err, "collection %s", c)
	}
	_, err := app.FindCollectionByNameOrId("users")
	assert.Error(t, err, "PocketBase's open users collection is removed")

	require.NoError(t, demo.Load(app))
	first := counts(t, app)
	require.NoError(t, demo.Load(app))
	assert.Equal(t, first, counts(t, app))

	assert.Equal(t, int64(1), first["office"])
	assert.Equal(t, int64(22), first["procedures"])
	assert.Equal(t, int64(len(demo.Accounts)), first["_superusers"])
	assert.Greater(t, first["dossiers"], int64(200), "a few hundred dossiers")
	for _, s := range lifecycle.Statuses {
		n, err := app.CountRecords("dossiers", dbxStatus(string(s)))
		require.NoError(t, err)
		assert.Positive(t, n, "demo dossiers in status %s", s)
	}
	for _, class := range []string{"early", "on_time", "late"} {
		n, err := app.CountRecords("dossiers", dbxClass(class))
		require.NoError(t, err)
		assert.Positive(t, n, "demo dossiers %s", class)
	}
}

// TestEveryStatusWhateverTheDay: the demo's history ends at the moment it
// is loaded, so what is still open depends on the day and the hour; every
// status must be there to show at any of them (a dossier waits for a
// supplement only for a few days: without care, on some mornings none did).
func TestEveryStatusWhateverTheDay(t *testing.T) {
	for _, now := range []string{"2026-12-02 07:25", "2027-01-04 16:50", "2027-02-17 10:00"} {
		at, err := time.ParseInLocation("2006-01-02 15:04", now, calendar.Location)
		require.NoError(t, err)
		app := testapp.Empty(t)
		require.NoError(t, demo.LoadAt(app, at))
		for _, s := range lifecycle.Statuses {
			n, err := app.CountRecords("dossiers", dbxStatus(string(s)))
			require.NoError(t, err)
			assert.Positive(t, n, "%s: demo dossiers in status %s", now, s)
		}
		app.Cleanup()
	}
}
