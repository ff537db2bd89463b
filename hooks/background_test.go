package hooks_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// hooksGoroutines counts the goroutines, other than the caller's, running
// code of the hooks packages (hooks and hooks/sqlite, whose WAL checkpointer
// is the background work).
func hooksGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := strings.Split(string(buf), "\n\n")
	count := 0
	for _, s := range stacks[1:] { // the first is the caller's
		if strings.Contains(s, "motcua/hooks.") || strings.Contains(s, "motcua/hooks/") {
			count++
		}
	}
	return count
}

// The server's background work (the WAL checkpoint every 100 ms) ends with
// its app, and the app's closing waits for it: a tick after the database is
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
			require.Equal(t, before+1, hooksGoroutines(), "the checkpoint loop runs while the app serves")
			closeApp(app)
			require.Equal(t, before, hooksGoroutines(), "the loop has ended when the app is closed")
		})
	}
}
