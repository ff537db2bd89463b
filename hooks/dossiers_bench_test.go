package hooks_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"motcua/internal/access"
	"motcua/testapp"
)

// intakeSetup is a demo app (cleaned up with the benchmark), the
// receptionist's headers and a dossier to receive.
func intakeSetup(b *testing.B) (*tests.TestApp, map[string]string, string) {
	app := testapp.New(b)
	b.Cleanup(app.Cleanup)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Mẫu","applicant_phone":"0900000999","channel":"in_person"}`,
		procedureID(b, app, "1.004873"))
	return app, testapp.Auth(b, app, access.Receptionist), body
}

// BenchmarkIntake receives dossiers through the API as the receptionist:
// every rule, the day's code, the deadline, the event and the audit entries.
//
//	go test ./hooks -run '^$' -bench Intake -benchmem -cpuprofile /tmp/intake.prof
func BenchmarkIntake(b *testing.B) {
	app, clerk, body := intakeSetup(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := testapp.Do(b, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body); res.Code != 200 {
			b.Fatalf("%d %s", res.Code, res.Body.String())
		}
	}
}

// BenchmarkIntakeParallel is BenchmarkIntake from 8 clients at once, as the
// load generator of make bench sends them: writers queue for SQLite's single
// write connection, so what runs inside the write transaction sets the pace.
func BenchmarkIntakeParallel(b *testing.B) {
	app, clerk, body := intakeSetup(b)
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res := testapp.Do(b, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body); res.Code != 200 {
				b.Errorf("%d %s", res.Code, res.Body.String())
				return
			}
		}
	})
}
