package notify

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"motcua/internal/calendar"
	"motcua/internal/forms"
	"motcua/internal/lifecycle"
)

// Steps that tell the citizen something (loại thông báo), the `step` field of
// an outbox row.
const (
	StepReceived   = "received"   // tiếp nhận, phiếu 01
	StepSupplement = "supplement" // yêu cầu bổ sung, phiếu 02
	StepPayment    = "payment"    // yêu cầu thực hiện nghĩa vụ tài chính
	StepApology    = "apology"    // xin lỗi, hẹn lại ngày trả, phiếu 04
	StepDecided    = "decided"    // đã có kết quả, mời đến nhận
	StepStopped    = "stopped"    // dừng xử lý, phiếu 05
	StepReturned   = "returned"   // đã trả kết quả
)

// Steps lists every step that sends a message, in the order of a dossier's life.
var Steps = []string{StepReceived, StepSupplement, StepPayment, StepApology, StepDecided, StepStopped, StepReturned}

// stepOf is the message a dossier step causes; "" for steps the citizen is
// not told of (a transfer inside the office, an edit, ...).
func stepOf(a lifecycle.Action) string {
	switch a {
	case lifecycle.Receive:
		return StepReceived
	case lifecycle.RequestSupplement:
		return StepSupplement
	case lifecycle.RequestPayment:
		return StepPayment
	case lifecycle.Apologize:
		return StepApology
	case lifecycle.Decide:
		return StepDecided
	case lifecycle.Stop:
		return StepStopped
	case lifecycle.Return:
		return StepReturned
	}
	return ""
}

// Facts are what a message may say: the dossier's own facts, never another
// person's data, nor the citizen's ID number or address.
type Facts struct {
	Office    string    // the office's name, e.g. "UBND xã Ninh Xuân"
	Code      string    // the dossier code
	Procedure string    // the procedure's name
	Due       time.Time // the appointment (received)
	NewDue    time.Time // the new appointment (apology)
	Missing   []string  // the papers to supplement
	Reason    string    // why (supplement, stop)
	Fee       float64   // the amount to pay (payment)
	Link      string    // the public look-up address of the dossier; "" when not configured
}

// Message is a rendered message: the subject of an e-mail and the text of
// both channels.
type Message struct {
	Subject, Text string
}

// Render writes the message of step about f, in Vietnamese. The text is the
// same for e-mail and SMS, kept short for the latter.
func Render(step string, f Facts) (Message, error) {
	var subject, text string
	switch step {
	case StepReceived:
		subject = "đã tiếp nhận"
		text = fmt.Sprintf("%s đã tiếp nhận hồ sơ %s (%s). Hẹn trả kết quả: %s.", f.Office, f.Code, clip(f.Procedure, 120), when(f.Due))
	case StepSupplement:
		subject = "cần bổ sung giấy tờ"
		text = fmt.Sprintf("%s: hồ sơ %s cần bổ sung: %s.", f.Office, f.Code, clip(missing(f.Missing), 400))
		if r := strings.TrimSpace(f.Reason); r != "" {
			text += " Lý do: " + clip(strings.TrimRight(r, "."), 300) + "."
		}
		text += " Mời ông/bà nộp bổ sung tại Bộ phận Một cửa."
	case StepPayment:
		subject = "cần nộp phí, lệ phí"
		text = fmt.Sprintf("%s: hồ sơ %s cần nộp phí, lệ phí %s để tiếp tục giải quyết.", f.Office, f.Code, forms.Money(f.Fee))
	case StepApology:
		subject = "xin lỗi, hẹn lại ngày trả kết quả"
		text = fmt.Sprintf("%s xin lỗi ông/bà: hồ sơ %s chưa giải quyết xong đúng hẹn. Ngày hẹn trả kết quả mới: %s.", f.Office, f.Code, when(f.NewDue))
	case StepDecided:
		subject = "đã có kết quả"
		text = fmt.Sprintf("%s: hồ sơ %s đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận, mang theo giấy tiếp nhận hồ sơ.", f.Office, f.Code)
	case StepStopped:
		subject = "dừng xử lý"
		text = fmt.Sprintf("%s: hồ sơ %s đã dừng xử lý.", f.Office, f.Code)
		if r := strings.TrimSpace(f.Reason); r != "" {
			text += " Lý do: " + clip(strings.TrimRight(r, "."), 300) + "."
		}
	case StepReturned:
		subject = "đã trả kết quả"
		text = fmt.Sprintf("%s: hồ sơ %s đã trả kết quả. Cảm ơn ông/bà.", f.Office, f.Code)
	default:
		return Message{}, fmt.Errorf("notify: no message for step %q", step)
	}
	if f.Link != "" {
		text += " Tra cứu: " + f.Link
	}
	return Message{Subject: "Hồ sơ " + f.Code + ": " + subject, Text: text}, nil
}

// when writes an appointment as "16:30 ngày 05/12/2026", office time.
func when(t time.Time) string {
	if t.IsZero() {
		return "(chưa có)"
	}
	t = t.In(calendar.Location)
	return t.Format("15:04") + " ngày " + calendar.FormatDate(t)
}

func missing(items []string) string {
	if len(items) == 0 {
		return "giấy tờ theo hướng dẫn của Bộ phận Một cửa"
	}
	return strings.Join(items, "; ")
}

// clip shortens s to n characters, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
