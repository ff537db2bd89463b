package inspect

import "math"

// Counts are the raw numbers of a period, for the whole office or for one
// officer, procedure, sector or month. The hooks fill them with SQL
// aggregates; everything else is computed from them here.
type Counts struct {
	Received int `json:"received"` // received in the period (registered online ones excluded)
	Ended    int `json:"ended"`    // ended in the period (decided, returned, stopped, withdrawn; not refused at intake)
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
	Online           int `json:"online"`      // received in the period through the online channel
	// Received in the period of procedures offered online (online_level
	// partial or full), and of those through the online channel; the same
	// for full online services alone. Decision 766's online share counts
	// only procedures that can be done online.
	OfferedOnline       int `json:"offered_online"`
	OnlineOfOffered     int `json:"online_of_offered"`
	OfferedFullOnline   int `json:"offered_full_online"`
	OnlineOfFullOffered int `json:"online_of_full_offered"`
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
	// Satisfaction is indicator 5.4 per dossier: (dossiers − those late,
	// rated "dissatisfied" or complained about, each once) / dossiers, the
	// dossiers being those ended in the period or in progress at its end.
	Satisfaction *float64 `json:"satisfaction"`
	// Feedback is indicator 5.2: feedback answered within its limit / feedback
	// whose limit has come (answered, or unanswered past the limit).
	Feedback *float64 `json:"feedback"`
}

// Rates computes the percentages of c.
func (c Counts) Rates() Rates {
	var r Rates
	r.OnTime = pct(c.Early+c.OnTime, c.Ended)
	r.Late = pct(c.Late+c.InProgressLate, c.Ended+c.InProgress)
	r.Online = pct(c.OnlineOfOffered, c.OfferedOnline)
	r.OnlineFull = pct(c.OnlineOfFullOffered, c.OfferedFullOnline)
	r.Satisfaction = pct(c.Ended+c.InProgress-c.Unhappy, c.Ended+c.InProgress)
	r.Feedback = pct(c.FeedbackOnTime, c.FeedbackOnTime+c.FeedbackLate)
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

// Points is a group of Decision 766's score (Bộ chỉ số chỉ đạo, điều hành và
// đánh giá chất lượng phục vụ người dân, doanh nghiệp), as far as this
// office's data can tell.
type Points struct {
	Group  string   `json:"group"`
	Max    float64  `json:"max"`
	Value  *float64 `json:"value"` // nil: not computable from Motcua's data
	Method string   `json:"method"`
}

// Catalogue is the state of the public posting, for the publicity group.
type Catalogue struct {
	Published      int `json:"published"` // published procedures
	Complete       int `json:"complete"`  // of which nothing is missing
	PostingItems   int `json:"posting_items"`
	PostingPresent int `json:"posting_present"` // of the 3 items posting_incomplete checks
}

// Score766 estimates the points of the groups of Decision 766 that the
// office's own data can compute, and says how; the other groups are listed
// with no value. It is a self-assessment aid, not the official score.
func Score766(c Counts, cat Catalogue) []Points {
	r := c.Rates()
	scaled := func(max float64, rates ...*float64) *float64 {
		sum, n := 0.0, 0
		for _, x := range rates {
			if x != nil {
				sum += *x
				n++
			}
		}
		if n == 0 {
			return nil
		}
		v := math.Round(max*sum/float64(n)) / 100
		return &v
	}
	var publicity *float64
	if cat.Published > 0 && cat.PostingItems > 0 {
		publicity = scaled(18, pct(cat.Complete, cat.Published), pct(cat.PostingPresent, cat.PostingItems))
	}
	var inTime *float64
	if ok := pct(c.Early+c.OnTime+c.InProgressOnTime, c.Ended+c.InProgress); ok != nil {
		inTime = scaled(20, ok)
	}
	return []Points{
		{"Công khai, minh bạch", 18, publicity,
			"18 × trung bình của: tỷ lệ thủ tục công bố đủ thông tin (thành phần hồ sơ, thời hạn, phí, căn cứ pháp lý, kết quả) và tỷ lệ mục niêm yết có đủ (đường dây nóng, địa chỉ phản ánh, giờ làm việc)."},
		{"Tiến độ, kết quả giải quyết", 20, inTime,
			"20 × tỷ lệ hồ sơ trước hạn, đúng hạn trên tổng hồ sơ đã giải quyết và đang giải quyết trong kỳ (hồ sơ bổ sung quá một lần tính trễ hạn)."},
		{"Cung cấp dịch vụ trực tuyến", 22, scaled(22, r.Online),
			"22 × tỷ lệ hồ sơ nộp trực tuyến trên tổng hồ sơ tiếp nhận của các thủ tục có cung cấp dịch vụ công trực tuyến (toàn trình và một phần; tỷ lệ riêng của dịch vụ toàn trình xem ở chỉ số); ước tính: Quyết định 766 còn chấm thanh toán trực tuyến, không tính được ở đây."},
		{"Số hóa hồ sơ", 22, nil,
			"Không tính được: phần mềm chưa lưu việc số hóa thành phần hồ sơ, kết quả giải quyết."},
		{"Mức độ hài lòng", 18, scaled(18, r.Satisfaction, r.Feedback),
			"18 × trung bình của chỉ số 5.4 ((số hồ sơ − số hồ sơ trễ hạn, bị đánh giá \"không hài lòng\" hoặc bị phản ánh về việc giải quyết, mỗi hồ sơ tính một lần) ÷ số hồ sơ) và chỉ số 5.2 (phản ánh, kiến nghị xử lý đúng hạn, kể cả công khai kết quả trong 2 ngày làm việc) khi có; tỷ lệ hài lòng về việc xử lý phản ánh chưa tính được (phần mềm chưa thu đánh giá này)."},
	}
}
