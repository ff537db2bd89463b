package province

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// columns are the side-by-side figures, in the order of the page, the CSV
// and the XLSX.
var columns = []string{
	"Xã", "Tiếp nhận", "Đã giải quyết", "Tỷ lệ đúng hạn", "Nhập muộn", "Hồ sơ tồn đọng", "Công chức dưới ngưỡng",
	"Thủ tục thiếu thông tin", "Niêm yết", "Phản ánh đúng hạn (5.2)", "Nhật ký kiểm toán", "Bản sao cập nhật lúc",
	"Bản sao: từ giao dịch cuối", "Phát hiện",
}

// row is one commune's cells, as text.
func row(c *Commune, now time.Time) []string {
	if c.Report == nil {
		out := make([]string, len(columns))
		out[0] = c.Name
		for i := 1; i < len(out); i++ {
			out[i] = "—"
		}
		out[len(out)-1] = "Chưa đọc được: " + c.Err
		return out
	}
	f := c.Figures()
	posting := "Đủ"
	if f.Posting {
		posting = "Thiếu"
	}
	audit := "Không kiểm được"
	if f.AuditKnown {
		audit = "Toàn vẹn, đầu chuỗi #" + inspect.FormatInt(int(f.AuditHead))
		if !f.AuditOK {
			audit = "Bị phá vỡ từ mục #" + inspect.FormatInt(int(c.Report.Audit.FirstBadSeq))
		}
	}
	updated, lag := "—", "—"
	if !c.ReplicaUpdated.IsZero() {
		updated = calendar.FormatDateTime(c.ReplicaUpdated)
		lag = lagLabel(now.Sub(c.ReplicaUpdated))
	}
	return []string{
		c.Name, inspect.FormatInt(f.Received), inspect.FormatInt(f.Ended), inspect.FormatRate(f.OnTime),
		inspect.FormatInt(f.LateEntries), inspect.FormatInt(f.Stuck), inspect.FormatInt(f.Officers),
		inspect.FormatInt(f.Catalogue), posting, inspect.FormatRate(f.Feedback), audit, updated, lag,
		inspect.FormatInt(len(c.Findings)),
	}
}

// lagLabel writes how long ago the replica last changed: "45 giây",
// "12 phút", "3 giờ", "2 ngày".
func lagLabel(d time.Duration) string {
	switch {
	case d < time.Minute:
		return inspect.FormatInt(int(d.Seconds())) + " giây"
	case d < time.Hour:
		return inspect.FormatInt(int(d.Minutes())) + " phút"
	case d < 48*time.Hour:
		return inspect.FormatInt(int(d.Hours())) + " giờ"
	}
	return inspect.FormatInt(int(d.Hours()/24)) + " ngày"
}

// Table is the side-by-side table as text: the header and a row a commune.
func (v *View) Table(now time.Time) [][]string {
	out := [][]string{columns}
	for _, c := range v.Communes() {
		out = append(out, row(c, now))
	}
	return out
}

// Handler serves the province view: "/" the communes side by side,
// "/xa/{slug}" one commune's findings with their evidence, "/bang.csv" and
// "/bang.xlsx" the table, "/bao-cao" the printable inspection report
// (report.go).
func (v *View) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		type line struct {
			Slug  string
			Cells []string
			Err   string
		}
		var lines []line
		for _, c := range v.Communes() {
			lines = append(lines, line{Slug: c.Slug, Cells: row(c, now), Err: c.Err})
		}
		render(w, pageTmpl, map[string]any{"Province": v.Province, "Columns": columns, "Lines": lines, "Now": calendar.FormatDateTime(now)})
	})
	mux.HandleFunc("GET /xa/{slug}", func(w http.ResponseWriter, r *http.Request) {
		c := v.Commune(r.PathValue("slug"))
		if c == nil {
			http.Error(w, "Không có xã này trong danh sách.", http.StatusNotFound)
			return
		}
		type finding struct {
			inspect.Finding
			SeverityLabel string
			Evidence      [][2]string
		}
		var list []finding
		for _, f := range c.Findings {
			list = append(list, finding{Finding: f, SeverityLabel: inspect.SeverityLabel(f.Severity), Evidence: evidence(f.Evidence)})
		}
		data := map[string]any{"Province": v.Province, "C": c, "Findings": list, "Columns": columns, "Row": row(c, time.Now())}
		if c.Report != nil {
			data["Period"] = c.Report.Span.Label()
			data["Read"] = calendar.FormatDateTime(c.ReadAt)
		}
		render(w, communeTmpl, data)
	})
	mux.HandleFunc("GET /bao-cao", v.serveInspection)
	mux.HandleFunc("GET /bang.csv", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.WriteString("\ufeff") // Excel reads UTF-8 with the mark
		cw := csv.NewWriter(&b)
		_ = cw.WriteAll(v.Table(time.Now()))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="tinh-so-sanh-xa.csv"`)
		_, _ = w.Write(b.Bytes())
	})
	mux.HandleFunc("GET /bang.xlsx", func(w http.ResponseWriter, r *http.Request) {
		raw, err := v.XLSX(time.Now())
		if err != nil {
			http.Error(w, "Không lập được tệp XLSX: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="tinh-so-sanh-xa.xlsx"`)
		_, _ = w.Write(raw)
	})
	return v.protect(mux)
}

// XLSX is the table as a workbook of one sheet.
func (v *View) XLSX(now time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "So sánh các xã"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for i, cells := range v.Table(now) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(cells))
		for j, s := range cells {
			vals[j] = s
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// evidence lists a finding's evidence as key and value, by key; times in
// office time, dd/mm/yyyy.
func evidence(m map[string]any) [][2]string {
	var out [][2]string
	for k, val := range m {
		text := fmt.Sprint(val)
		if t, err := time.Parse(time.RFC3339, text); err == nil {
			text = calendar.FormatDateTime(t)
		}
		out = append(out, [2]string{k, text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, "Lỗi hiển thị: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

const style = `<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}
th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}th{background:#eee}td.n{text-align:right}td.xa{white-space:nowrap}
.err{color:#a00}@media print{a{color:inherit;text-decoration:none}nav{display:none}}</style>`

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Tự kiểm tra các xã — {{.Province}}</title>` + style + `</head><body>
<h1>Tự kiểm tra bộ phận một cửa các xã — {{.Province}}</h1>
<p>Số liệu đọc từ bản sao liên tục của từng xã (chỉ đọc), lập lúc {{.Now}}. Kỳ: theo cài đặt của từng xã (mặc định 90 ngày gần nhất).</p>
<nav><a href="bao-cao">Báo cáo kiểm tra (bản in)</a> · <a href="bang.csv">Tải CSV</a> · <a href="bang.xlsx">Tải XLSX</a></nav>
<table id="communes"><thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{range $l := .Lines}}<tr data-commune="{{$l.Slug}}">{{range $i, $c := $l.Cells}}{{if eq $i 0}}<td class="xa"><a href="xa/{{$l.Slug}}">{{$c}}</a></td>{{else}}<td class="n">{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</tbody></table></body></html>`))

var communeTmpl = template.Must(template.New("commune").Parse(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>{{.C.Name}} — {{.Province}}</title>` + style + `</head><body>
<nav><a href="../">← Các xã</a></nav>
<h1>{{.C.Name}}</h1>
{{if .C.Err}}<p class="err">Lần đọc gần nhất không thành công: {{.C.Err}}</p>{{end}}
{{if .Period}}<p>Kỳ: {{.Period}} · đọc bản sao lúc {{.Read}} · bản sao: {{.C.URL}}</p>{{end}}
<table><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr><tr>{{range .Row}}<td class="n">{{.}}</td>{{end}}</tr></table>
<h2>Phát hiện ({{len .Findings}})</h2>
{{range .Findings}}<section class="finding" data-rule="{{.Rule}}"><h3>[{{.SeverityLabel}}] {{.SubjectLabel}}</h3><p>{{.Message}}</p>
<p><i>Đề nghị:</i> {{.ActionHint}}</p><table>{{range .Evidence}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table></section>
{{else}}<p>Không có phát hiện nào.</p>{{end}}
</body></html>`))
