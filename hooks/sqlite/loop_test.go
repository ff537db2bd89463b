package sqlite

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/stretchr/testify/require"

	"motcua/internal/goroutines"
)

// loopGoroutines counts the goroutines running this package's loop. Its
// creator names it, whether it has started yet or not (not started, its top
// frame is a wrapper of run).
func loopGoroutines() int {
	return goroutines.Count("created by motcua/hooks/sqlite.(*backgroundLoop).start")
}

// newApp is a test app over a new, empty data dir (not PocketBase's test
// data: this package's external tests link Motcua's migrations, which do not
// apply over it), opened with Connect, with the layer registered.
func newApp(t *testing.T) *tests.TestApp {
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: t.TempDir(), EncryptionEnv: "pb_test_env", DBConnect: Connect})
	require.NoError(t, err)
	t.Cleanup(app.Cleanup) // also when an assertion stops the test early
	Register(app)
	return app
}

func serve(t *testing.T, app core.App) {
	r := router.NewRouter(func(w http.ResponseWriter, r *http.Request) (*core.RequestEvent, router.EventCleanupFunc) {
		return &core.RequestEvent{}, nil
	})
	require.NoError(t, app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error { return nil }))
}

// The WAL checkpointer runs while its app serves and has ended when the app
// terminates or resets; switched off, it never starts.
func TestCheckpointerLivesWithItsApp(t *testing.T) {
	before := loopGoroutines()
	for name, end := range map[string]func(app *tests.TestApp){
		"terminate (Cleanup)": func(app *tests.TestApp) { app.Cleanup() },
		"reset":               func(app *tests.TestApp) { require.NoError(t, app.ResetBootstrapState()) },
	} {
		t.Run(name, func(t *testing.T) {
			app := newApp(t)
			serve(t, app)
			serve(t, app) // tests serve one app more than once: one loop
			require.Equal(t, before+1, loopGoroutines(), "the checkpointer runs while the app serves")
			end(app)
			require.Equal(t, before, loopGoroutines(), "the checkpointer has ended with its app")
		})
	}
	t.Run("disabled", func(t *testing.T) {
		app := newApp(t)
		DisableIdleCheckpoint(app)
		serve(t, app)
		require.Equal(t, before, loopGoroutines(), "no checkpointer once switched off")
	})
	t.Run("disabled while serving", func(t *testing.T) {
		app := newApp(t)
		serve(t, app)
		require.Equal(t, before+1, loopGoroutines())
		DisableIdleCheckpoint(app)
		require.Equal(t, before, loopGoroutines(), "switched off, the running checkpointer stops")
	})
}
