package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/internal/goroutines"
	"motcua/testapp"
)

// hooksGoroutines counts the goroutines, other than the caller's, running
// code of the hooks packages: the WAL checkpointer (hooks/sqlite) and the
// notifications worker (hooks/notify) are their background work.
func hooksGoroutines() int {
	return goroutines.Count("motcua/hooks.", "motcua/hooks/")
}

// The server's background work (the WAL checkpoint loop and the
// notifications worker) ends with its app, and the app's closing waits for it: a tick after the database is
// closed panicked the whole test binary under load (issue 14, row 7).
func TestBackgroundWorkStopsWithItsApp(t *testing.T) {
	for name, closeApp := range map[string]func(app *tests.TestApp){
		"terminate (Cleanup)": func(app *tests.TestApp) { app.Cleanup() },
		"ResetBootstrapState": func(app *tests.TestApp) {
			require.NoError(t, app.ResetBootstrapState())
			t.Cleanup(app.Cleanup)
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := hooksGoroutines()
			app := testapp.New(t)
			testapp.Handler(t, app) // OnServe, as `serve` and ApiScenario trigger it
			require.Equal(t, before+2, hooksGoroutines(), "the checkpoint loop and the notifications worker run while the app serves")
			closeApp(app)
			require.Equal(t, before, hooksGoroutines(), "both have ended when the app is closed")
		})
	}
}
