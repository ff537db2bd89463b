package inspect

import (
	"html/template"
	"io"
	"strings"
	"time"

	"motcua/internal/calendar"
)

// SeverityLabel is the Vietnamese name of a severity.
func SeverityLabel(s Severity) string {
	switch s {
	case Serious:
		return "Nghiêm trọng"
	case Warning:
		return "Cảnh báo"
	case Info:
		return "Thông tin"
	}
	return string(s)
}

// StatusLabel is the Vietnamese name of a finding's status.
func StatusLabel(s string) string {
	switch s {
	case "open":
		return "Mới phát hiện"
	case "acknowledged":
		return "Đã ghi nhận"
	case "resolved":
		return "Đã giải quyết"
	}
	return s
}

// RuleTitle is a rule's Vietnamese title.
func RuleTitle(name string) string {
	if r, ok := RuleByName(name); ok {
		return r.Title
	}
	return name
}

var funcs = template.FuncMap{
	"int":      FormatInt,
	"rate":     FormatRate,
	"pct":      FormatPercent,
	"num":      FormatNumber,
	"date":     func(t time.Time) string { return calendar.FormatDate(t) },
	"datetime": func(t time.Time) string { return calendar.FormatDateTime(t) },
	"sev":      SeverityLabel,
	"status":   StatusLabel,
	"rule":     RuleTitle,
	"lower":    strings.ToLower,
	"svg":      func(s string) template.HTML { return template.HTML(s) }, // built by this package, escaped inside
	"points": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return FormatNumber(*p)
	},
	"upper": strings.ToUpper,
	"int64": func(n int64) string { return FormatInt(int(n)) },
}

var reportTemplate = template.Must(template.New("report").Funcs(funcs).Parse(`<article class="rp">
<header class="rp-head">
  <div class="rp-org"><div class="rp-upper">{{upper .R.Office}}</div><div class="rp-rule"></div></div>
  <div class="rp-nation"><div class="rp-upper">Cộng hòa xã hội chủ nghĩa Việt Nam</div><div class="rp-motto">Độc lập - Tự do - Hạnh phúc</div><div class="rp-rule"></div>
  <div class="rp-place"><em>Ngày {{.Day}} tháng {{.Month}} năm {{.Year}}</em></div></div>
</header>
<h1>BÁO CÁO TỰ KIỂM TRA</h1>
<p class="rp-sub">Kết quả giải quyết thủ tục hành chính và việc chấp hành quy trình một cửa<br>
Kỳ báo cáo: từ ngày {{.R.Span.From.VN}} đến ngày {{.R.Span.To.VN}} · Lập lúc {{datetime .R.GeneratedAt}}</p>

<section class="rp-sec">
<h2>I. Chỉ tiêu chung</h2>
{{with .R.Indicators.Totals}}
<table class="rp-kv">
<tr><th>Hồ sơ tiếp nhận trong kỳ</th><td>{{int .Counts.Received}}</td><th>Trong đó trực tuyến</th><td>{{int .Counts.Online}}</td></tr>
<tr><th>Tỷ lệ trực tuyến — thủ tục có dịch vụ công trực tuyến</th><td>{{int .Counts.OnlineOfOffered}}/{{int .Counts.OfferedOnline}} ({{rate .Rates.Online}})</td><th>— Riêng dịch vụ toàn trình</th><td>{{int .Counts.OnlineOfFullOffered}}/{{int .Counts.OfferedFullOnline}} ({{rate .Rates.OnlineFull}})</td></tr>
<tr><th>Hồ sơ có giấy tờ được số hóa</th><td>{{int .Counts.Digitised}}/{{int .Counts.Received}} ({{rate .Rates.Digitised}})</td><th>Dùng lại giấy tờ đã số hóa</th><td>{{int .Counts.Reused}}/{{int .Counts.Received}} ({{rate .Rates.Reuse}})</td></tr>
<tr><th>Kết quả giải quyết được số hóa</th><td>{{int .Counts.ResultsDigitised}}/{{int .Counts.Results}} ({{rate .Rates.ResultsDigitised}})</td><th></th><td></td></tr>
<tr><th>Hồ sơ đã giải quyết (kết thúc)</th><td>{{int .Counts.Ended}}</td><th>Từ chối tiếp nhận</th><td>{{int .Counts.Refused}}</td></tr>
<tr><th>— Trước hạn</th><td>{{int .Counts.Early}}</td><th>— Đúng hạn</th><td>{{int .Counts.OnTime}}</td></tr>
<tr><th>— Trễ hạn</th><td>{{int .Counts.Late}}</td><th>Tỷ lệ trước hạn, đúng hạn</th><td><strong>{{rate .Rates.OnTime}}</strong></td></tr>
<tr><th>Đang giải quyết cuối kỳ</th><td>{{int .Counts.InProgress}}</td><th>— Trong hạn / quá hạn</th><td>{{int .Counts.InProgressOnTime}} / {{int .Counts.InProgressLate}}</td></tr>
<tr><th>Lượt yêu cầu bổ sung</th><td>{{int .Counts.Supplements}}</td><th>Tỷ lệ trễ hạn (kể cả đang giải quyết)</th><td>{{rate .Rates.Late}}</td></tr>
<tr><th>Dừng xử lý, rút hồ sơ trước hạn (không tính vào tỷ lệ)</th><td>{{int .Counts.Stopped}}</td><th></th><td></td></tr>
<tr><th>Lượt đánh giá / không hài lòng</th><td>{{int .Counts.Rated}} / {{int .Counts.Dissatisfied}}</td><th>Phản ánh, kiến nghị nhận trong kỳ</th><td>{{int .Counts.Complaints}}</td></tr>
<tr><th>Hồ sơ trễ hạn, không hài lòng hoặc bị phản ánh (mỗi hồ sơ một lần)</th><td>{{int .Counts.Unhappy}}</td><th></th><td></td></tr>
<tr><th>Chỉ số 5.4 — mức độ hài lòng</th><td><strong>{{rate .Rates.Satisfaction}}</strong></td><th>Chỉ số 5.2 — phản ánh xử lý đúng hạn</th><td><strong>{{rate .Rates.Feedback}}</strong> ({{int .Counts.FeedbackOnTime}} đúng hạn, {{int .Counts.FeedbackLate}} trễ, {{int .Counts.FeedbackPending}} đang trong hạn)</td></tr>
</table>
{{end}}
<p class="rp-note">Phân loại theo Quyết định 766/QĐ-TTg: hồ sơ kết thúc (quyết định, trả kết quả, dừng, rút) không muộn hơn ngày hẹn là đúng hạn, trước ngày hẹn là trước hạn; thời gian chờ công dân bổ sung không tính, hồ sơ đang chờ bổ sung không tính là quá hạn; yêu cầu bổ sung quá một lần tính trễ hạn. Hồ sơ bị từ chối tiếp nhận chưa được tiếp nhận: chỉ tính là từ chối, không tính vào hồ sơ tiếp nhận, đã giải quyết. Chỉ số 5.4 = (số hồ sơ − số hồ sơ trễ hạn, bị đánh giá "không hài lòng" hoặc bị phản ánh về việc giải quyết, mỗi hồ sơ tính một lần) ÷ số hồ sơ đã và đang giải quyết; phản ánh về quy định hành chính không tính. Tỷ lệ trực tuyến chỉ tính các thủ tục có cung cấp dịch vụ công trực tuyến.</p>
</section>

<section class="rp-sec rp-charts">
<h2>II. Biểu đồ tỷ lệ giải quyết trước hạn, đúng hạn</h2>
<figure>{{svg .MonthChart}}</figure>
<figure>{{svg .OfficerChart}}</figure>
<figure>{{svg .SectorChart}}</figure>
</section>

<section class="rp-sec">
<h2>III. Điểm ước tính theo Quyết định 766/QĐ-TTg</h2>
<p class="rp-coverage">{{.Coverage}}</p>
<table class="rp-table rp-points">
<colgroup><col class="c-name"><col class="c-n"><col class="c-n"><col class="c-pts"><col class="c-cov"><col class="c-how"></colgroup>
<thead><tr><th>Nhóm chỉ số / chỉ số</th><th class="n">Tối đa</th><th class="n">Tỷ lệ</th><th class="n">Điểm ước tính</th><th>Phần mềm tính được</th><th>Cách tính</th></tr></thead>
<tbody>{{range .R.Indicators.Points766}}<tr class="rp-group cov-{{.Coverage}}"><td><strong>{{.Group}}</strong></td><td class="n">{{num .Max}}</td><td class="n"></td><td class="n"><strong>{{points .Value}}</strong></td><td>{{.CoverageLabel}}</td><td class="rp-small">{{.Method}}</td></tr>
{{range .Items}}<tr class="rp-item"><td>{{.Code}} {{.Name}}</td><td class="n">{{num .Max}}</td><td class="n">{{if .Computable}}{{rate .Rate}}{{end}}</td><td class="n">{{points .Value}}</td><td>{{if .Computable}}Có{{else}}Không{{end}}</td><td class="rp-small">{{.Note}}</td></tr>
{{end}}{{end}}<tr class="rp-total"><td>Cộng (các chỉ số tính được trong kỳ)</td><td class="n">{{num .PointsMax}}</td><td class="n"></td><td class="n">{{num .PointsSum}}</td><td></td><td class="rp-small">Trên tổng 100 điểm của Bộ chỉ số; chỉ để tự đánh giá, không thay thế kết quả chấm điểm chính thức.</td></tr>
</tbody></table>
<p class="rp-note">{{.R.Indicators.PointsBasis}}</p>
</section>

<section class="rp-sec">
<h2>IV. Theo công chức</h2>
<table class="rp-table">
<thead><tr><th>Công chức</th><th class="n">Tiếp nhận</th><th class="n">Giải quyết</th><th class="n">Trước hạn</th><th class="n">Đúng hạn</th><th class="n">Trễ hạn</th><th class="n">Tỷ lệ đúng hạn</th><th class="n">Đang giữ (quá hạn)</th><th class="n">Y/c bổ sung</th></tr></thead>
<tbody>{{range .R.Indicators.ByOfficer}}<tr><td>{{.Label}}</td><td class="n">{{int .Counts.Received}}</td><td class="n">{{int .Counts.Ended}}</td><td class="n">{{int .Counts.Early}}</td><td class="n">{{int .Counts.OnTime}}</td><td class="n">{{int .Counts.Late}}</td><td class="n">{{rate .Rates.OnTime}}</td><td class="n">{{int .Counts.InProgress}} ({{int .Counts.InProgressLate}})</td><td class="n">{{int .Counts.Supplements}}</td></tr>{{end}}</tbody>
</table>
<p class="rp-note">Hồ sơ tính cho công chức được giao xử lý sau cùng (hoặc công chức tiếp nhận nếu hồ sơ không chuyển xử lý). Chỉ xếp loại công chức có từ {{int .R.Settings.MinOfficerDossiers}} hồ sơ trở lên trong kỳ; ngưỡng đúng hạn {{pct .R.Settings.OnTimeRateMin}}.</p>
</section>

<section class="rp-sec">
<h2>V. Theo lĩnh vực và thủ tục</h2>
<table class="rp-table">
<thead><tr><th>Lĩnh vực</th><th class="n">Tiếp nhận</th><th class="n">Giải quyết</th><th class="n">Trễ hạn</th><th class="n">Tỷ lệ đúng hạn</th><th class="n">Trực tuyến</th><th class="n">Không hài lòng</th></tr></thead>
<tbody>{{range .R.Indicators.BySector}}<tr><td>{{.Label}}</td><td class="n">{{int .Counts.Received}}</td><td class="n">{{int .Counts.Ended}}</td><td class="n">{{int .Counts.Late}}</td><td class="n">{{rate .Rates.OnTime}}</td><td class="n">{{rate .Rates.Online}}</td><td class="n">{{int .Counts.Dissatisfied}}</td></tr>{{end}}</tbody>
</table>
<table class="rp-table rp-small">
<thead><tr><th>Thủ tục</th><th class="n">Tiếp nhận</th><th class="n">Giải quyết</th><th class="n">Trễ hạn</th><th class="n">Tỷ lệ đúng hạn</th><th class="n">Đang giải quyết</th></tr></thead>
<tbody>{{range .R.Indicators.ByProcedure}}<tr><td>{{.Label}}</td><td class="n">{{int .Counts.Received}}</td><td class="n">{{int .Counts.Ended}}</td><td class="n">{{int .Counts.Late}}</td><td class="n">{{rate .Rates.OnTime}}</td><td class="n">{{int .Counts.InProgress}}</td></tr>{{end}}</tbody>
</table>
</section>

<section class="rp-sec">
<h2>VI. Các phát hiện đang mở ({{int (len .R.Findings)}}: {{int .Serious}} nghiêm trọng, {{int .Warning}} cảnh báo)</h2>
{{if .R.Findings}}
<table class="rp-table rp-findings">
<colgroup><col class="c-sev"><col class="c-msg"><col class="c-hint"><col class="c-date"><col class="c-status"></colgroup>
<thead><tr><th>Mức độ</th><th>Nội dung phát hiện</th><th>Việc cần làm</th><th>Lần đầu / gần nhất</th><th>Trạng thái</th></tr></thead>
<tbody>{{range .R.Findings}}<tr class="sev-{{.Severity}}"><td>{{sev .Severity}}</td><td><strong>{{rule .Rule}}</strong><br>{{.Message}}</td><td class="rp-small">{{.ActionHint}}</td><td class="rp-small">{{date .FirstSeen}}<br>{{date .LastSeen}}</td><td>{{status .Status}}</td></tr>{{end}}</tbody>
</table>
{{else}}<p>Không có phát hiện nào đang mở.</p>{{end}}
</section>

<section class="rp-sec">
<h2>VII. Nhật ký kiểm toán</h2>
{{with .R.Audit}}{{if .Known}}
<table class="rp-kv">
<tr><th>Tình trạng chuỗi</th><td>{{if .OK}}Nguyên vẹn{{else}}<strong>Bị phá vỡ từ mục số {{int64 .FirstBadSeq}}</strong>: mục này hoặc mục trước nó đã bị sửa, xóa hoặc chèn ngoài phần mềm (chi tiết: lệnh kiểm tra chuỗi trên máy chủ, motcua audit verify){{end}}</td></tr>
<tr><th>Số mục đã kiểm</th><td>{{int64 .Entries}}</td></tr>
<tr><th>Đầu chuỗi (số thứ tự, mã băm)</th><td class="rp-hash">{{int64 .HeadSeq}} · {{if .HeadHash}}{{.HeadHash}}{{else}}(chưa có mục nào){{end}}</td></tr>
{{if .AnchorHash}}<tr><th>Mốc đối chiếu lưu ngoài cơ sở dữ liệu (tệp mốc bên cạnh tệp dữ liệu, lần kiểm hằng ngày gần nhất)</th><td class="rp-hash">{{int64 .AnchorSeq}} · {{.AnchorHash}}</td></tr>{{end}}
</table>
<p class="rp-note">Ghi lại số thứ tự và mã băm đầu chuỗi trên bản in có chữ ký: đối chiếu về sau sẽ phát hiện mọi thay đổi hay xóa bớt nhật ký.</p>
{{else}}<p>Chưa kiểm tra được chuỗi nhật ký kiểm toán trên máy này.</p>{{end}}{{end}}
</section>

<section class="rp-sec">
<h2>VIII. Ngưỡng tự kiểm tra đang áp dụng</h2>
<p class="rp-small">Hồ sơ không có bước mới: {{.R.Settings.StaleDays}} ngày làm việc · Nhập muộn: {{.R.Settings.LateEntryHours}} giờ · Công chức không thao tác: {{.R.Settings.InactiveDays}} ngày làm việc · Tỷ lệ đúng hạn tối thiểu: {{pct .R.Settings.OnTimeRateMin}} (từ {{.R.Settings.MinOfficerDossiers}} hồ sơ) · Trả lời phản ánh: {{.R.Settings.FeedbackDays}} ngày làm việc · Sao lưu: {{.R.Settings.BackupDays}} ngày.</p>
</section>

<footer class="rp-sign">
<div><strong>Người lập báo cáo</strong><br><em>(Ký, ghi rõ họ tên)</em></div>
<div><strong>Lãnh đạo UBND</strong><br><em>(Ký, ghi rõ họ tên, đóng dấu)</em></div>
</footer>
</article>`))

type reportView struct {
	R                                     *Report
	Day, Month, Year                      string
	MonthChart, OfficerChart, SectorChart string
	Serious, Warning                      int
	PointsMax, PointsSum                  float64
	Coverage                              string
}

// RenderReport writes the printable self-inspection report of rep as an
// HTML fragment (the reports page wraps it, with its A4 print style).
func RenderReport(w io.Writer, rep *Report) error {
	t := rep.GeneratedAt.In(calendar.Location)
	v := reportView{R: rep, Day: t.Format("02"), Month: t.Format("01"), Year: t.Format("2006")}
	th := rep.Settings.OnTimeRateMin
	v.MonthChart = ColumnChart("Theo tháng (tháng kết thúc hồ sơ)", OnTimeBars(rep.Indicators.ByMonth, 0), th)
	var officers []Group
	for _, g := range rep.Indicators.ByOfficer {
		if g.Counts.Ended > 0 {
			officers = append(officers, g)
		}
	}
	v.OfficerChart = BarChart("Theo công chức", OnTimeBars(officers, 15), th)
	v.SectorChart = BarChart("Theo lĩnh vực", OnTimeBars(rep.Indicators.BySector, 15), th)
	c := FindingCounts(rep.Findings)
	v.Serious, v.Warning = c[Serious], c[Warning]
	for _, p := range rep.Indicators.Points766 {
		if p.Value != nil {
			v.PointsMax += p.ComputedMax
			v.PointsSum += *p.Value
		}
	}
	v.Coverage = CoverageSummary(rep.Indicators.Points766)
	return reportTemplate.Execute(w, v)
}
