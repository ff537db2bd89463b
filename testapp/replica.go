package testapp

import (
	"encoding/json"
	"fmt"
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
	url := "file://" + t.TempDir()
	return ReplicatingTo(t, url), url
}

// ReplicatingTo returns a fresh demo app that replicates to url once it
// serves.
func ReplicatingTo(t testing.TB, url string) *tests.TestApp {
	opts := Options()
	opts.Replica = &replica.Options{URL: url}
	return NewWith(t, opts)
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

// Receive receives n dossiers of procedure 1.004873 in person through the
// API as the receptionist, applicants named name and a number, and returns
// their codes.
func Receive(t testing.TB, app *tests.TestApp, n int, name string) []string {
	proc, err := app.FindFirstRecordByFilter("procedures", "code = '1.004873'")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for i := range n {
		res := Do(t, app, Auth(t, app, access.Receptionist), http.MethodPost, "/api/collections/dossiers/records",
			fmt.Sprintf(`{"procedure":%q,"applicant_name":"%s %d","channel":"in_person"}`, proc.Id, name, i))
		if res.Code != http.StatusOK {
			t.Fatalf("receive: %d %s", res.Code, res.Body.String())
		}
		var d struct{ Code string }
		if err := json.Unmarshal(res.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, d.Code)
	}
	return codes
}
