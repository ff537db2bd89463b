package public_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// The public routes against bare PocketBase's record API on the same app and
// data, in-process through the real router (every hook and middleware bound):
//
//	go test ./hooks/public/ -run '^$' -bench 'BenchmarkPublic' -benchmem
//
// Figures are reported, never asserted; see BENCHMARKS.md.

func pubBenchMux(b *testing.B) (http.Handler, map[string]string, string, string) {
	app := testapp.New(b)
	b.Cleanup(app.Cleanup)
	testapp.RateLimits(b, app, 0, 0)
	rec := pubReturnedDossier(b, app, "1.004873")
	router, err := apis.NewRouter(app)
	require.NoError(b, err)
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	require.NoError(b, err)
	return mux, testapp.Auth(b, app, "admin"), rec.Id, rec.GetString("code")
}

func pubBenchGet(b *testing.B, mux http.Handler, headers map[string]string, target string) {
	b.Helper()
	// Warm-up, and a check that the route answers.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	mux.ServeHTTP(rec, req)
	require.Equal(b, 200, rec.Code, rec.Body.String())
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, target, nil)
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			mux.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("%s: %d", target, rec.Code)
			}
		}
	})
}

func BenchmarkPublicSearch(b *testing.B) {
	mux, _, _, _ := pubBenchMux(b)
	filter := url.QueryEscape(`published = true && search_text ~ "khai" && search_text ~ "sinh"`)
	b.Run("pocketbase-list", func(b *testing.B) {
		pubBenchGet(b, mux, nil, "/api/collections/procedures/records?skipTotal=1&filter="+filter)
	})
	b.Run("motcua-search", func(b *testing.B) {
		pubBenchGet(b, mux, nil, "/api/motcua/procedures?q=khai+sinh")
	})
	b.Run("motcua-catalogue", func(b *testing.B) {
		pubBenchGet(b, mux, nil, "/api/motcua/procedures")
	})
}

func BenchmarkPublicLookup(b *testing.B) {
	mux, admin, id, code := pubBenchMux(b)
	b.Run("pocketbase-view", func(b *testing.B) {
		pubBenchGet(b, mux, admin, "/api/collections/dossiers/records/"+id)
	})
	b.Run("pocketbase-guest-view", func(b *testing.B) {
		// The view rule opened to guests in this benchmark's app only, as
		// the bare PocketBase of `make bench` has it: no token to check.
		app := testapp.New(b)
		b.Cleanup(app.Cleanup)
		col, err := app.FindCollectionByNameOrId("dossiers")
		require.NoError(b, err)
		col.ViewRule = types.Pointer("")
		require.NoError(b, app.Save(col))
		d, err := app.FindFirstRecordByFilter("dossiers", "status = 'returned'")
		require.NoError(b, err)
		pubBenchGet(b, testapp.Handler(b, app), nil, "/api/collections/dossiers/records/"+d.Id)
	})
	b.Run("motcua-lookup", func(b *testing.B) {
		pubBenchGet(b, mux, nil, "/api/motcua/dossiers/"+code)
	})
}
