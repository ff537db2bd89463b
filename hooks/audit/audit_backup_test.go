package audit_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/archive"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	"motcua/internal/access"
	"motcua/internal/auditchain"
	"motcua/internal/inspect"
	"motcua/replica"
	"motcua/testapp"
	"motcua/testapp/cli"
)

// TestAuditBackups: a backup made by the admin through the API, and one made
// by Go code (the scheduled backup), are entries of the chain; a clerk may
// make neither.
func TestAuditBackups(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)

	res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodPost, "/api/backups", `{"name":"truoc_nang_cap.zip"}`)
	require.Equal(t, http.StatusNoContent, res.Code, res.Body.String())
	e := testapp.LastAudit(t, app, "action = 'backup_create'")
	assert.Equal(t, "truoc_nang_cap.zip", e.Changed["name"])
	assert.Equal(t, admin.Id, e.ActorID)

	require.NoError(t, app.CreateBackup(actor.NewContext(context.Background(), actor.System("auto_backup")), "tu_dong.zip"))
	e = testapp.LastAudit(t, app, "action = 'backup_create'")
	assert.Equal(t, "tu_dong.zip", e.Changed["name"])
	assert.Equal(t, actor.TypeSystem, e.ActorType)
	assert.Equal(t, "auto_backup", e.ActorName)

	before := testapp.AuditCount(t, app)
	res = testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodPost, "/api/backups", `{"name":"x.zip"}`)
	assert.Equal(t, http.StatusForbidden, res.Code)
	assert.Equal(t, before, testapp.AuditCount(t, app), "a refused backup leaves no entry")
	testapp.RequireChainOK(t, app)
}

// backupSHA is the SHA-256 of a backup in app's local backups folder.
func backupSHA(t *testing.T, app core.App, name string) (string, int64) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(app.DataDir(), core.LocalBackupsDirName, name))
	require.NoError(t, err)
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), int64(len(raw))
}

// assertBackupEntry checks the last entry of action: who, the file, its size and sha256.
func assertBackupEntry(t *testing.T, app core.App, action, actorID, name, sha string, size int64) {
	t.Helper()
	e := testapp.LastAudit(t, app, "action = '"+action+"'")
	assert.Equal(t, actorID, e.ActorID, action)
	assert.Equal(t, name, e.Changed["name"], action)
	assert.Equal(t, sha, e.Changed["sha256"], action)
	assert.Equal(t, float64(size), e.Changed["size"], action)
}

// TestAuditBackupFiles: creating, uploading, downloading and deleting a
// backup through the API are entries naming the admin, the file, its size
// and its SHA-256; the office's anchor is never inside a backup.
func TestAuditBackupFiles(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)
	auth := testapp.Auth(t, app, access.Admin)
	require.NoError(t, audit.RunAuditVerifyJob(app)) // writes audit_anchor.json
	anchor, ok, err := audit.ReadAnchor(app)
	require.NoError(t, err)
	require.True(t, ok)
	report := testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/reports/report.html", "")
	require.Equal(t, http.StatusOK, report.Code)
	assert.Contains(t, report.Body.String(), "Mốc đối chiếu lưu ngoài cơ sở dữ liệu (tệp mốc bên cạnh tệp dữ liệu, lần kiểm hằng ngày gần nhất)</th>"+
		"<td class=\"rp-hash\">"+inspect.FormatInt(int(anchor.Seq))+" · "+anchor.Hash)

	// A copy made by `motcua backup` in its default folder, and a data dir
	// a restore replaced: neither is zipped into the next backup.
	for _, dir := range []string{dossier.CopiesDirName, dossier.ReplacedDirName + "/20261201-080000"} {
		require.NoError(t, os.MkdirAll(filepath.Join(app.DataDir(), dir), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(app.DataDir(), dir, "data.db"), []byte("bản sao cũ"), 0o644))
	}
	res := testapp.Do(t, app, auth, http.MethodPost, "/api/backups", `{"name":"hang_ngay.zip"}`)
	require.Equal(t, http.StatusNoContent, res.Code, res.Body.String())
	sha, size := backupSHA(t, app, "hang_ngay.zip")
	assertBackupEntry(t, app, audit.ActionBackupCreate, admin.Id, "hang_ngay.zip", sha, size)
	zr, err := zip.OpenReader(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "hang_ngay.zip"))
	require.NoError(t, err)
	for _, f := range zr.File {
		assert.NotContains(t, f.Name, audit.AnchorFile, "the anchor stays out of backups")
		assert.False(t, strings.HasPrefix(f.Name, dossier.CopiesDirName+"/"), "copies stay out of backups: %s", f.Name)
		assert.False(t, strings.HasPrefix(f.Name, dossier.ReplacedDirName+"/"), "replaced data dirs stay out of backups: %s", f.Name)
	}
	zr.Close()

	// Upload the same zip under another name.
	raw, err := os.ReadFile(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "hang_ngay.zip"))
	require.NoError(t, err)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "tai_len.zip")
	require.NoError(t, err)
	_, _ = fw.Write(raw)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "/api/backups/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", auth["Authorization"])
	rec := httptest.NewRecorder()
	testapp.Handler(t, app).ServeHTTP(rec, req)
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	assertBackupEntry(t, app, audit.ActionBackupUpload, admin.Id, "tai_len.zip", sha, size)

	// Download with a file token (no Authorization header).
	res = testapp.Do(t, app, auth, http.MethodPost, "/api/files/token", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var tok struct{ Token string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &tok))
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/backups/tai_len.zip?token="+tok.Token, "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Equal(t, raw, res.Body.Bytes())
	assertBackupEntry(t, app, audit.ActionBackupDownload, admin.Id, "tai_len.zip", sha, size)

	res = testapp.Do(t, app, auth, http.MethodDelete, "/api/backups/tai_len.zip", "")
	require.Equal(t, http.StatusNoContent, res.Code, res.Body.String())
	assertBackupEntry(t, app, audit.ActionBackupDelete, admin.Id, "tai_len.zip", sha, size)
	_, err = os.Stat(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "tai_len.zip"))
	assert.True(t, os.IsNotExist(err))

	// A refused delete (no such file) leaves no entry.
	before := testapp.AuditCount(t, app)
	res = testapp.Do(t, app, auth, http.MethodDelete, "/api/backups/khong_co.zip", "")
	assert.Equal(t, http.StatusBadRequest, res.Code)
	assert.Equal(t, before, testapp.AuditCount(t, app))
	testapp.RequireChainOK(t, app)
}

// TestAuditRestoreAndAnchor: a restore records the head it replaces and the
// backup's fingerprint, in the database replaced and in the restored one;
// the restored chain, shorter than the anchor the daily check left beside
// data.db, fails `audit verify`, the daily check and the reports' check,
// each naming the anchor and the restore; the anchor does not move.
func TestAuditRestoreAndAnchor(t *testing.T) {
	t.Setenv("MOTCUA_AUDIT_RESTORED", "")
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)
	ctx := actor.NewContext(context.Background(), actor.Staff(admin))
	require.NoError(t, app.CreateBackup(ctx, "truoc.zip"))
	anchor := anchoredAfter(t, app, "Sau sao lưu")
	headSeq, headHash, err := audit.Head(app)
	require.NoError(t, err)
	assert.Equal(t, headSeq-1, anchor.Seq, "the anchor is the head the daily check verified")

	// The restore, stopped before PocketBase swaps the files and restarts.
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		assert.Contains(t, e.Exclude, audit.AnchorFile, "a restore leaves the office's anchor in place")
		return nil
	})
	require.NoError(t, app.RestoreBackup(ctx, "truoc.zip"))
	sha, size := backupSHA(t, app, "truoc.zip")
	assertBackupEntry(t, app, audit.ActionBackupRestore, admin.Id, "truoc.zip", sha, size)
	e := testapp.LastAudit(t, app, "action = 'backup_restore'")
	assert.Equal(t, map[string]any{"seq": float64(headSeq), "hash": headHash}, e.Changed["replaced_head"])

	// The restored data dir: the backup's files, the anchor left beside them.
	dir := t.TempDir()
	require.NoError(t, archive.Extract(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "truoc.zip"), dir))
	restored := startedWithAnchor(t, app, dir) // the restarted process writes the restore entry
	e = testapp.LastAudit(t, restored, "")
	assert.Equal(t, audit.ActionBackupRestore, e.Action)
	assert.Equal(t, true, e.Changed["restored"])
	assert.Equal(t, map[string]any{"seq": float64(headSeq), "hash": headHash}, e.Changed["replaced_head"])

	reason := func(end int64) string {
		return fmt.Sprintf("entry %d of the anchor is missing: the log ends at %d (tail truncated) "+
			"(anchor kept outside the database in audit_anchor.json); backup \"truoc.zip\" restored at %s replaced "+
			"the chain whose head was %d %s", anchor.Seq, end, e.At, headSeq, headHash)
	}
	wantReason := reason(e.Seq)
	res, err := audit.VerifyAnchored(restored)
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Equal(t, anchor.Seq, res.FirstBadSeq)
	assert.Equal(t, wantReason, res.Reason)
	inc, err := audit.VerifyAuditIncremental(restored)
	require.NoError(t, err)
	assert.Equal(t, res.Reason, inc.Reason, "the reports' check sees it too")
	assert.ErrorContains(t, audit.RunAuditVerifyJob(restored), wantReason)
	out, err := cli.Run(t, restored, "audit", "verify")
	require.Error(t, err)
	// The failed daily check is an entry itself: the log is one longer.
	assert.Contains(t, err.Error(), fmt.Sprintf("nhật ký kiểm toán bị sai lệch từ mục #%d: %s", anchor.Seq, reason(e.Seq+1)))
	assert.Contains(t, out, fmt.Sprintf("Mốc đối chiếu ngoài cơ sở dữ liệu (audit_anchor.json): #%d %s", anchor.Seq, anchor.Hash))
	again, _, err := audit.ReadAnchor(restored)
	require.NoError(t, err)
	assert.Equal(t, anchor, again, "a failed check does not move the anchor")

	// A longer chain that is another chain: the anchored entry differs.
	for i := range int(anchor.Seq - e.Seq - 1) {
		require.NoError(t, restored.Save(testapp.NewSector(t, restored, fmt.Sprintf("Chuỗi khác %d", i))))
	}
	res, err = audit.VerifyAnchored(restored)
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Reason, fmt.Sprintf("entry %d: hash differs from the anchor %s (anchor kept outside the database in audit_anchor.json)", anchor.Seq, anchor.Hash))
}

// TestAuditRestoreAtExplainsTheAnchor: `motcua restore --at` brings back the
// replica's chain as it was at the moment; the anchor the daily check left
// after it, kept by the office, names an entry the restored chain does not
// hold, and the check says which restore left it out and the replica's newer
// head, as for a backup restore.
func TestAuditRestoreAtExplainsTheAnchor(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	// The replica's data.db at the moment, and its newest one, kept under
	// replaced/ as the restore keeps it.
	dir := t.TempDir()
	testapp.ExecSQL(t, app, "VACUUM INTO '"+filepath.Join(dir, "data.db")+"'")
	anchor := anchoredAfter(t, app, "Sau thời điểm")
	kept := filepath.Join(dossier.ReplacedDirName, "20261202-090000-replica-latest")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, kept), 0o755))
	testapp.ExecSQL(t, app, "VACUUM INTO '"+filepath.Join(dir, kept, "data.db")+"'")
	latestSeq, latestHash, err := audit.Head(app)
	require.NoError(t, err)

	// What `motcua restore --at` does once the data.db is in place.
	restored := startedWithAnchor(t, app, dir)
	target, err := replica.Parse("file://" + t.TempDir())
	require.NoError(t, err)
	latest := filepath.Join(restored.DataDir(), kept, "data.db")
	gap, err := replica.Skipped(filepath.Join(restored.DataDir(), "data.db"), latest)
	require.NoError(t, err)
	require.Equal(t, &auditchain.Head{Seq: latestSeq, Hash: latestHash}, gap.LatestHead)
	moment := time.Date(2026, 12, 2, 8, 30, 0, 0, time.UTC)
	res := replica.Restored{TXID: 42, At: moment, Latest: latest}
	require.NoError(t, audit.AppendEntry(restored, replica.RestoredAtEntry(target, res, gap, restored.DataDir())))
	e := testapp.LastAudit(t, restored, "")
	require.Equal(t, replica.ActionRestoreAt, e.Action)

	got, err := audit.VerifyAnchored(restored)
	require.NoError(t, err)
	assert.False(t, got.OK)
	assert.Equal(t, anchor.Seq, got.FirstBadSeq)
	want := fmt.Sprintf("entry %d of the anchor is missing: the log ends at %d (tail truncated) "+
		"(anchor kept outside the database in audit_anchor.json); replica %q restored at %s to the moment "+
		"2026-12-02T08:30:00Z left out the replica's newer chain whose head was %d %s (kept in %s)",
		anchor.Seq, e.Seq, target.URL, e.At, latestSeq, latestHash, filepath.ToSlash(kept))
	assert.Equal(t, want, got.Reason)
	inc, err := audit.VerifyAuditIncremental(restored)
	require.NoError(t, err)
	assert.Equal(t, want, inc.Reason, "the reports' check sees it too")
}

// startedWithAnchor starts an app on (a copy of) the restored data dir dir,
// with the office's anchor from app put beside its data.db, and bootstraps
// it with Motcua's hooks as the restarted process does.
func startedWithAnchor(t *testing.T, app core.App, dir string) *tests.TestApp {
	t.Helper()
	rawAnchor, err := os.ReadFile(filepath.Join(app.DataDir(), audit.AnchorFile))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, audit.AnchorFile), rawAnchor, 0o644))
	restored, err := tests.NewTestApp(dir)
	require.NoError(t, err)
	t.Cleanup(restored.Cleanup)
	hooks.Register(restored, testapp.Options())
	require.NoError(t, restored.ResetBootstrapState())
	require.NoError(t, restored.Bootstrap())
	return restored
}

// anchoredAfter makes three entries (sectors named after name) and runs the
// daily check, and returns the anchor it left.
func anchoredAfter(t *testing.T, app core.App, name string) audit.Anchor {
	t.Helper()
	for i := range 3 {
		require.NoError(t, app.Save(testapp.NewSector(t, app, fmt.Sprintf("%s %d", name, i))))
	}
	require.NoError(t, audit.RunAuditVerifyJob(app))
	anchor, ok, err := audit.ReadAnchor(app)
	require.NoError(t, err)
	require.True(t, ok)
	return anchor
}
