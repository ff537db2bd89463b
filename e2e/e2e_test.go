// Package e2e tests the real executable: it builds motcua, loads the demo
// commune into a temporary data dir, serves it on a free loopback port and
// talks to it over HTTP, as the IT officer and the clerks would.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "motcua_e2e_")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "motcua")
	if other := os.Getenv("MOTCUA_E2E_BINARY"); other != "" {
		// Another build (an older release, to measure "before").
		binary = other
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build motcua:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary and returns its combined output and exit code.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	out, err := cmd.CombinedOutput()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return string(out), code
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

func TestDemoServeAndHTTP(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "motcua@ninhxuan.example")
	assert.Contains(t, out, "receptionist")
	out, code = run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, "demo is idempotent: "+out)

	base := startServer(t, data)
	client := &http.Client{Timeout: 10 * time.Second}

	get := func(path string) (int, string) {
		res, err := client.Get(base + path)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := get("/")
	assert.Equal(t, 200, status)
	assert.Contains(t, body, `lang="vi"`)
	status, body = get("/_/")
	assert.Equal(t, 200, status)
	assert.Contains(t, body, "<title>PocketBase</title>", "the admin UI wins over the public page at /_/")
	status, _ = get("/api/health")
	assert.Equal(t, 200, status)

	// A clerk signs in and receives a dossier through the real server.
	token := signIn(t, client, base, "motcua@ninhxuan.example", "Motcua@2026")
	status, body = get("/api/collections/procedures/records?filter=" + urlq("code='1.004873'"))
	require.Equal(t, 200, status, body)
	var procs struct {
		Items []struct{ ID string } `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &procs))
	require.Len(t, procs.Items, 1)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/collections/dossiers/records",
		strings.NewReader(fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Kiểm Thử","channel":"in_person"}`, procs.Items[0].ID)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := client.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode, string(b))
	assert.Regexp(t, `"code":"H15\.50\.05\.13-\d{6}-\d{4}"`, string(b))

	// The same clerk's admin UI reads only the display settings: no secret.
	req, _ = http.NewRequest(http.MethodGet, base+"/api/settings", nil)
	req.Header.Set("Authorization", token)
	res, err = client.Do(req)
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
	assert.Contains(t, string(b), `"hideControls":true`)
	assert.NotContains(t, string(b), `smtp`)
	// ... and may not change them.
	req, _ = http.NewRequest(http.MethodPatch, base+"/api/settings", strings.NewReader(`{"meta":{"appName":"x"}}`))
	req.Header.Set("Authorization", token)
	req.Header.Set("Content-Type", "application/json")
	res, err = client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 403, res.StatusCode)
}

// demoOnline loads the demo commune into a new data dir, serves it with the
// real binary, and signs in the admin and the receptionist. The client waits
// up to a minute (a loaded box under the race detector).
func demoOnline(t *testing.T) (data, base string, client *http.Client, admin, clerk string) {
	t.Helper()
	data = t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	base = startServer(t, data)
	client = &http.Client{Timeout: 60 * time.Second}
	admin = signIn(t, client, base, "quantri@ninhxuan.example", "Motcua@2026")
	clerk = signIn(t, client, base, "motcua@ninhxuan.example", "Motcua@2026")
	return data, base, client, admin, clerk
}

// startServer serves data on a free loopback port until the test ends.
func startServer(t *testing.T, data string) string {
	base, _ := startServerWith(t, data)
	return base
}

// startServerWith serves data with more serve flags until the test ends (or
// the test kills it) and returns its address and process.
func startServerWith(t *testing.T, data string, flags ...string) (string, *exec.Cmd) {
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, binary, append([]string{"serve", "--dir", data, "--http", addr}, flags...)...)
	var logs bytes.Buffer
	srv.Stdout, srv.Stderr = &logs, &logs
	require.NoError(t, srv.Start())
	t.Cleanup(func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
		cancel()
	})
	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := client.Get(base + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, srv
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not become healthy: %v\n%s", err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func urlq(s string) string { return strings.NewReplacer(" ", "%20", "'", "%27", "=", "%3D").Replace(s) }

func signIn(t *testing.T, client *http.Client, base, email, password string) string {
	body := fmt.Sprintf(`{"identity":%q,"password":%q}`, email, password)
	res, err := client.Post(base+"/api/collections/_superusers/auth-with-password", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	var out struct{ Token string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	require.NotEmpty(t, out.Token)
	return out.Token
}

func TestStaffAddBadInput(t *testing.T) {
	data := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown role", []string{"staff", "add", "a@ninhxuan.example", "Mat-khau-2026", "--role", "boss"}, "vai trò"},
		{"weak password", []string{"staff", "add", "a@ninhxuan.example", "short", "--role", "leader"}, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."},
		{"letters only", []string{"staff", "add", "a@ninhxuan.example", "abcdefghijkl", "--role", "leader"}, "Mật khẩu quá yếu: cần có cả chữ cái và chữ số hoặc ký hiệu."},
		{"no role", []string{"staff", "add", "a@ninhxuan.example", "Mat-khau-2026"}, "vai trò"},
	}
	for _, c := range cases {
		out, code := run(t, append(c.args, "--dir", data)...)
		assert.NotEqual(t, 0, code, c.name)
		assert.Contains(t, out, c.want, c.name)
	}
	out, code := run(t, "staff", "add", "a@ninhxuan.example", "Mat-khau-2026", "--role", "leader", "--name", "Lê Văn Mẫu", "--dir", data)
	require.Equal(t, 0, code, out)
	out, code = run(t, "staff", "add", "a@ninhxuan.example", "Mat-khau-2026", "--role", "leader", "--dir", data)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, out, "đã có tài khoản")
}

func TestCalendarCommands(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	out, code = run(t, "calendar", "due", "--from", "2026-02-13 10:00", "--days", "3", "--json", "--dir", data)
	require.Equal(t, 0, code, out)
	var due struct {
		Due     string `json:"due"`
		Skipped []struct{ Date, Reason string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &due), out)
	assert.Equal(t, "2026-02-25 17:00", due.Due)
	assert.Len(t, due.Skipped, 9, "the Tết week and its weekends")

	out, code = run(t, "calendar", "due", "--from", "2026-08-21 10:00", "--days", "1", "--json", "--dir", data)
	require.Equal(t, 0, code, out)
	require.NoError(t, json.Unmarshal([]byte(out), &due), out)
	assert.Equal(t, "2026-08-22 17:00", due.Due, "the make-up Saturday is a working day")

	out, code = run(t, "calendar", "holidays", "--year", "2027", "--json", "--dir", data)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, `"official": false`)
	assert.Contains(t, out, "2027-02-06", "Tết 2027")

	out, code = run(t, "calendar", "due", "--from", "13/02/2026", "--days", "3", "--dir", data)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, out, "YYYY-MM-DD HH:MM")
}
