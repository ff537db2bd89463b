package dossier_test

import (
	"net/http"
	"testing"

	"motcua/testapp"
)

// BenchmarkIntake receives dossiers through the API as the receptionist:
// every rule, the day's code, the deadline, the event and the audit entries.
//
//	go test ./hooks/dossier/ -run '^$' -bench Intake -benchmem -cpuprofile /tmp/intake.prof
func BenchmarkIntake(b *testing.B) {
	app, clerk, body := testapp.IntakeSetup(b)
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
	app, clerk, body := testapp.IntakeSetup(b)
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
