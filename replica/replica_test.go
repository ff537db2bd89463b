package replica_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	selfcheck "motcua/hooks/inspect"
	"motcua/hooks/sqlite"
	"motcua/internal/access"
	"motcua/internal/inspect"
	"motcua/internal/weedtest"
	"motcua/replica"
	"motcua/replica/replstate"
	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// serving returns a demo app replicating to url, its OnServe run (as the
// serve command runs it): the caller's Cleanup stops it.
func serving(t *testing.T, url string) *tests.TestApp {
	app := testapp.ReplicatingTo(t, url)
	testapp.Handler(t, app)
	return app
}

// status reads GET /api/motcua/replica as the admin.
func status(t *testing.T, app *tests.TestApp) map[string]any {
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodGet, "/api/motcua/replica", "")
	require.Equal(t, 200, res.Code, res.Body.String())
	out := map[string]any{}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	return out
}

// waitInSync polls the status until the replica has every transaction
// Litestream has read (a deadline, not a timing assertion).
func waitInSync(t *testing.T, app *tests.TestApp, after float64) map[string]any {
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := status(t, app)
		if st["in_sync"] == true && st["replica_txid"].(float64) > after {
			return st
		}
		require.False(t, time.Now().After(deadline), "replica never caught up: %v", st)
		time.Sleep(50 * time.Millisecond)
	}
}

// restored opens a restored data dir as a command would and returns it.
func restored(t *testing.T, dir string) *core.BaseApp {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, DBConnect: sqlite.Connect})
	require.NoError(t, app.Bootstrap())
	t.Cleanup(func() { app.ResetBootstrapState() })
	return app
}

// TestReplicationToFolder: the server replicates data.db and the uploaded
// files to a folder while it serves, Litestream owns the checkpoints
// meanwhile, the admin reads the status, and a restore from the folder has
// the dossier received last and the file.
func TestReplicationToFolder(t *testing.T) {
	replicateAndRestore(t, "file://"+t.TempDir())
}

// TestReplicationToS3 is the same against a real S3-compatible server
// (SeaweedFS), credentials in the URL.
func TestReplicationToS3(t *testing.T) {
	srv := weedtest.Start(t, "motcua")
	replicateAndRestore(t, srv.URL("motcua", "xa-thu/ninhxuan"))
	code, err := srv.Get("/motcua/xa-thu/ninhxuan/storage/pbc_test/rec1/giay_to_thu.pdf")
	require.NoError(t, err)
	assert.Equal(t, 403, code, "the bucket is not readable without credentials")
}

func replicateAndRestore(t *testing.T, url string) {
	target, err := replica.Parse(url)
	require.NoError(t, err)
	app := serving(t, url)
	assert.True(t, replstate.CheckpointsClaimed(app), "the server's checkpoint loop stands down while Litestream replicates")

	st := waitInSync(t, app, 0)
	assert.Equal(t, true, st["configured"])
	assert.Equal(t, target.URL, st["url"])
	assert.Equal(t, false, st["failing"])
	code := testapp.Receive(t, app, 1, "Nguyễn Văn Sao Lưu")[0]
	fsys, err := app.NewFilesystem()
	require.NoError(t, err)
	require.NoError(t, fsys.Upload([]byte("%PDF-1.4 giấy tờ thử"), "pbc_test/rec1/giay_to_thu.pdf"))
	fsys.Close()
	st = waitInSync(t, app, st["replica_txid"].(float64))

	// Only the admin reads it.
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodGet, "/api/motcua/replica", "")
	assert.Equal(t, 403, res.Code)
	assert.Contains(t, res.Body.String(), "Công chức một cửa không có quyền dùng chức năng này.")

	app.Cleanup() // OnTerminate: a last upload, Litestream stopped
	assert.False(t, replstate.CheckpointsClaimed(app))

	out := filepath.Join(t.TempDir(), "pb_data")
	got, err := replica.Restore(context.Background(), target, out, time.Time{})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, got.TXID, uint64(st["replica_txid"].(float64)))
	assert.Equal(t, 1, got.Files)
	raw, err := os.ReadFile(filepath.Join(out, "storage", "pbc_test", "rec1", "giay_to_thu.pdf"))
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.4 giấy tờ thử", string(raw))
	back := restored(t, out)
	d, err := back.FindFirstRecordByData("dossiers", "code", code)
	require.NoError(t, err, "the dossier received last is in the restored data dir")
	assert.Equal(t, "Nguyễn Văn Sao Lưu 0", d.GetString("applicant_name"))
}

// TestReplicationFailing: a folder replica that stops being one while the
// server replicates (the NAS's mount point replaced by a file) is failing
// on the admin's status, with the system's reason, and a finding of the
// self-inspection. (Root writes into any folder: a read-only one would not
// fail here.)
func TestReplicationFailing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nas")
	app := serving(t, "file://"+dir)
	defer app.Cleanup()
	waitInSync(t, app, 0)
	require.NoError(t, os.RemoveAll(dir))
	require.NoError(t, os.WriteFile(dir, []byte("không phải thư mục"), 0o644))
	testapp.Receive(t, app, 1, "Nguyễn Văn Hỏng")
	deadline := time.Now().Add(60 * time.Second) // the status asks the replica after 3 s behind
	var st map[string]any
	for st = status(t, app); st["failing"] != true; st = status(t, app) {
		require.False(t, time.Now().After(deadline), "never failing: %v", st)
		time.Sleep(100 * time.Millisecond)
	}
	assert.Equal(t, false, st["in_sync"])
	assert.Contains(t, st["last_error"], "not a directory")
	assert.Greater(t, st["lag_ms"], float64(0))
	assert.True(t, rulesFound(t, app)[inspect.RuleReplicationLagging], "the failure is a finding")
}

// TestReplicaStatusWithoutReplica: a server without a replica says so.
func TestReplicaStatusWithoutReplica(t *testing.T) {
	app := serving(t, "")
	defer app.Cleanup()
	assert.False(t, replstate.CheckpointsClaimed(app))
	st := status(t, app)
	assert.Equal(t, false, st["configured"])
	assert.Equal(t, false, st["in_sync"])
}

// TestReplicaFromOfficeSettings: settings.replica of the office record
// turns replication on without the flag.
func TestReplicaFromOfficeSettings(t *testing.T) {
	dir := t.TempDir()
	app := testapp.New(t)
	defer app.Cleanup()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	var settings map[string]any
	_ = json.Unmarshal([]byte(office.GetString("settings")), &settings)
	if settings == nil {
		settings = map[string]any{}
	}
	settings["replica"] = "file://" + dir
	office.Set("settings", settings)
	require.NoError(t, app.Save(office))
	testapp.Handler(t, app) // hooks.Register bound replication: settings.replica turns it on
	st := waitInSync(t, app, 0)
	assert.Equal(t, "file://"+dir, st["url"])
	_, err = os.Stat(filepath.Join(dir, "ltx", "0"))
	assert.NoError(t, err, "Litestream's files are in the folder")
}

// TestSettingsReplicaThatCannotStart: a replica named in the office's
// settings that cannot be started does not keep the office from serving: the
// admin reads the refusal as a failing status, and the self-inspection finds
// replication_lagging.
func TestSettingsReplicaThatCannotStart(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("settings", map[string]any{"replica": "ftp://nas/motcua"})
	require.NoError(t, app.Save(office))
	testapp.Handler(t, app) // serves: OnServe did not fail
	st := status(t, app)
	assert.Equal(t, true, st["configured"])
	assert.Equal(t, true, st["failing"])
	assert.Equal(t, "settings.replica", st["url"])
	assert.Equal(t, `địa chỉ bản sao "ftp://nas/motcua": chỉ hỗ trợ file:// và s3://`, st["last_error"])
	assert.True(t, rulesFound(t, app)[inspect.RuleReplicationLagging], "the failure is a finding")
}

func TestParseRefusesOtherSchemes(t *testing.T) {
	_, err := replica.Parse("gs://bucket/path")
	assert.EqualError(t, err, `địa chỉ bản sao "gs://bucket/path": chỉ hỗ trợ file:// và s3://`)
	_, err = replica.Parse("file://relative/dir")
	assert.ErrorContains(t, err, "file:// cần đường dẫn tuyệt đối")
	tgt, err := replica.Parse("s3://AKID:SECRET@motcua/ninhxuan?endpoint=http://127.0.0.1:9000")
	require.NoError(t, err)
	assert.Equal(t, "s3://motcua/ninhxuan?endpoint=http://127.0.0.1:9000", tgt.URL, "no credentials in the URL shown")
}

// rulesFound runs the self-inspection on app without storing it and returns
// the rules that found something.
func rulesFound(t *testing.T, app core.App) map[string]bool {
	_, res, err := selfcheck.ReadOnly(app, selfcheck.Options{})
	require.NoError(t, err)
	out := map[string]bool{}
	for _, f := range res.Findings {
		out[f.Rule] = true
	}
	return out
}

// TestInspectionReadsTheServersReplicaStatus: a command beside the server
// (motcua inspect) reads the status the replicating server writes beside
// data.db: a replica 5 minutes behind is replication_lagging, and no zip
// backup is asked for; a status the server stopped updating is not judged.
func TestInspectionReadsTheServersReplicaStatus(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rules := rulesFound(t, app)
	require.True(t, rules[inspect.RuleNoRecentBackup], "the demo commune has no backup")
	require.False(t, rules[inspect.RuleReplicationLagging])

	now := time.Now()
	st := inspect.Replica{Configured: true, Known: true, URL: "file:///mnt/nas/motcua", LocalTXID: 9, ReplicaTXID: 7,
		BehindSince: now.Add(-5 * time.Minute), CaughtUpAt: now.Add(-5 * time.Minute), UpdatedAt: now}
	require.NoError(t, replstate.Write(app.DataDir(), st))
	rules = rulesFound(t, app)
	assert.True(t, rules[inspect.RuleReplicationLagging])
	assert.False(t, rules[inspect.RuleNoRecentBackup], "a replica stands in for the zip backups")

	st.UpdatedAt = now.Add(-10 * time.Minute)
	require.NoError(t, replstate.Write(app.DataDir(), st))
	rules = rulesFound(t, app)
	assert.False(t, rules[inspect.RuleReplicationLagging], "a stale status is not judged")
	assert.False(t, rules[inspect.RuleNoRecentBackup])
}
