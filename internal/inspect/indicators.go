package inspect

import (
	"math"
	"strings"
)

// Counts are the raw numbers of a period, for the whole office or for one
// officer, procedure, sector or month. The hooks fill them with SQL
// aggregates; everything else is computed from them here.
type Counts struct {
	Received int `json:"received"` // received in the period (registered online ones excluded)
	Ended    int `json:"ended"`    // ended in the period with a Class: decided, returned, or stopped/withdrawn late
	Early    int `json:"early"`    // ended before the due date (Decision 766 "trước hạn")
	OnTime   int `json:"on_time"`  // ended on the due date ("đúng hạn")
	Late     int `json:"late"`     // ended after the due time, or more than one supplement ("trễ hạn")
	// In progress at the end of the period (or now, when the period ends
	// today): on time while the due time has not passed.
	InProgress       int `json:"in_progress"`
	InProgressOnTime int `json:"in_progress_on_time"`
	InProgressLate   int `json:"in_progress_late"`
	Supplements      int `json:"supplements"` // supplement requests made in the period
	Refused          int `json:"refused"`     // refused at intake in the period: never received, in no other count
	// Stopped or withdrawn in the period before the due time: ended without
	// a result, in no rate (lifecycle.ClassifyEnding).
	Stopped int `json:"stopped"`
	Online  int `json:"online"` // received in the period through the online channel
	// Received in the period of procedures offered online (online_level
	// partial or full), and of those through the online channel; the same
	// for full online services alone. Decision 766's online share counts
	// only procedures that can be done online.
	OfferedOnline       int `json:"offered_online"`
	OnlineOfOffered     int `json:"online_of_offered"`
	OfferedFullOnline   int `json:"offered_full_online"`
	OnlineOfFullOffered int `json:"online_of_full_offered"`
	// Digitisation (Circular 01/2023/TT-VPCP; Decision 766 group 4): of the
	// dossiers received in the period, those with at least one paper
	// digitised and those reusing a paper digitised for another dossier; of
	// the dossiers ended in the period with a result (decided or returned),
	// those whose result is digitised.
	Digitised        int `json:"digitised"`
	Reused           int `json:"reused"`
	Results          int `json:"results"`
	ResultsDigitised int `json:"results_digitised"`
	// Unhappy counts the dossiers of the satisfaction base (ended in the
	// period or in progress at its end) that were late, rated
	// "dissatisfied" or complained about (feedback naming the dossier):
	// each dossier once (indicator 5.4).
	Unhappy      int `json:"unhappy"`
	Rated        int `json:"rated"` // ratings given in the period
	Dissatisfied int `json:"dissatisfied"`
	Complaints   int `json:"complaints"` // feedback and petitions received in the period
	// Feedback received in the period: answered within its limit, answered
	// late or unanswered past the limit, and still within the limit.
	FeedbackOnTime  int `json:"feedback_on_time"`
	FeedbackLate    int `json:"feedback_late"`
	FeedbackPending int `json:"feedback_pending"`
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Received += o.Received
	c.Ended += o.Ended
	c.Stopped += o.Stopped
	c.Early += o.Early
	c.OnTime += o.OnTime
	c.Late += o.Late
	c.InProgress += o.InProgress
	c.InProgressOnTime += o.InProgressOnTime
	c.InProgressLate += o.InProgressLate
	c.Supplements += o.Supplements
	c.Refused += o.Refused
	c.Online += o.Online
	c.OfferedOnline += o.OfferedOnline
	c.OnlineOfOffered += o.OnlineOfOffered
	c.OfferedFullOnline += o.OfferedFullOnline
	c.OnlineOfFullOffered += o.OnlineOfFullOffered
	c.Digitised += o.Digitised
	c.Reused += o.Reused
	c.Results += o.Results
	c.ResultsDigitised += o.ResultsDigitised
	c.Unhappy += o.Unhappy
	c.Rated += o.Rated
	c.Dissatisfied += o.Dissatisfied
	c.Complaints += o.Complaints
	c.FeedbackOnTime += o.FeedbackOnTime
	c.FeedbackLate += o.FeedbackLate
	c.FeedbackPending += o.FeedbackPending
}

// Rates are the percentages derived from Counts; nil when the base is zero.
type Rates struct {
	// OnTime: (early + on time) / ended, Decision 766 "tỷ lệ giải quyết
	// trước hạn, đúng hạn".
	OnTime *float64 `json:"on_time"`
	// Late: (late ended + late in progress) / (ended + in progress).
	Late *float64 `json:"late"`
	// Online: dossiers received online / dossiers received, both of the
	// procedures offered online (partial or full); OnlineFull the same for
	// full online services only.
	Online     *float64 `json:"online"`
	OnlineFull *float64 `json:"online_full"`
	// Digitised: received dossiers with digitised papers / received;
	// Reuse: received dossiers reusing a digitised paper / received;
	// ResultsDigitised: ended dossiers with a digitised result / ended with
	// a result.
	Digitised        *float64 `json:"digitised"`
	Reuse            *float64 `json:"reuse"`
	ResultsDigitised *float64 `json:"results_digitised"`
	// Satisfaction is indicator 5.4 per dossier: (dossiers − those late,
	// rated "dissatisfied" or complained about, each once) / dossiers, the
	// dossiers being those ended in the period or in progress at its end.
	Satisfaction *float64 `json:"satisfaction"`
	// Feedback is indicator 5.2: feedback handled within its limit or still
	// within it / all feedback received in the period. The decision's annex
	// divides by all feedback the office must handle ("tổng số phản ánh,
	// kiến nghị thuộc thẩm quyền tiếp nhận, xử lý"); the national portal's
	// description of the formula counts feedback still within its limit as
	// on time (as indicator 2.1 does for dossiers).
	Feedback *float64 `json:"feedback"`
}

// Rates computes the percentages of c.
func (c Counts) Rates() Rates {
	var r Rates
	r.OnTime = pct(c.Early+c.OnTime, c.Ended)
	r.Late = pct(c.Late+c.InProgressLate, c.Ended+c.InProgress)
	r.Online = pct(c.OnlineOfOffered, c.OfferedOnline)
	r.OnlineFull = pct(c.OnlineOfFullOffered, c.OfferedFullOnline)
	r.Digitised = pct(c.Digitised, c.Received)
	r.Reuse = pct(c.Reused, c.Received)
	r.ResultsDigitised = pct(c.ResultsDigitised, c.Results)
	r.Satisfaction = pct(c.Ended+c.InProgress-c.Unhappy, c.Ended+c.InProgress)
	r.Feedback = pct(c.FeedbackOnTime+c.FeedbackPending, c.FeedbackOnTime+c.FeedbackLate+c.FeedbackPending)
	return r
}

func pct(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := 100 * float64(n) / float64(d)
	return &v
}

// Group is the counts and rates of one row of a breakdown (one officer,
// procedure, sector or month).
type Group struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Counts Counts `json:"counts"`
	Rates  Rates  `json:"rates"`
}

// Coverage says how much of a Decision 766 group the appliance can score
// with its own data.
type Coverage string

const (
	CoverageFull    Coverage = "full"    // every indicator of the group
	CoveragePartial Coverage = "partial" // some indicators
	CoverageNone    Coverage = "none"    // none: the data is not kept here
)

// Label is the Vietnamese name of a coverage.
func (c Coverage) Label() string {
	switch c {
	case CoverageFull:
		return "Tính được"
	case CoveragePartial:
		return "Tính được một phần"
	}
	return "Không tính được"
}

// PointsItem is one scored indicator of a Decision 766 group.
type PointsItem struct {
	Code string  `json:"code"` // as numbered in the decision's annex and on the national portal
	Name string  `json:"name"`
	Max  float64 `json:"max"`
	// Computable: the appliance keeps the data this indicator needs.
	Computable bool     `json:"computable"`
	Rate       *float64 `json:"rate"`  // nil: not computable, or no base in the period
	Value      *float64 `json:"value"` // Max × Rate ÷ 100, two decimals
	Note       string   `json:"note"`  // how it is computed, or why it cannot be
}

// Points is a group of Decision 766's score (Bộ chỉ số chỉ đạo, điều hành và
// đánh giá chất lượng phục vụ người dân, doanh nghiệp), as far as this
// office's data can tell.
type Points struct {
	Group string  `json:"group"`
	Max   float64 `json:"max"`
	// Value sums the values of the indicators computed for the period; nil
	// when none is. ComputedMax is what those indicators weigh.
	Value         *float64     `json:"value"`
	ComputedMax   float64      `json:"computed_max"`
	Coverage      Coverage     `json:"coverage"`
	CoverageLabel string       `json:"coverage_label"`
	Method        string       `json:"method"`
	Items         []PointsItem `json:"indicators"`
}

// PointsBasis says, on the report and in its JSON, how the points are
// given: the decision's scoring bands could not be read from its text, so
// each indicator is its maximum × its rate.
const PointsBasis = "Điểm của mỗi chỉ số = điểm tối đa của chỉ số × tỷ lệ đạt được. Phần mềm chưa áp dụng thang điểm và mức mục tiêu của từng chỉ số trong Phụ lục Quyết định 766/QĐ-TTg vì chưa đối chiếu được nguyên văn phụ lục; điểm tối đa của từng nhóm theo Quyết định, của từng chỉ số theo bảng điểm của Hệ thống đánh giá trên Cổng Dịch vụ công quốc gia. Chỉ để tự đánh giá, không thay thế kết quả chấm điểm chính thức."

// Catalogue is the state of the public posting, for the publicity group.
type Catalogue struct {
	Published      int `json:"published"` // published procedures
	Complete       int `json:"complete"`  // of which nothing is missing
	PostingItems   int `json:"posting_items"`
	PostingPresent int `json:"posting_present"` // of the 3 items posting_incomplete checks
}

// Score766 estimates the points of Decision 766/QĐ-TTg (23/6/2022) that the
// office's own data can compute, indicator by indicator, and says for each
// group how much of it the appliance can score.
//
// Sources: the five groups and their maxima (18, 20, 22, 22, 18) are those of
// Article 1 of the decision; the indicators and their formulas are those of
// its Annex, after the data sources of section I (restated by aita.gov.vn
// and the legal libraries);
// the maximum of each indicator is the national portal's scoring table
// (Hệ thống đánh giá Bộ chỉ số on dichvucong.gov.vn, e.g. 6 points for
// indicator 5.4 and 4 for 1.2, as the decision's summaries also say). The
// decision's annex also gives targets (full points from a rate such as 90%
// for 5.4, after Resolution 76/NQ-CP); its text could not be read here, so
// no band or target is applied: Value = Max × rate, stated in PointsBasis.
func Score766(c Counts, cat Catalogue) []Points {
	r := c.Rates()
	item := func(code, name string, max float64, rate *float64, note string) PointsItem {
		return PointsItem{Code: code, Name: name, Max: max, Computable: true, Rate: rate, Note: note}
	}
	none := func(code, name string, max float64, why string) PointsItem {
		return PointsItem{Code: code, Name: name, Max: max, Note: why}
	}
	inTime := pct(c.Early+c.OnTime+c.InProgressOnTime, c.Ended+c.InProgress)
	groups := []Points{
		{Group: "Công khai, minh bạch", Max: 18, Items: []PointsItem{
			none("1.1", "Tỷ lệ thủ tục hành chính công bố đúng hạn", 6,
				"Không tính được: quyết định công bố thủ tục do Chủ tịch UBND tỉnh ban hành, phần mềm không lưu."),
			none("1.2", "Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng hạn trên Cơ sở dữ liệu quốc gia", 4,
				"Không tính được: việc cập nhật Cơ sở dữ liệu quốc gia về thủ tục hành chính không qua phần mềm."),
			item("1.3", "Tỷ lệ thủ tục hành chính công khai đầy đủ các bộ phận tạo thành", 2, pct(cat.Complete, cat.Published),
				"Số thủ tục đang công bố có đủ thành phần hồ sơ, thời hạn, phí, căn cứ pháp lý, kết quả ÷ số thủ tục đang công bố."),
			none("1.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia", 6,
				"Không tính được: phần mềm chưa kết nối, đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia."),
		}},
		{Group: "Tiến độ, kết quả giải quyết", Max: 20, Items: []PointsItem{
			item("2.1", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", 20, inTime,
				"Số hồ sơ đã giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn ÷ số hồ sơ đã và đang giải quyết trong kỳ (yêu cầu bổ sung quá một lần tính trễ hạn)."),
		}},
		{Group: "Cung cấp dịch vụ trực tuyến", Max: 22, Items: []PointsItem{
			item("3.3", "Tỷ lệ hồ sơ trực tuyến toàn trình", 12, r.OnlineFull,
				"Số hồ sơ nộp trực tuyến ÷ số hồ sơ tiếp nhận của các thủ tục cung cấp dịch vụ công trực tuyến toàn trình (tỷ lệ gồm cả dịch vụ một phần xem ở mục I)."),
			none("3.5–3.6", "Thanh toán trực tuyến (thủ tục tích hợp thanh toán, hồ sơ thanh toán trực tuyến)", 10,
				"Không tính được: phần mềm chưa có thanh toán trực tuyến phí, lệ phí."),
		}},
		{Group: "Số hóa hồ sơ", Max: 22, Items: []PointsItem{
			item("4.1", "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử", 6, r.ResultsDigitised,
				"Số hồ sơ đã giải quyết xong (ký duyệt, trả kết quả) có bản số hóa kết quả (số, ngày, người ký, tệp) ÷ số hồ sơ đã giải quyết xong trong kỳ."),
			item("4.2", "Tỷ lệ hồ sơ thực hiện số hóa hồ sơ", 4, r.Digitised,
				"Số hồ sơ tiếp nhận trong kỳ có ít nhất một thành phần hồ sơ được số hóa (quét tại quầy, chụp bằng điện thoại, nộp trực tuyến hoặc dùng lại) ÷ số hồ sơ tiếp nhận trong kỳ."),
			item("4.3", "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa", 2, r.Reuse,
				"Số hồ sơ tiếp nhận trong kỳ dùng lại giấy tờ đã số hóa ở hồ sơ trước của cùng người nộp (cùng số định danh) ÷ số hồ sơ tiếp nhận trong kỳ."),
			none("4.4", "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu để tái sử dụng", 4, "Không tính được: phần mềm chưa kết nối kho dữ liệu của Cổng Dịch vụ công quốc gia."),
			none("4.5", "Ứng dụng dữ liệu dân cư trong giải quyết thủ tục hành chính", 4, "Không tính được: phần mềm chưa kết nối Cơ sở dữ liệu quốc gia về dân cư."),
			none("—", "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", 2, "Không tính được: phần mềm chưa lưu bản sao điện tử đã chứng thực."),
		}},
		{Group: "Mức độ hài lòng", Max: 18, Items: []PointsItem{
			item("5.2", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", 6, r.Feedback,
				"Số phản ánh, kiến nghị đã xử lý đúng hạn (kể cả công khai kết quả trong 2 ngày làm việc) và đang xử lý trong hạn ÷ số phản ánh, kiến nghị tiếp nhận trong kỳ; trả lời đề nghị bổ sung thông tin không phải trả lời cuối cùng."),
			none("5.3", "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", 6,
				"Không tính được: phần mềm chưa thu đánh giá của người gửi về kết quả xử lý phản ánh, kiến nghị."),
			item("5.4", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính", 6, r.Satisfaction,
				"(Số hồ sơ − số hồ sơ trễ hạn, bị đánh giá \"không hài lòng\" hoặc bị phản ánh về việc tiếp nhận, giải quyết, mỗi hồ sơ tính một lần) ÷ số hồ sơ đã và đang giải quyết; phản ánh về quy định hành chính không tính."),
		}},
	}
	for g := range groups {
		p := &groups[g]
		computable, sum, scored := 0, 0.0, false
		for i := range p.Items {
			it := &p.Items[i]
			if !it.Computable {
				continue
			}
			computable++
			if it.Rate != nil {
				v := math.Round(it.Max**it.Rate) / 100
				it.Value = &v
				sum += v
				p.ComputedMax += it.Max
				scored = true
			}
		}
		switch {
		case computable == len(p.Items):
			p.Coverage = CoverageFull
		case computable > 0:
			p.Coverage = CoveragePartial
		default:
			p.Coverage = CoverageNone
		}
		p.CoverageLabel = p.Coverage.Label()
		if scored {
			v := math.Round(sum*100) / 100
			p.Value = &v
		}
		p.Method = p.method()
	}
	return groups
}

// method says in one sentence which indicators of the group are scored.
func (p Points) method() string {
	var in, out []string
	for _, it := range p.Items {
		switch {
		case it.Code == "—":
		case it.Computable:
			in = append(in, it.Code)
		default:
			out = append(out, it.Code)
		}
	}
	switch p.Coverage {
	case CoverageFull:
		return "Tính được từ dữ liệu của phần mềm: chỉ số " + strings.Join(in, ", ") + "."
	case CoveragePartial:
		return "Tính được chỉ số " + strings.Join(in, ", ") + "; chưa tính được chỉ số " + strings.Join(out, ", ") + " (lý do ở từng chỉ số)."
	}
	return "Không tính được: phần mềm chưa lưu dữ liệu của các chỉ số " + strings.Join(out, ", ") + "."
}

// CoverageSummary names the groups the appliance can score fully, in part
// and not at all, in one Vietnamese sentence for the report.
func CoverageSummary(ps []Points) string {
	by := map[Coverage][]string{}
	for _, p := range ps {
		by[p.Coverage] = append(by[p.Coverage], p.Group)
	}
	var parts []string
	for _, c := range []Coverage{CoverageFull, CoveragePartial, CoverageNone} {
		if len(by[c]) > 0 {
			parts = append(parts, c.Label()+": "+strings.Join(by[c], "; "))
		}
	}
	return "Nhóm chỉ số phần mềm chấm được bằng dữ liệu của mình — " + strings.Join(parts, ". ") + "."
}
