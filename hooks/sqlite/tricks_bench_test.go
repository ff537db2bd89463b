package sqlite_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/stretchr/testify/require"

	"motcua/hooks/sqlite"
	"motcua/testapp"
)

// BenchmarkTricks measures what each speed trick of the SQLite layer buys on
// the two figures the office sees, in one run: intake (8 clients, as make
// bench sends them) beside bare PocketBase's create, and the public look-up
// beside bare PocketBase's view by id, each trick switched off in turn
// (MOTCUA_BENCH_OFF, hooks/sqlite/tricks.go). Compare the ratios of one run:
//
//	go test ./hooks/sqlite/ -run '^$' -bench Tricks -count 3
//
// Bare is PocketBase with none of Motcua's hooks nor connections, on a copy
// of the same template data dir: a create of a 14-field record as superuser,
// a guest view by id.
func BenchmarkTricks(b *testing.B) {
	b.Run("create/bare", func(b *testing.B) {
		app, err := tests.NewTestApp(testapp.Template(b))
		require.NoError(b, err)
		b.Cleanup(app.Cleanup)
		c := testapp.BenchCollection(b, app)
		c.CreateRule = types.Pointer("")
		require.NoError(b, app.Save(c))
		body := `{"code":"H15.50.05.13-261008-0001","applicant_name":"Nguyễn Văn Mẫu","applicant_phone":"0900000999","status":"received","note":"Hồ sơ đầy đủ"}`
		parallel(b, app, nil, http.MethodPost, "/api/collections/bench_dossiers/records", body)
	})
	for _, off := range []string{"", sqlite.TrickStmtCache, sqlite.TrickCheckpoint} {
		b.Run("intake/off="+off, func(b *testing.B) {
			b.Setenv("MOTCUA_BENCH_OFF", off)
			app, clerk, body := testapp.IntakeSetup(b)
			parallel(b, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body)
		})
	}
	b.Run("view/bare", func(b *testing.B) {
		app, err := tests.NewTestApp(testapp.Template(b))
		require.NoError(b, err)
		b.Cleanup(app.Cleanup)
		col, err := app.FindCollectionByNameOrId("dossiers")
		require.NoError(b, err)
		col.ViewRule = types.Pointer("")
		require.NoError(b, app.Save(col))
		d, err := app.FindFirstRecordByFilter("dossiers", "status = 'returned'")
		require.NoError(b, err)
		parallel(b, app, nil, http.MethodGet, "/api/collections/dossiers/records/"+d.Id, "")
	})
	for _, off := range []string{"", sqlite.TrickStmtCache} {
		b.Run("lookup/off="+off, func(b *testing.B) {
			b.Setenv("MOTCUA_BENCH_OFF", off)
			app := testapp.New(b)
			b.Cleanup(app.Cleanup)
			testapp.RateLimits(b, app, 0, 0)
			var code string
			require.NoError(b, app.DB().NewQuery("SELECT code FROM dossiers WHERE status = 'returned' LIMIT 1").Row(&code))
			parallel(b, app, nil, http.MethodGet, "/api/motcua/dossiers/"+code, "")
		})
	}
}

// parallel sends the request from 8 clients until b.N are answered.
func parallel(b *testing.B, app *tests.TestApp, headers map[string]string, method, url, body string) {
	if res := testapp.Do(b, app, headers, method, url, body); res.Code != 200 {
		b.Fatalf("%d %s", res.Code, res.Body.String())
	}
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res := testapp.Do(b, app, headers, method, url, body); res.Code != 200 {
				b.Errorf("%d %s", res.Code, res.Body.String())
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
