package testapp

import (
	"fmt"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"motcua/internal/access"
)

// BenchCollection adds a dossier-like collection that no Motcua hook but the
// audit touches, so that two apps compared do the same work apart from the
// audit.
func BenchCollection(b testing.TB, app core.App) *core.Collection {
	c := core.NewBaseCollection("bench_dossiers")
	c.Fields.Add(
		&core.TextField{Name: "code"}, &core.TextField{Name: "applicant_name"},
		&core.TextField{Name: "applicant_phone"}, &core.TextField{Name: "status"},
		&core.TextField{Name: "note"}, &core.DateField{Name: "received_at"},
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
	if err := app.Save(c); err != nil {
		b.Fatal(err)
	}
	return c
}

// IntakeSetup is a demo app (cleaned up with the benchmark), the
// receptionist's headers and the body of a dossier to receive.
func IntakeSetup(b testing.TB) (*tests.TestApp, map[string]string, string) {
	app := New(b)
	b.Cleanup(app.Cleanup)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Mẫu","applicant_phone":"0900000999","channel":"in_person"}`,
		ProcedureID(b, app, "1.004873"))
	return app, Auth(b, app, access.Receptionist), body
}
