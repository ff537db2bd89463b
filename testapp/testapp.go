// Package testapp builds PocketBase test apps that run exactly Motcua's
// production hooks over the demo commune. A template data dir is made once per
// test binary (migrations, hooks, demo data) and cloned for every test, so a
// scenario starts from the same known state in milliseconds.
package testapp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"motcua/demo"
	"motcua/hooks"
	"motcua/hooks/sqlite"
	_ "motcua/pb_migrations"
)

var (
	once     sync.Once
	template string
	errSetup error
)

// RepoRoot is the repository's root folder.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..")
}

// Options are the hook options tests use: the real pb_public folder.
func Options() hooks.Options {
	return hooks.Options{Public: os.DirFS(filepath.Join(RepoRoot(), "pb_public"))}
}

// config is what the test apps open dir with: PocketBase's test settings and
// the executable's SQLite connections (hooks/sqlite).
func config(dir string) core.BaseAppConfig {
	return core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env", DBConnect: sqlite.Connect}
}

// Template returns the template data dir with the demo commune loaded.
func Template(t testing.TB) string {
	once.Do(func() {
		var dir string
		dir, errSetup = os.MkdirTemp("", "motcua_template_")
		if errSetup != nil {
			return
		}
		var app *tests.TestApp
		app, errSetup = tests.NewTestAppWithConfig(config(dir))
		if errSetup != nil {
			return
		}
		hooks.Register(app, Options())
		errSetup = demo.Load(app)
		if errSetup == nil {
			// The clone made by NewTestApp is the template from now on;
			// Cleanup would delete it, so only close the connections.
			template = app.DataDir()
			errSetup = app.ResetBootstrapState()
		}
		os.RemoveAll(dir)
	})
	if errSetup != nil {
		t.Fatalf("test template: %v", errSetup)
	}
	return template
}

// New returns a fresh app cloned from the template, with Motcua's hooks bound.
// The caller (or ApiScenario) cleans it up.
func New(t testing.TB) *tests.TestApp { return NewWith(t, Options()) }

// NewWith is New with the given hook options.
func NewWith(t testing.TB, opts hooks.Options) *tests.TestApp {
	app, err := tests.NewTestAppWithConfig(config(Template(t)))
	if err != nil {
		t.Fatal(err)
	}
	hooks.Register(app, opts)
	return app
}

// Empty returns an app on a new, empty data dir (all migrations applied, no
// demo data), with Motcua's hooks bound.
func Empty(t testing.TB) *tests.TestApp {
	app, err := tests.NewTestAppWithConfig(config(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	hooks.Register(app, Options())
	return app
}

// Beside returns a second app over app's data dir, with Motcua's hooks bound,
// as a command run beside the server opens it: its own connections, its own
// write lock to wait for. It is closed when the test ends.
func Beside(t testing.TB, app core.App) *core.BaseApp {
	other := core.NewBaseApp(config(app.DataDir()))
	if err := other.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	hooks.Register(other, Options())
	t.Cleanup(func() { other.ResetBootstrapState() })
	return other
}

// Staff returns the demo staff member with the given role (the first one).
func Staff(t testing.TB, app core.App, role string) *core.Record {
	for _, a := range demo.Accounts {
		if a.Role == role {
			rec, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, a.Email)
			if err != nil {
				t.Fatal(err)
			}
			return rec
		}
	}
	t.Fatalf("no demo account with role %q", role)
	return nil
}

// Token returns an auth token for a staff record.
func Token(t testing.TB, rec *core.Record) string {
	tok, err := rec.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Auth returns the Authorization header of the demo staff member of role.
func Auth(t testing.TB, app core.App, role string) map[string]string {
	return map[string]string{"Authorization": Token(t, Staff(t, app, role))}
}

// Main runs a package's tests and removes the template afterwards; call it
// from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if template != "" {
		os.RemoveAll(template)
	}
	os.Exit(code)
}

// muxes caches each app's router: apis.NewRouter binds hooks to the app, so
// it is built once per app.
var muxes sync.Map // *tests.TestApp -> http.Handler
var muxBuild sync.Mutex

// Handler returns the app's real HTTP handler, with every OnServe hook bound,
// as tests.ApiScenario builds it.
func Handler(t testing.TB, app *tests.TestApp) http.Handler {
	t.Helper()
	if h, ok := muxes.Load(app); ok {
		return h.(http.Handler)
	}
	muxBuild.Lock() // parallel benchmarks ask for it at once
	defer muxBuild.Unlock()
	if h, ok := muxes.Load(app); ok {
		return h.(http.Handler)
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	se := &core.ServeEvent{App: app, Router: router}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	muxes.Store(app, mux)
	t.Cleanup(func() { muxes.Delete(app) })
	return mux
}

// Do sends one request through the app's real router and returns the
// recorded response.
func Do(t testing.TB, app *tests.TestApp, headers map[string]string, method, url, body string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, url, r)
	req.Header.Set("content-type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler(t, app).ServeHTTP(rec, req)
	return rec
}
