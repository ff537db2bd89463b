package public_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// TestPublicRateLimit: a guest gets a minute's worth of requests, then a 429
// in Vietnamese with Retry-After; other IPs and other kinds are unaffected.
func TestPublicRateLimit(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RateLimits(t, app, 10, 2)
	codes := map[int]int{}
	for i := 0; i < 12; i++ {
		codes[testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/sectors", "").Code]++
	}
	require.Equal(t, map[int]int{200: 10, 429: 2}, codes)

	res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/office", "")
	require.Equal(t, 429, res.Code)
	require.Contains(t, res.Body.String(), "quá nhiều yêu cầu")
	require.NotEmpty(t, res.Header().Get("Retry-After"))

	// POSTs have their own, smaller bucket.
	for i, want := range []int{400, 400, 429} {
		res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/feedback", `{}`)
		require.Equal(t, want, res.Code, "post %d", i)
	}

	// Staff are not limited.
	res = testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodGet, "/api/motcua/sectors", "")
	require.Equal(t, 200, res.Code)
}

func TestPublicHeaders(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()

	res := testapp.Do(t, app, map[string]string{"Accept-Encoding": "gzip"}, http.MethodGet, "/api/motcua/procedures", "")
	require.Equal(t, 200, res.Code)
	require.Equal(t, "gzip", res.Header().Get("Content-Encoding"))
	require.Equal(t, "nosniff", res.Header().Get("X-Content-Type-Options"))
	require.Contains(t, res.Header().Get("Cache-Control"), "max-age=60")

	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/H15.50.05.13-990101-9999", "")
	require.Equal(t, "no-store", res.Header().Get("Cache-Control"))

	res = testapp.Do(t, app, nil, http.MethodGet, "/", "")
	require.Equal(t, 200, res.Code)
	page := res.Body.String()
	h := res.Header()
	require.Contains(t, h.Get("Content-Security-Policy"), "default-src 'self'")
	require.Contains(t, h.Get("Content-Security-Policy"), "script-src 'self'")
	require.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	require.NotEmpty(t, h.Get("Referrer-Policy"))
	require.Equal(t, "no-cache", h.Get("Cache-Control"))
	// The staff reports page has the same policy as the page.
	reports := testapp.Do(t, app, nil, http.MethodGet, "/reports/", "")
	require.Equal(t, 200, reports.Code)
	for _, name := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
		require.Equal(t, h.Get(name), reports.Header().Get(name), name)
	}
	require.Contains(t, page, `lang="vi"`)
	require.NotContains(t, page, "<script>", "no inline script")
	require.NotContains(t, page, " style=", "no inline style")
	require.Contains(t, page, `src="/app.js?v=`)

	// Versioned assets are cached for a year.
	i := strings.Index(page, `/app.js?v=`)
	asset := page[i : i+strings.Index(page[i:], `"`)]
	res = testapp.Do(t, app, nil, http.MethodGet, asset, "")
	require.Equal(t, 200, res.Code)
	require.Contains(t, res.Header().Get("Cache-Control"), "immutable")
	require.Contains(t, res.Header().Get("Content-Type"), "javascript")

	// A shared link that lost its "#" still opens the page; a missing file is a 404.
	require.Equal(t, 200, testapp.Do(t, app, nil, http.MethodGet, "/ho-so", "").Code)
	require.Equal(t, 404, testapp.Do(t, app, nil, http.MethodGet, "/missing.png", "").Code)
	// A folder with its own index.html is served as such, not as the page.
	res = testapp.Do(t, app, nil, http.MethodGet, "/reports/", "")
	require.Equal(t, 200, res.Code)
	require.NotContains(t, res.Body.String(), `id="view-search"`)
}
