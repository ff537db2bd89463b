package e2e

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/weedtest"
)

// TestReplicaDrillToFolder is the README's drill against a folder replica.
func TestReplicaDrillToFolder(t *testing.T) {
	replicaDrill(t, "file://"+t.TempDir())
}

// commune is a served data dir replicating to a replica, with the demo's
// admin and clerk signed in.
type commune struct {
	t            *testing.T
	data, url    string
	base         string
	kill         func()
	stop         func() // SIGTERM: a clean stop
	client       *http.Client
	admin, clerk string
	procedure    string
}

// serveReplicating serves data with --replica url.
func serveReplicating(t *testing.T, data, url string) *commune {
	base, srv := startServerWith(t, data, "--replica", url)
	c := &commune{t: t, data: data, url: url, base: base, client: &http.Client{Timeout: 30 * time.Second}}
	c.kill = func() {
		require.NoError(t, srv.Process.Kill()) // SIGKILL: nothing runs on the way out
		_ = srv.Wait()
	}
	c.stop = func() {
		require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
		require.NoError(t, srv.Wait())
	}
	c.admin = signIn(t, c.client, base, "quantri@ninhxuan.example", "Motcua@2026")
	c.clerk = signIn(t, c.client, base, "motcua@ninhxuan.example", "Motcua@2026")
	status, body := c.call(c.clerk, http.MethodGet, "/api/collections/procedures/records?filter="+urlq("code='1.004873'"), "")
	require.Equal(t, 200, status, body)
	var procs struct {
		Items []struct{ ID string } `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &procs))
	require.Len(t, procs.Items, 1)
	c.procedure = procs.Items[0].ID
	return c
}

func (c *commune) call(token, method, path, body string) (int, string) {
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := c.client.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// receive receives n dossiers and returns the codes the server acknowledged.
func (c *commune) receive(n int, name string) []string {
	var codes []string
	for i := range n {
		status, body := c.call(c.clerk, http.MethodPost, "/api/collections/dossiers/records",
			fmt.Sprintf(`{"procedure":%q,"applicant_name":"%s %d","channel":"in_person"}`, c.procedure, name, i))
		require.Equal(c.t, 200, status, body)
		var d struct{ Code string }
		require.NoError(c.t, json.Unmarshal([]byte(body), &d))
		codes = append(codes, d.Code)
	}
	return codes
}

// feedback sends n feedback as the admin (staff: the public rate limit does
// not apply) and returns the tracking codes given.
func (c *commune) feedback(n int, name string) []string {
	var codes []string
	for i := range n {
		status, body := c.call(c.admin, http.MethodPost, "/api/motcua/feedback",
			fmt.Sprintf(`{"kind":"feedback","name":"%s %d","address":"Thôn Thử, xã Ninh Xuân","phone":"0900000001",`+
				`"content":"Phản ánh thử nghiệm số %d về đường làng."}`, name, i, i))
		require.Equal(c.t, 200, status, body)
		var f struct {
			Code string `json:"tracking_code"`
		}
		require.NoError(c.t, json.Unmarshal([]byte(body), &f))
		codes = append(codes, f.Code)
	}
	return codes
}

type replicaStatus struct {
	InSync      bool   `json:"in_sync"`
	ReplicaTXID uint64 `json:"replica_txid"`
	LagMS       int64  `json:"lag_ms"`
	AuditHead   struct {
		Seq  int64  `json:"seq"`
		Hash string `json:"hash"`
	} `json:"audit_head"`
}

// status reads the replication status; with sync, after uploading
// everything committed.
func (c *commune) status(sync bool) replicaStatus {
	method, path := http.MethodGet, "/api/motcua/replica"
	if sync {
		method, path = http.MethodPost, "/api/motcua/replica/sync"
	}
	code, body := c.call(c.admin, method, path, "")
	require.Equal(c.t, 200, code, body)
	var st replicaStatus
	require.NoError(c.t, json.Unmarshal([]byte(body), &st))
	return st
}

// restoreTo runs `motcua restore` into a new dir and returns the dir and the
// chain head it printed; `motcua audit verify` on it must pass and print
// the same head.
func restoreTo(t *testing.T, url string, extra ...string) (string, string) {
	dir, head, _ := restoreReporting(t, url, extra...)
	return dir, head
}

// restoreReporting is restoreTo that also returns what the restore printed.
func restoreReporting(t *testing.T, url string, extra ...string) (string, string, string) {
	dir := filepath.Join(t.TempDir(), "pb_data")
	out, code := run(t, append([]string{"restore", "--from", url, "--dir", dir}, extra...)...)
	require.Equal(t, 0, code, out)
	t.Logf("restore: %s", strings.TrimSpace(strings.SplitN(out, "\n", 2)[0]))
	head := regexp.MustCompile(`Đầu chuỗi: #\d+ [0-9a-f]{64}`).FindString(out)
	require.NotEmpty(t, head, out)
	verify, code := run(t, "audit", "verify", "--dir", dir)
	require.Equal(t, 0, code, verify)
	assert.Contains(t, verify, head)
	return dir, head, out
}

// codesIn returns which of codes are dossiers in dir's data.db.
func codesIn(t *testing.T, dir string, codes []string) []string {
	db, err := sql.Open("sqlite", filepath.Join(dir, "data.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var found []string
	for _, code := range codes {
		var n int
		require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM dossiers WHERE code = ?`, code).Scan(&n))
		if n == 1 {
			found = append(found, code)
		}
	}
	return found
}

// replicaDrill: dossiers acknowledged and synced are in a restore made after
// a kill -9 of the server (the box died); dossiers acknowledged just before
// a kill -9 reach the replica once the server is back; the restored chain
// verifies and its head is the one the server reported. Logs the
// replication lag of single intakes at steady state.
func replicaDrill(t *testing.T, url string) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)

	c := serveReplicating(t, data, url)
	first := c.receive(10, "Nguyễn Văn Bản Sao")
	synced := c.status(true)
	require.True(t, synced.InSync)
	c.kill()
	dir, head := restoreTo(t, url)
	assert.Equal(t, fmt.Sprintf("Đầu chuỗi: #%d %s", synced.AuditHead.Seq, synced.AuditHead.Hash), head,
		"the restored chain ends where the server said the replica was")
	assert.Equal(t, first, codesIn(t, dir, first), "every acknowledged dossier is in the restore")

	// Killed right after the acknowledgements: the log on disk holds them,
	// and the server replicates them when it is back.
	c = serveReplicating(t, data, url)
	second := c.receive(5, "Trần Thị Bản Sao")
	c.kill()
	c = serveReplicating(t, data, url)
	back := c.status(true)
	dir, head = restoreTo(t, url)
	all := slices.Concat(first, second)
	assert.Equal(t, all, codesIn(t, dir, all), "nothing acknowledged is lost across kill -9")
	assert.Equal(t, fmt.Sprintf("Đầu chuỗi: #%d %s", back.AuditHead.Seq, back.AuditHead.Hash), head)

	// Steady state: how long an acknowledged intake takes to be at the
	// replica (measured, logged, not asserted).
	var lags []time.Duration
	for range 10 {
		before := c.status(false).ReplicaTXID
		c.receive(1, "Lê Văn Đo Trễ")
		acked := time.Now()
		deadline := acked.Add(30 * time.Second)
		for {
			st := c.status(false)
			if st.InSync && st.ReplicaTXID > before {
				lags = append(lags, time.Since(acked))
				break
			}
			require.False(t, time.Now().After(deadline), "the replica did not catch up")
			time.Sleep(10 * time.Millisecond)
		}
	}
	slices.Sort(lags)
	t.Logf("replication lag after an acknowledged intake (%s): median %s, max %s over %d intakes",
		strings.SplitN(url, ":", 2)[0], lags[len(lags)/2].Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond), len(lags))
}

// TestReplicaDrillToS3 is the drill against a real S3-compatible server.
func TestReplicaDrillToS3(t *testing.T) {
	srv := weedtest.Start(t, "motcua")
	replicaDrill(t, srv.URL("motcua", "ninhxuan"))
}

// TestRestartSendsNoNewCopy: a clean stop and start of the server (the box
// shut down at night) sends the replica only what was written, not a new
// copy of data.db (replica/keeplog.go). Each start used to upload the whole
// database again as a new transaction: gigabytes for a ten-year commune.
func TestRestartSendsNoNewCopy(t *testing.T) {
	data, rep := t.TempDir(), t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	ltx := func() map[string]int64 {
		files := map[string]int64{}
		paths, err := filepath.Glob(filepath.Join(rep, "ltx", "0", "*.ltx"))
		require.NoError(t, err)
		for _, p := range paths {
			st, err := os.Stat(p)
			require.NoError(t, err)
			files[filepath.Base(p)] = st.Size()
		}
		return files
	}
	c := serveReplicating(t, data, "file://"+rep)
	codes := c.receive(2, "Phạm Văn Khởi Động")
	require.True(t, c.status(true).InSync)
	c.stop()
	before := ltx()
	var snapshot int64
	for _, size := range before {
		snapshot = max(snapshot, size)
	}
	for round := range 2 {
		c = serveReplicating(t, data, "file://"+rep)
		codes = append(codes, c.receive(1, fmt.Sprintf("Phạm Thị Khởi Động %d", round))...)
		require.True(t, c.status(true).InSync)
		c.stop()
	}
	after := ltx()
	var added int
	for name, size := range after {
		if _, ok := before[name]; ok {
			continue
		}
		added++
		assert.Less(t, size, snapshot/10, "%s: a transaction after a restart is the size of what was written, not of the database (%d bytes)", name, snapshot)
	}
	require.Positive(t, added, "the intakes after the restarts reached the replica")
	dir, _ := restoreTo(t, "file://"+rep)
	assert.Equal(t, codes, codesIn(t, dir, codes), "every acknowledged dossier is in the restore")
}
