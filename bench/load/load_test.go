package load_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"motcua/bench/load"
)

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8090/", "http://localhost:1/x", "http://[::1]:80/", "http://127.3.4.5/"} {
		require.NoError(t, load.CheckLoopback(ok), ok)
	}
	for _, bad := range []string{"http://10.0.0.1/", "http://192.168.1.2:8090/", "http://example.org/", "http://8.8.8.8/"} {
		require.Error(t, load.CheckLoopback(bad), bad)
	}
}

// TestRunStopsByItself: a run ends at its request bound, and refuses a
// target off this machine without sending anything.
func TestRunStopsByItself(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	res, err := load.Run(context.Background(), load.Config{Clients: 4, Duration: 5 * time.Second, Max: 200}, http.StatusOK,
		func(c, i int) (*http.Request, error) { return http.NewRequest(http.MethodGet, srv.URL, nil) })
	require.NoError(t, err)
	require.EqualValues(t, 200, res.Requests)
	require.Zero(t, res.Errors)

	_, err = load.Run(context.Background(), load.Config{Clients: 1, Duration: time.Second, Max: 5}, http.StatusOK,
		func(c, i int) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, "http://192.0.2.1/", nil)
		})
	require.ErrorContains(t, err, "not a loopback address")
}
