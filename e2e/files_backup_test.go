package e2e

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupHoldsDigitisedPapers: `motcua backup` copies the papers' files
// beside the database copy; a backup made as the admin UI makes it
// (POST /api/backups: PocketBase's backup, also the scheduled one) of a data
// dir with digitised papers holds their files; after the paper is removed
// and the backup restored, the paper is back with the same SHA-256 through
// a file token, and the audit chain verifies.
func TestBackupHoldsDigitisedPapers(t *testing.T) {
	data, base, client, admin, clerk := demoOnline(t)
	call := func(token, method, path, contentType string, body io.Reader) (int, []byte) {
		req, err := http.NewRequest(method, base+path, body)
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", token)
		res, err := client.Do(req)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	callJSON := func(token, method, path, body string, out any) int {
		status, b := call(token, method, path, "application/json", strings.NewReader(body))
		if out != nil && status == 200 {
			require.NoError(t, json.Unmarshal(b, out), string(b))
		}
		return status
	}

	var dossiers struct {
		Items []struct{ ID, Procedure string } `json:"items"`
	}
	require.Equal(t, 200, callJSON(clerk, http.MethodGet, "/api/collections/dossiers/records?perPage=1&filter="+urlq("status='processing'"), "", &dossiers))
	require.Len(t, dossiers.Items, 1)
	var proc struct{ Documents []struct{ Name string } }
	require.Equal(t, 200, callJSON(clerk, http.MethodGet, "/api/collections/procedures/records/"+dossiers.Items[0].Procedure, "", &proc))
	require.NotEmpty(t, proc.Documents)

	content := []byte("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n" +
		"% to khai cua ong Nguyen Van Thu\ntrailer <</Root 1 0 R>>\n%%EOF\n")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"dossier": dossiers.Items[0].ID, "role": "submitted", "item": proc.Documents[0].Name, "kind": "copy"} {
		require.NoError(t, mw.WriteField(k, v))
	}
	fw, err := mw.CreateFormFile("file", "to-khai.pdf")
	require.NoError(t, err)
	_, err = fw.Write(content)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	status, b := call(clerk, http.MethodPost, "/api/collections/dossier_files/records", mw.FormDataContentType(), &body)
	require.Equal(t, 200, status, string(b))
	var paper struct{ ID, CollectionID, File, Sha256 string }
	require.NoError(t, json.Unmarshal(b, &paper))
	sum := sha256.Sum256(content)
	require.Equal(t, hex.EncodeToString(sum[:]), paper.Sha256)

	// `motcua backup` beside the server: the database and, beside it, the files.
	copies := t.TempDir()
	out, code := run(t, "backup", "--dir", data, "--to", filepath.Join(copies, "ban-sao.db"))
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "vào "+filepath.Join(copies, "ban-sao.storage"))
	copied, err := os.ReadFile(filepath.Join(copies, "ban-sao.storage", paper.CollectionID, paper.ID, paper.File))
	require.NoError(t, err, "motcua backup copies the papers:\n%s", out)
	assert.Equal(t, content, copied)
	out, code = run(t, "backup", "--dir", data, "--to", filepath.Join(copies, "ban-sao.db"))
	require.Equal(t, 1, code, out)

	require.Equal(t, 204, callJSON(admin, http.MethodPost, "/api/backups", `{"name":"co_giay_to.zip"}`, nil))
	zr, err := zip.OpenReader(filepath.Join(data, "backups", "co_giay_to.zip"))
	require.NoError(t, err)
	key := "storage/" + paper.CollectionID + "/" + paper.ID + "/" + paper.File
	var inZip []byte
	for _, f := range zr.File {
		if f.Name == key {
			r, err := f.Open()
			require.NoError(t, err)
			inZip, err = io.ReadAll(r)
			r.Close()
			require.NoError(t, err)
		}
	}
	zr.Close()
	require.Equal(t, content, inZip, "the backup holds the paper's file (%s)", key)

	// The paper is removed after the backup, then the backup restored.
	status, b = call(clerk, http.MethodDelete, "/api/collections/dossier_files/records/"+paper.ID, "application/json", nil)
	require.Equal(t, 204, status, string(b))
	require.Equal(t, 204, callJSON(admin, http.MethodPost, "/api/backups/co_giay_to.zip/restore", "", nil))
	deadline := time.Now().Add(60 * time.Second)
	for callJSON(clerk, http.MethodGet, "/api/collections/dossier_files/records/"+paper.ID, "", nil) != 200 {
		require.False(t, time.Now().After(deadline), "the restore did not bring the paper back")
		time.Sleep(200 * time.Millisecond)
	}
	var tok struct{ Token string }
	require.Equal(t, 200, callJSON(clerk, http.MethodPost, "/api/files/token", "", &tok))
	status, got := call("", http.MethodGet, "/api/files/dossier_files/"+paper.ID+"/"+paper.File+"?token="+tok.Token, "", nil)
	require.Equal(t, 200, status, string(got))
	gotSum := sha256.Sum256(got)
	assert.Equal(t, paper.Sha256, hex.EncodeToString(gotSum[:]), "the restored file has its hash")

	out, code = run(t, "audit", "verify", "--dir", data)
	assert.Equal(t, 0, code, out)
}
