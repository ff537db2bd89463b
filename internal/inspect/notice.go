package inspect

import "fmt"

// RuleNoticeFailed flags a dossier whose notice of a legal step (a request to
// supplement, form 02; an apology with a new date, form 04, Circular
// 03/2025/TT-VPCP Annex I) could not be delivered to the citizen who asked to
// be told (hooks/notify, issue 18): the office must then reach them another
// way. Decree 118/2025/NĐ-CP asks that the guidance on an incomplete dossier
// (once, in writing) and the apology with the new date reach the applicant;
// an online applicant may be told by e-mail or SMS; an undelivered message
// does not discharge that duty. It also flags a legal notice to an online
// applicant that could not even be queued (no channel configured, no address,
// no consent): that applicant is not at the counter to be handed the paper
// form, so nobody would tell them. An in-person applicant is handed the form.
const RuleNoticeFailed = "notice_failed"

// StateNotQueued is the Notice.State of a legal notice to an online applicant
// that was never queued; Notice.Reason says why.
const StateNotQueued = "not_queued"

// Why a legal notice to an online applicant was not queued (Notice.Reason).
const (
	ReasonNoConsent = "no_consent" // the applicant did not agree to be told electronically
	ReasonNoAddress = "no_address" // neither an e-mail address nor a phone was given
	ReasonNoChannel = "no_channel" // no configured channel for the address given
)

// reasonText is a Reason in the finding's message.
var reasonText = map[string]string{
	ReasonNoConsent: "người nộp không đồng ý nhận thông báo qua thư điện tử, tin nhắn",
	ReasonNoAddress: "người nộp không để lại thư điện tử hay số điện thoại",
	ReasonNoChannel: "chưa cấu hình kênh gửi cho địa chỉ người nộp để lại (SMTP cho thư điện tử, cổng SMS cho tin nhắn)",
}

func init() {
	// Appended here rather than in the table of rules.go, which other work
	// edits. Scoped: the finding is raised by the notification worker, not
	// by an inspection, so an inspection never clears it; a leader resolves
	// it once the citizen has been told.
	Rules = append(Rules, Rule{RuleNoticeFailed, "Thông báo bước pháp lý (yêu cầu bổ sung, xin lỗi hẹn lại) không gửi được đến người dân", Serious, SubjectDossiers, true})
}

// Notice is an undelivered notice of a legal step.
type Notice struct {
	DossierID, DossierCode string
	OutboxID               string
	Step                   string // "supplement" or "apology"
	Channel                string // "email" or "sms"
	Attempts               int
	LastError              string
	State                  string // "failed", "given_up" or StateNotQueued
	Reason                 string // for StateNotQueued: a Reason… constant
}

// NoticeLegal reports whether a notice of step is one the law asks for.
func NoticeLegal(step string) bool { return step == "supplement" || step == "apology" }

// NoticeFailed is the finding of an undelivered legal notice.
func NoticeFailed(n Notice) (Finding, bool) {
	notQueued := n.State == StateNotQueued && reasonText[n.Reason] != ""
	if !NoticeLegal(n.Step) || (n.State != "failed" && n.State != "given_up" && !notQueued) {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleNoticeFailed)
	what := "yêu cầu bổ sung, hoàn thiện hồ sơ (phiếu 02)"
	if n.Step == "apology" {
		what = "xin lỗi và hẹn lại ngày trả kết quả (phiếu 04)"
	}
	f := Finding{
		Rule: RuleNoticeFailed, Severity: r.Severity, SubjectCollection: SubjectDossiers, SubjectID: n.DossierID,
		SubjectLabel: "Hồ sơ " + n.DossierCode,
		ActionHint: "Báo cho người nộp bằng cách khác (gọi điện, gửi phiếu qua bưu chính hoặc hẹn đến Bộ phận Một cửa) " +
			"và ghi lại cách đã báo; quản trị kiểm tra cấu hình gửi thư, SMS.",
	}
	if notQueued {
		f.Message = fmt.Sprintf("Thông báo %s cho người nộp trực tuyến hồ sơ %s không được gửi: %s.", what, n.DossierCode, reasonText[n.Reason])
		f.Evidence = map[string]any{"step": n.Step, "state": n.State, "reason": n.Reason, "dossier_channel": "online"}
		return f, true
	}
	how := "thư điện tử"
	if n.Channel == "sms" {
		how = "tin nhắn SMS"
	}
	state := "gửi lỗi, đang thử lại"
	if n.State == "given_up" {
		state = "đã ngừng gửi"
	}
	// The gateway's or relay's own words stay in the evidence: they are
	// often English.
	f.Message = fmt.Sprintf("Thông báo %s qua %s cho người nộp hồ sơ %s không gửi được (%s sau %d lần gửi).",
		what, how, n.DossierCode, state, n.Attempts)
	f.Evidence = map[string]any{
		"outbox": n.OutboxID, "step": n.Step, "channel": n.Channel, "attempts": n.Attempts,
		"last_error": n.LastError, "state": n.State,
	}
	return f, true
}
