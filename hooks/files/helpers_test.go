package files_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// upload is one file part of a multipart body.
type upload struct {
	field, name string
	content     []byte
}

// multipartBody builds a multipart/form-data body of fields and files.
func multipartBody(t testing.TB, fields map[string]string, files ...upload) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.field, f.name)
		require.NoError(t, err)
		_, err = fw.Write(f.content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return &body, mw.FormDataContentType()
}

// withType adds the multipart content type to headers.
func withType(headers map[string]string, contentType string) map[string]string {
	out := map[string]string{"Content-Type": contentType}
	for k, v := range headers {
		out[k] = v
	}
	return out
}

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 60))
	for x := range 40 {
		for y := range 60 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 4), 90, 255})
		}
	}
	return img
}

// pngBytes is a real PNG picture (a phone photo stand-in).
func pngBytes(t testing.TB) []byte {
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, picture()))
	return b.Bytes()
}

// jpegBytes is a real JPEG picture.
func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, picture(), nil))
	return b.Bytes()
}

// pdfBytes is a small but well-formed one-page PDF; tag makes each distinct.
func pdfBytes(tag string) []byte {
	return []byte("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
		"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
		"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n" +
		"% " + tag + "\ntrailer <</Root 1 0 R>>\n%%EOF\n")
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// dossierWith returns a demo dossier matching filter and the first item of
// its procedure's checklist.
func dossierWith(t testing.TB, app core.App, filter string) (*core.Record, string) {
	t.Helper()
	recs, err := app.FindRecordsByFilter("dossiers", filter, "code", 1, 0)
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no demo dossier with %s", filter)
	proc, err := app.FindRecordById("procedures", recs[0].GetString("procedure"))
	require.NoError(t, err)
	var docs []struct{ Name string }
	raw, _ := json.Marshal(proc.Get("documents"))
	require.NoError(t, json.Unmarshal(raw, &docs))
	require.NotEmpty(t, docs)
	return recs[0], docs[0].Name
}

// saveFile digitises content for item of dossier with Go code (as the
// counter would), returning the record.
func saveFile(t testing.TB, app core.App, dossier *core.Record, item, name string, content []byte) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("dossier_files")
	require.NoError(t, err)
	rec := core.NewRecord(c)
	f, err := filesystem.NewFileFromBytes(content, name)
	require.NoError(t, err)
	rec.Load(map[string]any{"dossier": dossier.Id, "role": "submitted", "item": item, "kind": "copy", "file": f})
	require.NoError(t, app.Save(rec))
	return rec
}

// fileToken mints a file token as the demo staff member of role.
func fileToken(t testing.TB, app *tests.TestApp, role string) string {
	t.Helper()
	res := testapp.Do(t, app, testapp.Auth(t, app, role), http.MethodPost, "/api/files/token", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var tok struct{ Token string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &tok))
	return tok.Token
}

// send posts a multipart body through the app's real router.
func send(t testing.TB, app *tests.TestApp, headers map[string]string, method, url string, body *bytes.Buffer, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, body)
	req.Header.Set("Content-Type", contentType)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	testapp.Handler(t, app).ServeHTTP(rec, req)
	return rec
}
