package province

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	selfcheck "motcua/hooks/inspect"
	"motcua/internal/access"
	"motcua/internal/inspect"
	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// commune builds a demo commune named name, lets change alter it, replicates
// it to a new folder and returns the folder's URL and the commune's own
// reading of itself (the self-inspection run on the original).
func commune(t *testing.T, name string, change func(app *tests.TestApp)) (string, *Commune) {
	app, url := testapp.Replicating(t)
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("name", name)
	require.NoError(t, app.Save(office))
	if change != nil {
		change(app)
	}
	rep, res, err := selfcheck.InspectReadOnly(app, selfcheck.InspectOptions{})
	require.NoError(t, err)
	testapp.Replicated(t, app)
	return url, &Commune{Name: name, Report: rep, Findings: res.Findings}
}

func receive(t *testing.T, app *tests.TestApp, n int) {
	proc, err := app.FindFirstRecordByFilter("procedures", "code = '1.004873'")
	require.NoError(t, err)
	for i := range n {
		res := testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodPost, "/api/collections/dossiers/records",
			fmt.Sprintf(`{"procedure":%q,"applicant_name":"Phạm Văn Tỉnh %d","channel":"in_person"}`, proc.Id, i))
		require.Equal(t, 200, res.Code, res.Body.String())
	}
}

// breakChain edits the first audit entry outside the software (the trigger
// that forbids it dropped and put back).
func breakChain(t *testing.T, app *tests.TestApp) {
	var trigger string
	require.NoError(t, app.DB().NewQuery("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'").Row(&trigger))
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor_name = 'Người sửa ngoài phần mềm' WHERE seq = 1", trigger} {
		_, err := app.DB().NewQuery(q).Execute()
		require.NoError(t, err)
	}
}

// files lists every file under dir with its size and time.
func files(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprint(info.Size(), info.ModTime().UnixNano())
		return nil
	}))
	return out
}

// TestProvinceViewThreeCommunes: three communes built in code, replicated
// to folders; the province view restores each, and its side-by-side figures
// are those each commune's own self-inspection gives; the drill-down shows
// the broken chain's finding with its evidence; CSV and XLSX hold the same
// table; the replicas are left as they were.
func TestProvinceViewThreeCommunes(t *testing.T) {
	urlA, a := commune(t, "Xã Thử Nghiệm Một", nil)
	urlB, b := commune(t, "Xã Thử Nghiệm Hai", func(app *tests.TestApp) { receive(t, app, 3) })
	urlC, c := commune(t, "Xã Thử Nghiệm Ba", func(app *tests.TestApp) { breakChain(t, app) })
	require.Equal(t, a.Figures().Received+3, b.Figures().Received, "the second commune received three more")

	cfgPath := filepath.Join(t.TempDir(), "tinh.json")
	raw, _ := json.Marshal(Config{Province: "Tỉnh Thử Nghiệm", Communes: []CommuneConfig{
		{Name: a.Name, Replica: urlA}, {Name: b.Name, Replica: urlB}, {Name: c.Name, Replica: urlC}}})
	require.NoError(t, os.WriteFile(cfgPath, raw, 0o600))
	cfg, every, err := LoadConfig(cfgPath)
	require.NoError(t, err)
	assert.Equal(t, time.Hour, every)
	before := map[string]map[string]string{}
	for _, u := range []string{urlA, urlB, urlC} {
		before[u] = files(t, strings.TrimPrefix(u, "file://"))
	}

	v := New(cfg, t.TempDir())
	v.Refresh(context.Background())
	now := time.Now()
	got := v.Communes()
	require.Len(t, got, 3)
	for i, want := range []*Commune{a, b, c} {
		require.Empty(t, got[i].Err)
		assert.Equal(t, want.Figures(), got[i].Figures(), want.Name)
		assert.Equal(t, want.Report.Office, got[i].Report.Office)
		assert.False(t, got[i].ReplicaUpdated.IsZero())
	}
	fc := got[2].Figures()
	assert.True(t, fc.AuditKnown)
	assert.False(t, fc.AuditOK, "the third commune's chain is broken")
	assert.True(t, got[0].Figures().AuditOK)
	for _, u := range []string{urlA, urlB, urlC} {
		assert.Equal(t, before[u], files(t, strings.TrimPrefix(u, "file://")), "nothing written to the replica %s", u)
	}

	srv := httptest.NewServer(v.Handler())
	defer srv.Close()
	get := func(path string) (int, []byte) {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, body
	}
	table := v.Table(now)
	status, page := get("/")
	require.Equal(t, 200, status)
	assert.Contains(t, string(page), "Tự kiểm tra bộ phận một cửa các xã — Tỉnh Thử Nghiệm")
	for _, r := range table[1:] {
		assert.Contains(t, string(page), `<a href="xa/`+slug(r[0])+`">`+r[0]+`</a>`)
		for _, cell := range r[1:11] { // up to the audit column: the lag moves
			assert.Contains(t, string(page), "<td class=\"n\">"+cell+"</td>")
		}
	}
	assert.Contains(t, string(page), "Bị phá vỡ từ mục #1")

	status, drill := get("/xa/" + slug(c.Name))
	require.Equal(t, 200, status)
	assert.Contains(t, string(drill), `data-rule="audit_chain_broken"`)
	assert.Contains(t, string(drill), "Chuỗi nhật ký kiểm toán không còn nguyên vẹn từ mục số 1")
	assert.Contains(t, string(drill), "<th>first_bad_seq</th><td>1</td>")
	status, _ = get("/xa/khong-co")
	assert.Equal(t, 404, status)

	status, body := get("/bang.csv")
	require.Equal(t, 200, status)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	for i := range rows {
		assert.Equal(t, table[i][:11], rows[i][:11])
	}
	status, body = get("/bang.xlsx")
	require.Equal(t, 200, status)
	x, err := excelize.OpenReader(bytes.NewReader(body))
	require.NoError(t, err)
	sheet, err := x.GetRows("So sánh các xã")
	require.NoError(t, err)
	require.Len(t, sheet, 4)
	for i := range sheet {
		assert.Equal(t, table[i][:11], sheet[i][:11])
	}
	assert.Equal(t, inspect.FormatInt(b.Figures().Received), rows[2][1])
}

func TestProvinceConfigErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "c.json")
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		return p
	}
	p := write(`{"communes": []}`)
	_, _, err := LoadConfig(p)
	assert.EqualError(t, err, p+": communes: cần ít nhất một xã")
	_, _, err = LoadConfig(write(`{"communes": [{"name": "Xã A", "replica": "ftp://x/y"}]}`))
	assert.EqualError(t, err, p+`: communes[0].replica: địa chỉ bản sao "ftp://x/y": chỉ hỗ trợ file:// và s3://`)
	_, _, err = LoadConfig(write(`{"refresh": "sometimes", "communes": [{"name": "Xã A", "replica": "file:///x"}]}`))
	assert.EqualError(t, err, p+`: refresh: khoảng thời gian không hợp lệ "sometimes" (ví dụ 30m, 1h, 24h)`)
}
