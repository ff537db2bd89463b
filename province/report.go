package province

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// The printable inspection report across communes (GET /bao-cao), in the
// shape of the 2016 inspection report this product was born from: for each
// commune what is done well (kết quả đạt được) and what falls short (tồn
// tại, hạn chế), and above them how many communes fall short on each point.
// Every sentence is computed from the same self-inspection the table shows;
// a rule with no finding in a commune is counted as done well there.

// wellDone says, for the rules the 2016 report and the table look at, what
// a commune with no finding of the rule does well. Rules not listed are
// named together ("Không có phát hiện về: …").
var wellDone = map[string]string{
	inspect.RuleLateEntry:           "Hồ sơ được cập nhật vào phần mềm ngay khi tiếp nhận: không có hồ sơ nhập muộn.",
	inspect.RuleStaleDossier:        "Hồ sơ đang giải quyết đều có bước xử lý trên phần mềm: không có hồ sơ tồn đọng.",
	inspect.RuleOverdueNoApology:    "Hồ sơ quá hạn đều có phiếu xin lỗi, hẹn lại ngày trả kết quả.",
	inspect.RuleOfficerOnTimeRate:   "Tỷ lệ giải quyết đúng hạn của từng công chức đạt ngưỡng.",
	inspect.RuleOfficerInactive:     "Công chức được giao hồ sơ đều xử lý hồ sơ trên phần mềm.",
	inspect.RuleCatalogIncomplete:   "Thủ tục hành chính công bố đủ thông tin bắt buộc.",
	inspect.RulePostingIncomplete:   "Niêm yết công khai đầy đủ.",
	inspect.RuleFeedbackOverdue:     "Phản ánh, kiến nghị được trả lời trong hạn.",
	inspect.RuleAuditChainBroken:    "Nhật ký kiểm toán toàn vẹn.",
	inspect.RuleReplicationLagging:  "Dữ liệu được sao lưu liên tục lên bản sao.",
	inspect.RuleMultipleSupplements: "Không yêu cầu bổ sung hồ sơ quá một lần.",
}

// notHere are the rules a reading of the replica cannot judge: the free
// disk is the province's cache dir, not the commune's box, and where a
// replica exists replication_lagging stands in for no_recent_backup.
var notHere = []string{inspect.RuleLowDisk, inspect.RuleNoRecentBackup}

// shortcoming is one rule's findings in one commune.
type shortcoming struct {
	Rule, Title, Severity string
	Count                 int
	Examples              []string // up to three subjects, e.g. dossier codes
}

// communeReport is one commune's part of the report.
type communeReport struct {
	Name, Slug, Err string
	Period          string
	Facts           []string // what was received and ended, on time
	Good            []string
	Others          []string // titles of the other rules found clean
	Short           []shortcoming
}

// pointRow is one rule across communes: how many fall short and which.
type pointRow struct {
	Title    string
	Communes []string
}

// inspectionReport is the whole report.
type inspectionReport struct {
	Province, Now string
	Read, Unread  int
	Facts         []string
	Points        []pointRow
	Communes      []communeReport
}

// Inspection builds the cross-commune inspection report from the communes'
// last readings.
func (v *View) Inspection(now time.Time) inspectionReport {
	out := inspectionReport{Province: v.Province, Now: calendar.FormatDateTime(now)}
	var total inspect.Counts
	short := map[string][]string{}
	for _, c := range v.Communes() {
		cr := communeReport{Name: c.Name, Slug: c.Slug, Err: c.Err}
		if c.Report == nil {
			out.Unread++
			out.Communes = append(out.Communes, cr)
			continue
		}
		out.Read++
		cr.Period = c.Report.Span.Label()
		counts := c.Report.Indicators.Totals.Counts
		total.Add(counts)
		cr.Facts = endings(counts)
		byRule := map[string][]inspect.Finding{}
		for _, f := range c.Findings {
			byRule[f.Rule] = append(byRule[f.Rule], f)
		}
		if counts.Ended > 0 && counts.Late == 0 {
			cr.Good = append(cr.Good, "Hồ sơ giải quyết xong đều trước hạn hoặc đúng hạn.")
		}
		if counts.Late > 0 {
			cr.Short = append(cr.Short, shortcoming{Rule: "late", Title: "Hồ sơ giải quyết trễ hạn", Severity: inspect.SeverityLabel(inspect.Warning), Count: counts.Late})
			short["late"] = append(short["late"], c.Name)
		}
		for _, r := range inspect.Rules {
			fs := byRule[r.Name]
			if slices.Contains(notHere, r.Name) {
				continue
			}
			if len(fs) == 0 {
				switch {
				case r.Name == inspect.RuleAuditChainBroken && !c.Report.Audit.Known:
					// not checked: neither good nor short
				case wellDone[r.Name] != "":
					good := wellDone[r.Name]
					if r.Name == inspect.RuleAuditChainBroken {
						good = strings.TrimSuffix(good, ".") + " (đầu chuỗi #" + inspect.FormatInt(int(c.Report.Audit.HeadSeq)) + ")."
					}
					cr.Good = append(cr.Good, good)
				default:
					cr.Others = append(cr.Others, r.Title)
				}
				continue
			}
			s := shortcoming{Rule: r.Name, Title: r.Title, Severity: inspect.SeverityLabel(r.Severity), Count: len(fs)}
			for _, f := range fs[:min(3, len(fs))] {
				s.Examples = append(s.Examples, f.SubjectLabel)
			}
			cr.Short = append(cr.Short, s)
			short[r.Name] = append(short[r.Name], c.Name)
		}
		out.Communes = append(out.Communes, cr)
	}
	out.Facts = endings(total)
	if len(short["late"]) > 0 {
		out.Points = append(out.Points, pointRow{Title: "Hồ sơ giải quyết trễ hạn", Communes: short["late"]})
	}
	for _, r := range inspect.Rules {
		if len(short[r.Name]) > 0 { // notHere never gets there
			out.Points = append(out.Points, pointRow{Title: r.Title, Communes: short[r.Name]})
		}
	}
	slices.SortStableFunc(out.Points, func(a, b pointRow) int { return len(b.Communes) - len(a.Communes) })
	return out
}

// endings says what was received and ended in counts, and how many on
// time.
func endings(c inspect.Counts) []string {
	out := []string{"Tiếp nhận " + inspect.FormatInt(c.Received) + " hồ sơ; đã giải quyết " + inspect.FormatInt(c.Ended) + " hồ sơ."}
	if c.Ended > 0 {
		out = append(out, "Trong số hồ sơ đã giải quyết: trước hạn "+inspect.FormatInt(c.Early)+", đúng hạn "+inspect.FormatInt(c.OnTime)+
			", trễ hạn "+inspect.FormatInt(c.Late)+"; tỷ lệ trước hạn và đúng hạn "+inspect.FormatRate(c.Rates().OnTime)+".")
	}
	if c.InProgress > 0 {
		out = append(out, "Đang giải quyết "+inspect.FormatInt(c.InProgress)+" hồ sơ, trong đó đã quá hạn "+inspect.FormatInt(c.InProgressLate)+".")
	}
	return out
}

func (v *View) serveInspection(w http.ResponseWriter, r *http.Request) {
	render(w, inspectionTmpl, v.Inspection(time.Now()))
}

var inspectionTmpl = template.Must(template.New("inspection").Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).Parse(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo kiểm tra công tác một cửa các xã — {{.Province}}</title>` + style + `<style>
body{max-width:48rem;line-height:1.45}h1{font-size:1.35rem;text-align:center}h2{font-size:1.15rem;margin-top:1.6rem}
h3{font-size:1.05rem;margin-bottom:.3rem}section.commune{break-inside:avoid-page}ul{margin-top:.2rem}
@page{size:A4;margin:2cm 1.5cm 2cm 2.5cm}@media print{body{margin:0;max-width:none}}</style></head><body>
<nav><a href="./">← Các xã</a> · <a href="javascript:print()">In báo cáo</a></nav>
<h1>BÁO CÁO KẾT QUẢ TỰ KIỂM TRA<br>công tác giải quyết thủ tục hành chính theo cơ chế một cửa của các xã<br>{{.Province}}</h1>
<p>Lập lúc {{.Now}}, từ bản sao dữ liệu của từng xã (chỉ đọc) và cùng các quy tắc tự kiểm tra của phần mềm Một cửa.
Đã đọc được {{.Read}} xã{{if .Unread}}, chưa đọc được {{.Unread}} xã{{end}}.</p>
<h2>I. Tổng hợp chung</h2>
<ul>{{range .Facts}}<li>{{.}}</li>{{end}}</ul>
{{if .Points}}<p>Những nội dung còn tồn tại, hạn chế, theo số xã:</p>
<table id="points"><thead><tr><th>Nội dung</th><th>Số xã</th><th>Các xã</th></tr></thead><tbody>
{{range .Points}}<tr><td>{{.Title}}</td><td class="n">{{len .Communes}}</td><td>{{range $i, $c := .Communes}}{{if $i}}, {{end}}{{$c}}{{end}}</td></tr>
{{end}}</tbody></table>{{else}}<p>Không xã nào có tồn tại, hạn chế theo các quy tắc tự kiểm tra.</p>{{end}}
<h2>II. Kết quả từng xã</h2>
{{range $n, $c := .Communes}}<section class="commune" data-commune="{{$c.Slug}}"><h3>{{$n | inc}}. {{$c.Name}}</h3>
{{if $c.Err}}<p class="err">Chưa đọc được bản sao dữ liệu: {{$c.Err}}</p>{{end}}
{{if $c.Period}}<p>Kỳ kiểm tra: {{$c.Period}}. {{range $c.Facts}}{{.}} {{end}}</p>
<p><b>a) Kết quả đạt được</b></p><ul class="good">{{range $c.Good}}<li>{{.}}</li>{{end}}
{{if $c.Others}}<li>Không có phát hiện về: {{range $i, $o := $c.Others}}{{if $i}}; {{end}}{{$o}}{{end}}.</li>{{end}}</ul>
<p><b>b) Tồn tại, hạn chế</b></p>{{if $c.Short}}<ul class="short">{{range $c.Short}}<li data-rule="{{.Rule}}">{{.Title}}: {{.Count}} trường hợp (mức {{.Severity}}){{if .Examples}}, ví dụ {{range $i, $e := .Examples}}{{if $i}}, {{end}}{{$e}}{{end}}{{end}}.</li>{{end}}</ul>
<p>Chi tiết và bằng chứng: <a href="xa/{{$c.Slug}}">trang của xã</a>.</p>{{else}}<p>Không có.</p>{{end}}{{end}}
</section>{{end}}
</body></html>`))
