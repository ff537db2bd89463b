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
	"slices"
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
	rep, res, err := selfcheck.ReadOnly(app, selfcheck.Options{})
	require.NoError(t, err)
	testapp.Replicated(t, app)
	return url, &Commune{Name: name, Report: rep, Findings: res.Findings}
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
	// The first commune asks for more free disk than any box has: its own
	// inspection finds low_disk; the province, reading a copy on its own
	// disk, cannot judge the commune's box and leaves the rule out.
	urlA, a := commune(t, "Xã Thử Nghiệm Một", func(app *tests.TestApp) {
		office, err := app.FindFirstRecordByFilter("office", "id != ''")
		require.NoError(t, err)
		office.Set("settings", map[string]any{"inspect": map[string]any{"min_free_disk_mb": 1 << 40}})
		require.NoError(t, app.Save(office))
	})
	require.True(t, slices.ContainsFunc(a.Findings, func(f inspect.Finding) bool { return f.Rule == inspect.RuleLowDisk }))
	urlB, b := commune(t, "Xã Thử Nghiệm Hai", func(app *tests.TestApp) { testapp.Receive(t, app, 3, "Phạm Văn Tỉnh") })
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
	assert.False(t, slices.ContainsFunc(got[0].Findings, func(f inspect.Finding) bool { return f.Rule == inspect.RuleLowDisk }),
		"the province's own disk is no finding of the commune")
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

	// The printable report: per commune what is done well and what falls
	// short, and above them how many communes fall short on each point.
	status, body = get("/bao-cao")
	require.Equal(t, 200, status)
	report := string(body)
	assert.Contains(t, report, "công tác giải quyết thủ tục hành chính theo cơ chế một cửa của các xã<br>Tỉnh Thử Nghiệm</h1>")
	assert.Contains(t, report, "Đã đọc được 3 xã.")
	received := a.Figures().Received + b.Figures().Received + c.Figures().Received
	assert.Contains(t, report, "<li>Tiếp nhận "+inspect.FormatInt(received)+" hồ sơ;")
	assert.Contains(t, report, "<tr><td>Chuỗi nhật ký kiểm toán bị phá vỡ</td><td class=\"n\">1</td><td>Xã Thử Nghiệm Ba</td></tr>")
	one := section(t, report, slug(a.Name))
	assert.Contains(t, one, "<li>Nhật ký kiểm toán toàn vẹn (đầu chuỗi #"+inspect.FormatInt(int(a.Figures().AuditHead))+").</li>")
	assert.NotContains(t, one, `data-rule="audit_chain_broken"`)
	assert.NotContains(t, one, "sao lưu gần đây", "a replica stands in for the backups")
	assert.Contains(t, section(t, report, slug(b.Name)), "Tiếp nhận "+inspect.FormatInt(b.Figures().Received)+" hồ sơ;")
	three := section(t, report, slug(c.Name))
	assert.Contains(t, three, `<li data-rule="audit_chain_broken">Chuỗi nhật ký kiểm toán bị phá vỡ: 1 trường hợp (mức Nghiêm trọng)`)
	assert.NotContains(t, three, "Nhật ký kiểm toán toàn vẹn")
	for _, x := range []*Commune{a, b, c} {
		if n := x.Figures().LateEntries; n > 0 {
			assert.Contains(t, section(t, report, slug(x.Name)), `<li data-rule="late_entry">Hồ sơ nhập vào phần mềm muộn so với thời điểm tiếp nhận: `+inspect.FormatInt(n)+" trường hợp")
		} else {
			assert.Contains(t, section(t, report, slug(x.Name)), "<li>Hồ sơ được cập nhật vào phần mềm ngay khi tiếp nhận")
		}
	}
}

// section is the part of the printable report about the commune of slug s.
func section(t *testing.T, report, s string) string {
	t.Helper()
	_, rest, ok := strings.Cut(report, `<section class="commune" data-commune="`+s+`">`)
	require.True(t, ok, "no section for %s", s)
	part, _, _ := strings.Cut(rest, "</section>")
	return part
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

// TestProvinceRefreshAppliesOnlyWhatIsNew: the view keeps each commune's
// copy between readings and brings it forward with only what the replica
// received since (the copy is the same file, written in place), and the
// figures show the new dossiers.
func TestProvinceRefreshAppliesOnlyWhatIsNew(t *testing.T) {
	app, url := testapp.Replicating(t)
	sync := func() {
		res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodPost, "/api/motcua/replica/sync", "")
		require.Equal(t, 200, res.Code, res.Body.String())
	}
	sync()
	cache := t.TempDir()
	v := New(&Config{Province: "Tỉnh Thử Nghiệm", Communes: []CommuneConfig{{Name: "Xã Thử Nghiệm Một", Replica: url}}}, cache)
	v.Refresh(context.Background())
	first := v.Communes()[0]
	require.Empty(t, first.Err)
	copyPath := filepath.Join(cache, "xa-thu-nghiem-mot", "data.db")
	before, err := os.Stat(copyPath)
	require.NoError(t, err, "the copy is kept between readings")

	testapp.Receive(t, app, 2, "Phạm Văn Tỉnh")
	sync()
	v.Refresh(context.Background())
	next := v.Communes()[0]
	require.Empty(t, next.Err)
	assert.Equal(t, first.Figures().Received+2, next.Figures().Received)
	after, err := os.Stat(copyPath)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after), "the copy was brought forward in place, not restored afresh")
	testapp.Replicated(t, app)
}
