package inspect

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"motcua/internal/auditchain"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

// Severity is how much a finding weighs: info, warning or serious.
type Severity string

const (
	Info    Severity = "info"    // thông tin
	Warning Severity = "warning" // cảnh báo
	Serious Severity = "serious" // nghiêm trọng
)

// Subjects of findings: the collection of the record a finding is about.
const (
	SubjectDossiers   = "dossiers"
	SubjectStaff      = "_superusers"
	SubjectProcedures = "procedures"
	SubjectOffice     = "office"
	SubjectFeedback   = "feedback"
	SubjectAuditLog   = "audit_log"
	SubjectBackups    = "backups"
)

// Finding is one shortcoming of one subject, with its evidence.
type Finding struct {
	Rule              string         `json:"rule"`
	Severity          Severity       `json:"severity"`
	SubjectCollection string         `json:"subject_collection"`
	SubjectID         string         `json:"subject_id"`
	SubjectLabel      string         `json:"subject_label"`
	Message           string         `json:"message"`
	Evidence          map[string]any `json:"evidence"`
	ActionHint        string         `json:"action_hint"`
}

// Key identifies a finding's rule and subject: one open finding per key.
func (f Finding) Key() string { return Key(f.Rule, f.SubjectCollection, f.SubjectID) }

// Key builds the identity of a finding from its parts.
func Key(rule, collection, id string) string { return rule + "|" + collection + "|" + id }

// Rule describes a rule for people: its name, what it checks and whether its
// findings clear by themselves.
type Rule struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Subject  string   `json:"subject"`
	// Scoped rules look at facts of the inspected period (a late entry,
	// a late apology): their findings stay until a leader resolves them,
	// unless the subject is inspected again and found clean. The other
	// rules look at the state now: a finding not found again is resolved
	// automatically.
	Scoped bool `json:"scoped"`
}

// Rule names.
const (
	RuleLateEntry              = "late_entry"
	RuleStaleDossier           = "stale_dossier"
	RuleOverdueNoApology       = "overdue_no_apology"
	RuleApologyTooLate         = "apology_too_late"
	RuleMultipleSupplements    = "multiple_supplements"
	RuleLateTransfer           = "late_transfer"
	RuleLateSupplementRequest  = "late_supplement_request"
	RuleOfficerOnTimeRate      = "officer_on_time_rate"
	RuleOfficerInactive        = "officer_inactive"
	RuleCatalogIncomplete      = "catalog_incomplete"
	RulePostingIncomplete      = "posting_incomplete"
	RuleFeedbackOverdue        = "feedback_overdue"
	RuleDissatisfiedUnresolved = "dissatisfied_unresolved"
	RuleAuditChainBroken       = "audit_chain_broken"
	RuleNoRecentBackup         = "no_recent_backup"
)

// Rules is the catalogue of rules, in the order reports list them.
var Rules = []Rule{
	{RuleLateEntry, "Hồ sơ nhập vào phần mềm muộn so với thời điểm tiếp nhận", Warning, SubjectDossiers, true},
	{RuleStaleDossier, "Hồ sơ đang giải quyết không có bước xử lý mới", Warning, SubjectDossiers, false},
	{RuleOverdueNoApology, "Hồ sơ quá hạn chưa có phiếu xin lỗi, hẹn lại ngày trả", Serious, SubjectDossiers, false},
	{RuleApologyTooLate, "Phiếu xin lỗi lập chưa đủ một ngày làm việc trước hạn", Warning, SubjectDossiers, true},
	{RuleMultipleSupplements, "Yêu cầu bổ sung hồ sơ quá một lần", Warning, SubjectDossiers, true},
	{RuleLateTransfer, "Hồ sơ giấy không được chuyển xử lý trong ngày (hoặc đầu giờ ngày làm việc tiếp theo khi nhận sau 15 giờ)", Warning, SubjectDossiers, true},
	{RuleLateSupplementRequest, "Yêu cầu bổ sung hồ sơ quá 3 ngày làm việc sau khi tiếp nhận", Warning, SubjectDossiers, true},
	{RuleOfficerOnTimeRate, "Tỷ lệ giải quyết đúng hạn của công chức dưới ngưỡng", Warning, SubjectStaff, true},
	{RuleOfficerInactive, "Công chức có hồ sơ được giao nhưng không thao tác trên phần mềm", Warning, SubjectStaff, false},
	{RuleCatalogIncomplete, "Thủ tục công bố thiếu thông tin bắt buộc", Warning, SubjectProcedures, false},
	{RulePostingIncomplete, "Niêm yết công khai của cơ quan còn thiếu", Serious, SubjectOffice, false},
	{RuleFeedbackOverdue, "Phản ánh, kiến nghị quá hạn chưa trả lời", Serious, SubjectFeedback, false},
	{RuleDissatisfiedUnresolved, "Đánh giá \"không hài lòng\" chưa được xử lý", Warning, SubjectDossiers, false},
	{RuleAuditChainBroken, "Chuỗi nhật ký kiểm toán bị phá vỡ", Serious, SubjectAuditLog, false},
	{RuleNoRecentBackup, "Không có bản sao lưu gần đây", Warning, SubjectBackups, false},
}

// RuleByName returns the rule named name.
func RuleByName(name string) (Rule, bool) {
	i := slices.IndexFunc(Rules, func(r Rule) bool { return r.Name == name })
	if i < 0 {
		return Rule{}, false
	}
	return Rules[i], true
}

// WorkingDays counts working days between office dates; *calendar.Calendar
// is one.
type WorkingDays interface {
	WorkingDaysBetween(from, to calendar.Date) int
}

// Dossier is what the dossier rules need to know of a dossier.
type Dossier struct {
	ID, Code        string
	ProcedureName   string
	Status          lifecycle.Status
	ReceivedAt      time.Time
	EnteredAt       time.Time // the receive event: when it was typed in
	EnteredBy       string    // who typed it in
	DueAt           time.Time
	NewDueAt        time.Time // the apology's new date, zero when none
	ApologyAt       time.Time
	ApologyTooLate  bool   // the apology event says it came too late
	ApologyBy       string // who issued the apology
	LastStepAt      time.Time
	LastStepBy      string
	Channel         lifecycle.Channel
	ReceivedBy      string    // who received it
	FirstStepAt     time.Time // the first step out of "received" (transfer, supplement, withdrawal, stop)
	FirstStepBy     string
	SupplementAt    time.Time // the first supplement request after receipt
	SupplementBy    string
	Assignee        string // name of the assigned officer
	SupplementCount int
	Rating          string
	RatingFollowup  string
	RatedAt         time.Time
}

func (d Dossier) label() string {
	if d.ProcedureName == "" {
		return d.Code
	}
	return d.Code + " — " + d.ProcedureName
}

func (d Dossier) finding(rule string, msg, hint string, ev map[string]any) Finding {
	r, _ := RuleByName(rule)
	ev["code"] = d.Code
	return Finding{Rule: rule, Severity: r.Severity, SubjectCollection: SubjectDossiers, SubjectID: d.ID,
		SubjectLabel: d.label(), Message: msg, Evidence: ev, ActionHint: hint}
}

// LateEntry flags a dossier typed into the software long after it was
// received on paper: the gap between the receive event and received_at.
func LateEntry(s Settings, d Dossier) (Finding, bool) {
	if d.EnteredAt.IsZero() || d.ReceivedAt.IsZero() {
		return Finding{}, false
	}
	gap := d.EnteredAt.Sub(d.ReceivedAt)
	if gap < time.Duration(s.LateEntryHours)*time.Hour {
		return Finding{}, false
	}
	hours := int(gap.Hours())
	who := orDash(d.EnteredBy)
	f := d.finding(RuleLateEntry,
		fmt.Sprintf("Hồ sơ %s tiếp nhận lúc %s nhưng đến %s mới được nhập vào phần mềm (chậm %s giờ), người nhập: %s.",
			d.Code, calendar.FormatDateTime(d.ReceivedAt), calendar.FormatDateTime(d.EnteredAt), FormatInt(hours), who),
		"Nhắc công chức tiếp nhận nhập hồ sơ vào phần mềm ngay khi tiếp nhận; kiểm tra lý do nhập muộn.",
		map[string]any{
			"received_at": officeTime(d.ReceivedAt), "entered_at": officeTime(d.EnteredAt),
			"gap_hours": hours, "entered_by": d.EnteredBy, "threshold_hours": s.LateEntryHours,
		})
	if hours >= 3*24 {
		f.Severity = Serious
	}
	return f, true
}

// StaleDossier flags an open dossier with no step for StaleDays working days.
func StaleDossier(s Settings, cal WorkingDays, now time.Time, d Dossier) (Finding, bool) {
	if !d.Status.Open() || d.Status == lifecycle.Submitted || d.Status == lifecycle.SupplementRequested || d.LastStepAt.IsZero() {
		// Waiting for the citizen's supplement is not the office's delay;
		// an online registration not yet received has no step to take here.
		return Finding{}, false
	}
	days := cal.WorkingDaysBetween(calendar.DateOf(d.LastStepAt), calendar.DateOf(now))
	if days < s.StaleDays {
		return Finding{}, false
	}
	return d.finding(RuleStaleDossier,
		fmt.Sprintf("Hồ sơ %s (%s) không có bước xử lý nào trong %s ngày làm việc, từ %s; %s.",
			d.Code, d.Status.Label(), FormatInt(days), calendar.FormatDateTime(d.LastStepAt), assignedTo(d.Assignee)),
		"Công chức được giao cập nhật tiến độ trên phần mềm hoặc chuyển bước tiếp theo; lãnh đạo đôn đốc.",
		map[string]any{
			"status": string(d.Status), "last_step_at": officeTime(d.LastStepAt), "last_step_by": d.LastStepBy,
			"working_days_idle": days, "assignee": d.Assignee, "threshold_days": s.StaleDays,
			"due_at": officeTime(d.DueAt),
		}), true
}

// OverdueNoApology flags an open dossier past its due time with no apology
// and new date (phiếu 04). A dossier waiting for the citizen's supplement is
// not overdue: its clock is paused (the wait is not counted in the time
// limit); it is flagged again if still past due once the supplement arrives.
func OverdueNoApology(now time.Time, d Dossier) (Finding, bool) {
	if !d.Status.Counting() || d.DueAt.IsZero() || !now.After(d.DueAt) || !d.NewDueAt.IsZero() {
		return Finding{}, false
	}
	return d.finding(RuleOverdueNoApology,
		fmt.Sprintf("Hồ sơ %s quá hạn trả kết quả (%s) nhưng chưa có phiếu xin lỗi và hẹn lại ngày trả; %s.",
			d.Code, calendar.FormatDateTime(d.DueAt), assignedTo(d.Assignee)),
		"Lãnh đạo lập phiếu xin lỗi và hẹn lại ngày trả (mẫu 04) nêu rõ lý do; đẩy nhanh giải quyết.",
		map[string]any{
			"status": string(d.Status), "due_at": officeTime(d.DueAt), "assignee": d.Assignee,
			"overdue_hours": int(now.Sub(d.DueAt).Hours()),
		}), true
}

// ApologyTooLate flags an apology issued less than one working day before
// the due time (the admin may record it; the law asks for one day ahead).
func ApologyTooLate(d Dossier) (Finding, bool) {
	if d.ApologyAt.IsZero() || !d.ApologyTooLate {
		return Finding{}, false
	}
	return d.finding(RuleApologyTooLate,
		fmt.Sprintf("Phiếu xin lỗi của hồ sơ %s lập lúc %s, chưa đủ một ngày làm việc trước hạn %s; người lập: %s.",
			d.Code, calendar.FormatDateTime(d.ApologyAt), calendar.FormatDateTime(d.DueAt), orDash(d.ApologyBy)),
		"Nhắc bộ phận giải quyết theo dõi hạn, lập phiếu xin lỗi chậm nhất một ngày làm việc trước hạn.",
		map[string]any{
			"apology_at": officeTime(d.ApologyAt), "due_at": officeTime(d.DueAt),
			"new_due_at": officeTime(d.NewDueAt), "apology_by": d.ApologyBy,
		}), true
}

// LateTransfer flags a paper dossier (in person or by post) not passed to
// the deciding side on the day of receipt, or, when received at or after
// TransferCutoffHour, by TransferNextDayHour of the next working day (Decree
// 118/2025, as Decree 61/2018 Art. 19(1)(b)); also one still not passed on
// once that time has gone. An online dossier is passed on electronically at
// once and is not checked.
func LateTransfer(s Settings, cal WorkingDays, now time.Time, d Dossier) (Finding, bool) {
	if d.Channel == lifecycle.Online || d.ReceivedAt.IsZero() {
		return Finding{}, false
	}
	at := d.FirstStepAt
	if at.IsZero() {
		if d.Status != lifecycle.Received {
			return Finding{}, false // ended or moved on without a recorded hand-over
		}
		at = now
	}
	r := d.ReceivedAt.In(calendar.Location)
	late, rule := false, ""
	days := cal.WorkingDaysBetween(calendar.DateOf(r), calendar.DateOf(at))
	if r.Hour() < s.TransferCutoffHour {
		late, rule = days > 0, "trong ngày tiếp nhận"
	} else {
		late = days > 1 || (days == 1 && at.In(calendar.Location).Hour() >= s.TransferNextDayHour)
		rule = fmt.Sprintf("trước %02d:00 ngày làm việc tiếp theo (nhận sau %02d:00)", s.TransferNextDayHour, s.TransferCutoffHour)
	}
	if !late {
		return Finding{}, false
	}
	what := "chuyển xử lý lúc " + calendar.FormatDateTime(d.FirstStepAt) + ", người chuyển: " + orDash(d.FirstStepBy)
	if d.FirstStepAt.IsZero() {
		what = "đến nay chưa chuyển xử lý"
	}
	return d.finding(RuleLateTransfer,
		fmt.Sprintf("Hồ sơ giấy %s tiếp nhận lúc %s (người nhận: %s) phải chuyển %s nhưng %s.",
			d.Code, calendar.FormatDateTime(d.ReceivedAt), orDash(d.ReceivedBy), rule, what),
		"Công chức một cửa chuyển ngay hồ sơ giấy cho bộ phận giải quyết trong ngày; nhận sau 15 giờ thì chuyển đầu giờ ngày làm việc tiếp theo.",
		map[string]any{
			"channel": string(d.Channel), "received_at": officeTime(d.ReceivedAt), "received_by": d.ReceivedBy,
			"transferred_at": officeTime(d.FirstStepAt), "transferred_by": d.FirstStepBy, "working_days": days,
			"cutoff_hour": s.TransferCutoffHour, "next_day_hour": s.TransferNextDayHour,
		}), true
}

// LateSupplementRequest flags a supplement request (form 02) of the handling
// side made more than SupplementWithinDays working days after receipt: an
// incomplete dossier must be told so early, once.
func LateSupplementRequest(s Settings, cal WorkingDays, d Dossier) (Finding, bool) {
	if d.SupplementAt.IsZero() || d.ReceivedAt.IsZero() {
		return Finding{}, false
	}
	days := cal.WorkingDaysBetween(calendar.DateOf(d.ReceivedAt), calendar.DateOf(d.SupplementAt))
	if days <= s.SupplementWithinDays {
		return Finding{}, false
	}
	return d.finding(RuleLateSupplementRequest,
		fmt.Sprintf("Hồ sơ %s tiếp nhận ngày %s nhưng đến %s (sau %s ngày làm việc) mới yêu cầu bổ sung; người yêu cầu: %s; hạn %s ngày làm việc.",
			d.Code, calendar.FormatDate(d.ReceivedAt), calendar.FormatDateTime(d.SupplementAt), FormatInt(days),
			orDash(d.SupplementBy), FormatInt(s.SupplementWithinDays)),
		"Bộ phận giải quyết kiểm tra hồ sơ ngay khi nhận, yêu cầu bổ sung một lần, đầy đủ, trong thời hạn; lãnh đạo nhắc nhở.",
		map[string]any{
			"received_at": officeTime(d.ReceivedAt), "requested_at": officeTime(d.SupplementAt),
			"requested_by": d.SupplementBy, "working_days": days, "limit_days": s.SupplementWithinDays,
		}), true
}

// MultipleSupplements flags more than one supplement request: the law allows
// one, and Decision 766 counts the dossier as late.
func MultipleSupplements(d Dossier) (Finding, bool) {
	if d.SupplementCount <= 1 {
		return Finding{}, false
	}
	return d.finding(RuleMultipleSupplements,
		fmt.Sprintf("Hồ sơ %s bị yêu cầu bổ sung %s lần (chỉ được hướng dẫn một lần); hồ sơ tính là trễ hạn.",
			d.Code, FormatInt(d.SupplementCount)),
		"Hướng dẫn đầy đủ, một lần bằng văn bản (mẫu 02); rà soát khâu tiếp nhận.",
		map[string]any{"supplement_count": d.SupplementCount, "assignee": d.Assignee}), true
}

// DissatisfiedUnresolved flags a "dissatisfied" rating with no follow-up.
func DissatisfiedUnresolved(d Dossier) (Finding, bool) {
	if d.Rating != "dissatisfied" || strings.TrimSpace(d.RatingFollowup) != "" {
		return Finding{}, false
	}
	return d.finding(RuleDissatisfiedUnresolved,
		fmt.Sprintf("Công dân đánh giá \"không hài lòng\" với hồ sơ %s (ngày %s) nhưng chưa có nội dung xử lý.",
			d.Code, dateOrDash(d.RatedAt)),
		"Liên hệ công dân, tìm hiểu nguyên nhân và ghi kết quả xử lý đánh giá \"không hài lòng\" vào hồ sơ.",
		map[string]any{"rating": d.Rating, "rated_at": officeTime(d.RatedAt), "assignee": d.Assignee}), true
}

// Officer is an officer's record in the period, for the officer rules.
type Officer struct {
	ID, Name, Role string
	// Handled dossiers ended in the period, by class.
	Handled, Early, OnTime, Late int
	// Open dossiers assigned now, and those past their due time.
	OpenAssigned, OpenOverdue int
	LastActivity              time.Time
}

// Rate is the on-time rate (early or on time) of the handled dossiers, in
// percent; ok is false when none was handled.
func (o Officer) Rate() (rate float64, ok bool) {
	if o.Handled == 0 {
		return 0, false
	}
	return 100 * float64(o.Early+o.OnTime) / float64(o.Handled), true
}

// OfficerOnTimeRate flags an officer whose on-time rate in the period is
// below the threshold, only with at least MinOfficerDossiers handled: a
// ranking on two dossiers is not fair. The evidence shows the counts, the
// threshold and the office's own rate.
func OfficerOnTimeRate(s Settings, p Period, officeRate float64, o Officer) (Finding, bool) {
	rate, ok := o.Rate()
	if !ok || o.Handled < s.MinOfficerDossiers || rate >= s.OnTimeRateMin {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleOfficerOnTimeRate)
	return Finding{
		Rule: RuleOfficerOnTimeRate, Severity: r.Severity, SubjectCollection: SubjectStaff, SubjectID: o.ID,
		SubjectLabel: o.Name,
		Message: fmt.Sprintf("%s: %s/%s hồ sơ giải quyết trước hạn, đúng hạn (%s), dưới ngưỡng %s; %s hồ sơ trễ hạn; kỳ %s; tỷ lệ chung của cơ quan %s.",
			o.Name, FormatInt(o.Early+o.OnTime), FormatInt(o.Handled), FormatPercent(rate), FormatPercent(s.OnTimeRateMin),
			FormatInt(o.Late), p.Label(), FormatPercent(officeRate)),
		Evidence: map[string]any{
			"period_from": p.From.String(), "period_to": p.To.String(),
			"handled": o.Handled, "early": o.Early, "on_time": o.OnTime, "late": o.Late,
			"rate_percent": round1(rate), "threshold_percent": s.OnTimeRateMin, "min_dossiers": s.MinOfficerDossiers,
			"office_rate_percent": round1(officeRate), "open_assigned": o.OpenAssigned, "open_overdue": o.OpenOverdue,
		},
		ActionHint: "Lãnh đạo xem xét nguyên nhân trễ hạn (hồ sơ trong bằng chứng), phân công lại hoặc hỗ trợ; dùng khi đánh giá công chức.",
	}, true
}

// OfficerInactive flags a staff member with open assigned dossiers and no
// recorded step for InactiveDays working days: work done outside the software.
func OfficerInactive(s Settings, cal WorkingDays, now time.Time, o Officer) (Finding, bool) {
	if o.OpenAssigned == 0 {
		return Finding{}, false
	}
	days := -1 // never acted in the software
	if !o.LastActivity.IsZero() {
		days = cal.WorkingDaysBetween(calendar.DateOf(o.LastActivity), calendar.DateOf(now))
		if days < s.InactiveDays {
			return Finding{}, false
		}
	}
	r, _ := RuleByName(RuleOfficerInactive)
	since := "chưa từng thao tác trên phần mềm"
	if days >= 0 {
		since = fmt.Sprintf("không thao tác trên phần mềm %s ngày làm việc (lần cuối %s)", FormatInt(days), calendar.FormatDateTime(o.LastActivity))
	}
	return Finding{
		Rule: RuleOfficerInactive, Severity: r.Severity, SubjectCollection: SubjectStaff, SubjectID: o.ID,
		SubjectLabel: o.Name,
		Message: fmt.Sprintf("%s đang được giao %s hồ sơ (%s quá hạn) nhưng %s.",
			o.Name, FormatInt(o.OpenAssigned), FormatInt(o.OpenOverdue), since),
		Evidence: map[string]any{
			"open_assigned": o.OpenAssigned, "open_overdue": o.OpenOverdue,
			"last_activity": officeTime(o.LastActivity), "working_days_idle": days, "threshold_days": s.InactiveDays,
		},
		ActionHint: "Kiểm tra việc xử lý hồ sơ ngoài phần mềm; yêu cầu cập nhật ngay hoặc giao lại hồ sơ.",
	}, true
}

// Procedure is what catalog_incomplete needs of a published procedure.
type Procedure struct {
	ID, Code, Name string
	Documents      int // entries in the documents list
	SameDay        bool
	TimeLimitDays  int
	TimeLimitText  string
	HasFee         bool // fee amount set (0 is a valid fee when fee_text says so) or fee text
	LegalBasis     string
	Result         string
}

// Missing lists what a citizen cannot learn from the posted procedure.
func (p Procedure) Missing() []string {
	var out []string
	if p.Documents == 0 {
		out = append(out, "thành phần hồ sơ")
	}
	if !p.SameDay && p.TimeLimitDays == 0 && strings.TrimSpace(p.TimeLimitText) == "" {
		out = append(out, "thời hạn giải quyết")
	}
	if !p.HasFee {
		out = append(out, "phí, lệ phí")
	}
	if strings.TrimSpace(p.LegalBasis) == "" {
		out = append(out, "căn cứ pháp lý")
	}
	if strings.TrimSpace(p.Result) == "" {
		out = append(out, "kết quả thực hiện")
	}
	return out
}

// CatalogIncomplete flags a published procedure missing documents, time
// limit, fee, legal basis or result.
func CatalogIncomplete(p Procedure) (Finding, bool) {
	missing := p.Missing()
	if len(missing) == 0 {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleCatalogIncomplete)
	return Finding{
		Rule: RuleCatalogIncomplete, Severity: r.Severity, SubjectCollection: SubjectProcedures, SubjectID: p.ID,
		SubjectLabel: p.Code + " — " + p.Name,
		Message:      fmt.Sprintf("Thủ tục %s \"%s\" đang công bố nhưng thiếu: %s.", p.Code, p.Name, strings.Join(missing, ", ")),
		Evidence:     map[string]any{"code": p.Code, "missing": missing},
		ActionHint:   "Lãnh đạo bổ sung thông tin thủ tục theo quyết định công bố của tỉnh, hoặc tạm ngừng công bố.",
	}, true
}

// Office is the office profile, for posting_incomplete.
type Office struct {
	ID, Name        string
	Hotlines        int
	FeedbackAddress string
	OfficeHours     string
}

// PostingIncomplete flags an office profile without a hotline, the feedback
// address or office hours: what the inspection expects to see posted.
func PostingIncomplete(o Office) (Finding, bool) {
	var missing []string
	if o.Hotlines == 0 {
		missing = append(missing, "số điện thoại đường dây nóng")
	}
	if strings.TrimSpace(o.FeedbackAddress) == "" {
		missing = append(missing, "địa chỉ tiếp nhận phản ánh, kiến nghị")
	}
	if strings.TrimSpace(o.OfficeHours) == "" {
		missing = append(missing, "giờ làm việc")
	}
	if len(missing) == 0 {
		return Finding{}, false
	}
	r, _ := RuleByName(RulePostingIncomplete)
	return Finding{
		Rule: RulePostingIncomplete, Severity: r.Severity, SubjectCollection: SubjectOffice, SubjectID: o.ID,
		SubjectLabel: o.Name,
		Message:      "Thông tin niêm yết công khai còn thiếu: " + strings.Join(missing, ", ") + ".",
		Evidence:     map[string]any{"missing": missing},
		ActionHint:   "Quản trị cập nhật thông tin cơ quan trên trang quản trị: đường dây nóng, địa chỉ tiếp nhận phản ánh, giờ làm việc.",
	}, true
}

// Feedback is a citizen's feedback or petition.
type Feedback struct {
	ID, TrackingCode, Subject string
	Status                    string // new, refused, more_info, resolved
	CreatedAt, AnsweredAt     time.Time
}

// FeedbackOverdue flags feedback not answered within FeedbackDays working days.
func FeedbackOverdue(s Settings, cal WorkingDays, now time.Time, f Feedback) (Finding, bool) {
	// A "more information" answer is not a final answer (indicator 5.2).
	if f.Status == "refused" || f.Status == "resolved" {
		return Finding{}, false
	}
	days := cal.WorkingDaysBetween(calendar.DateOf(f.CreatedAt), calendar.DateOf(now))
	if days <= s.FeedbackDays {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleFeedbackOverdue)
	label := f.TrackingCode
	if f.Subject != "" {
		label += " — " + f.Subject
	}
	return Finding{
		Rule: RuleFeedbackOverdue, Severity: r.Severity, SubjectCollection: SubjectFeedback, SubjectID: f.ID,
		SubjectLabel: label,
		Message: fmt.Sprintf("Phản ánh, kiến nghị %s nhận ngày %s đã %s ngày làm việc chưa được trả lời (hạn %s ngày).",
			f.TrackingCode, calendar.FormatDate(f.CreatedAt), FormatInt(days), FormatInt(s.FeedbackDays)),
		Evidence: map[string]any{
			"tracking_code": f.TrackingCode, "created_at": officeTime(f.CreatedAt),
			"working_days": days, "limit_days": s.FeedbackDays,
		},
		ActionHint: "Trả lời phản ánh, kiến nghị; từ chối (trong 2 ngày) hoặc đề nghị bổ sung (trong 5 ngày) nếu cần.",
	}, true
}

// Audit is the state of the audit log's hash chain.
type Audit struct {
	Known bool `json:"known"` // false when the audit log cannot be verified here
	// The verification's result (its fields are the report's, flattened).
	auditchain.Result
	// The head the last daily check verified, kept outside the database
	// (audit_anchor.json beside data.db); empty before the first one.
	AnchorSeq  int64  `json:"anchor_seq,omitempty"`
	AnchorHash string `json:"anchor_hash,omitempty"`
}

// AuditChainBroken flags an audit chain that does not verify.
func AuditChainBroken(a Audit) (Finding, bool) {
	if !a.Known || a.OK {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleAuditChainBroken)
	return Finding{
		Rule: RuleAuditChainBroken, Severity: r.Severity, SubjectCollection: SubjectAuditLog, SubjectID: "chain",
		SubjectLabel: "Nhật ký kiểm toán",
		// The reason is technical (English, from the chain check): it stays
		// in the evidence for the IT officer, not in the message.
		Message: fmt.Sprintf("Chuỗi nhật ký kiểm toán không còn nguyên vẹn từ mục số %s: mục này hoặc mục trước nó đã bị sửa, xóa hoặc chèn ngoài phần mềm.",
			FormatInt(int(a.FirstBadSeq))),
		Evidence: map[string]any{
			"first_bad_seq": a.FirstBadSeq, "reason": a.Reason, "entries_verified": a.Entries,
			"head_seq": a.HeadSeq, "head_hash": a.HeadHash,
		},
		ActionHint: "Quản trị đối chiếu với bản in đầu chuỗi đã ký, khôi phục từ bản sao lưu, báo cáo lãnh đạo; xem chi tiết bằng lệnh kiểm tra chuỗi trên máy chủ (motcua audit verify).",
	}, true
}

// Backups is what no_recent_backup needs: the times of the backups found.
type Backups struct {
	Known  bool // false when the backups could not be listed
	Newest time.Time
	Count  int
}

// NoRecentBackup flags an office whose newest backup is older than
// BackupDays, or that has none.
func NoRecentBackup(s Settings, now time.Time, b Backups) (Finding, bool) {
	if !b.Known {
		return Finding{}, false
	}
	limit := time.Duration(s.BackupDays) * 24 * time.Hour
	if b.Count > 0 && now.Sub(b.Newest) <= limit {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleNoRecentBackup)
	f := Finding{
		Rule: RuleNoRecentBackup, Severity: r.Severity, SubjectCollection: SubjectBackups, SubjectID: "backups",
		SubjectLabel: "Sao lưu dữ liệu",
		Evidence:     map[string]any{"backups": b.Count, "newest": officeTime(b.Newest), "threshold_days": s.BackupDays},
		ActionHint:   "Quản trị tạo bản sao lưu ngay (mục Settings › Backups của trang quản trị) và bật sao lưu tự động hằng ngày; lưu một bản ngoài máy.",
	}
	if b.Count == 0 {
		f.Severity = Serious
		f.Message = "Chưa có bản sao lưu dữ liệu nào."
	} else {
		f.Message = fmt.Sprintf("Bản sao lưu mới nhất lập ngày %s, đã quá %s ngày.", calendar.FormatDate(b.Newest), FormatInt(s.BackupDays))
	}
	return f, true
}

// Period is an inspected period of office days, both ends included.
type Period struct {
	From, To calendar.Date
}

// Start is the first instant of the period (00:00 office time of From).
func (p Period) Start() time.Time { return p.From.At(0, 0) }

// End is the instant just after the period (00:00 of the day after To).
func (p Period) End() time.Time { return p.To.AddDays(1).At(0, 0) }

// Label writes the period as "dd/mm/yyyy – dd/mm/yyyy".
func (p Period) Label() string { return p.From.VN() + " – " + p.To.VN() }

func officeTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location).Format(time.RFC3339)
}

// assignedTo says who holds a dossier: "đang giao: NAME", or that no
// officer was assigned.
func assignedTo(name string) string {
	if name == "" {
		return "chưa giao cho công chức nào"
	}
	return "đang giao: " + name
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return calendar.FormatDate(t)
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
