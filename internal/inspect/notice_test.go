package inspect

import (
	"strings"
	"testing"
)

func TestNoticeFailed(t *testing.T) {
	n := Notice{DossierID: "d1", DossierCode: "H15-261201-0001", OutboxID: "o1", Step: "supplement", Channel: "sms",
		Attempts: 8, LastError: "503 Service Unavailable", State: "given_up"}
	f, ok := NoticeFailed(n)
	if !ok {
		t.Fatal("an undelivered supplement request raised nothing")
	}
	checkFinding(t, f, RuleNoticeFailed, SubjectDossiers, "d1")
	if f.Severity != Serious || f.Evidence["last_error"] != "503 Service Unavailable" || f.Evidence["outbox"] != "o1" {
		t.Errorf("finding %+v", f)
	}
	want := "Thông báo yêu cầu bổ sung, hoàn thiện hồ sơ (phiếu 02) qua tin nhắn SMS cho người nộp hồ sơ H15-261201-0001 " +
		"không gửi được (đã ngừng gửi sau 8 lần gửi)."
	if f.Message != want {
		t.Errorf("message %q", f.Message)
	}
	n.Step, n.Channel, n.State, n.Attempts = "apology", "email", "failed", 2
	if f, _ := NoticeFailed(n); !strings.Contains(f.Message, "phiếu 04") || !strings.Contains(f.Message, "đang thử lại sau 2 lần") {
		t.Errorf("apology: %q", f.Message)
	}
	nq := Notice{DossierID: "d2", DossierCode: "H15-261201-0002", Step: "apology", State: StateNotQueued, Reason: ReasonNoAddress}
	f, ok = NoticeFailed(nq)
	if !ok {
		t.Fatal("an unqueued apology to an online applicant raised nothing")
	}
	checkFinding(t, f, RuleNoticeFailed, SubjectDossiers, "d2")
	if want := "Thông báo xin lỗi và hẹn lại ngày trả kết quả (phiếu 04) cho người nộp trực tuyến hồ sơ H15-261201-0002 " +
		"không được gửi: người nộp không để lại thư điện tử hay số điện thoại."; f.Message != want {
		t.Errorf("not queued: %q", f.Message)
	}
	if f.Evidence["reason"] != ReasonNoAddress || f.Evidence["state"] != StateNotQueued {
		t.Errorf("not queued evidence %v", f.Evidence)
	}
	for _, c := range []Notice{{Step: "received", State: "given_up"}, {Step: "received", State: StateNotQueued, Reason: ReasonNoChannel},
		{Step: "supplement", State: StateNotQueued, Reason: "x"}, {Step: "supplement", State: "sent"}, {Step: "apology", State: "queued"}} {
		if _, ok := NoticeFailed(c); ok {
			t.Errorf("%+v raised a finding", c)
		}
	}
}
