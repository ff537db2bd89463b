package testapp

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"motcua/internal/access"
	"motcua/replica"
)

// Replicating returns a fresh demo app that replicates to a new folder once
// it serves (the first request), as `serve --replica` does, and the folder's
// replica URL.
func Replicating(t testing.TB) (*tests.TestApp, string) {
	app := New(t)
	url := "file://" + t.TempDir()
	replica.Register(app, &replica.Options{URL: url})
	return app, url
}

// Replicated uploads everything app committed to its replica (POST
// /api/motcua/replica/sync as the admin) and stops app.
func Replicated(t testing.TB, app *tests.TestApp) {
	res := Do(t, app, Auth(t, app, access.Admin), http.MethodPost, "/api/motcua/replica/sync", "")
	if res.Code != http.StatusOK {
		t.Fatalf("replica sync: %d %s", res.Code, res.Body.String())
	}
	app.Cleanup()
}
