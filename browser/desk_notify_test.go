package browser

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// TestDeskIntakeConsentAndMessages: the clerk ticks the citizen's consent at
// intake; the receipt goes by e-mail (a real SMTP server on loopback), and
// the dossier's page shows the message and that it was sent.
func TestDeskIntakeConsentAndMessages(t *testing.T) {
	s := newSite(t)
	box := testapp.StartMailbox(t)
	box.Use(t, s.app)
	ctx := s.signIn(t, "motcua@ninhxuan.example")
	startIntake(t, ctx, "Lê Thị Đồngý")
	typeInto(t, ctx, "#in-email", "dong.y@example.com")
	waitText(t, ctx, "#view-intake", "Người nộp đồng ý nhận thông báo về hồ sơ qua tin nhắn SMS và thư điện tử đã khai")
	click(t, ctx, "#in-consent")
	click(t, ctx, "#in-receive")
	waitText(t, ctx, "#form-sheet", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")

	rec, err := s.app.FindFirstRecordByData("dossiers", "applicant_name", "Lê Thị Đồngý")
	require.NoError(t, err)
	require.True(t, rec.GetBool("notify_consent"), "the consent is recorded")
	mails := box.Wait(t, 1, patience)
	require.Equal(t, "Hồ sơ "+rec.GetString("code")+": đã tiếp nhận", mails[0].Subject)
	require.Equal(t, []string{"dong.y@example.com"}, mails[0].To)
	// The worker marks the message right after the relay accepted it.
	deadline := time.Now().Add(patience)
	for {
		m, err := s.app.FindFirstRecordByData("outbox", "dossier", rec.Id)
		require.NoError(t, err)
		if m.GetString("state") == "sent" || time.Now().After(deadline) {
			require.Equal(t, "sent", m.GetString("state"))
			break
		}
		time.Sleep(50 * time.Millisecond)
	}

	click(t, ctx, "#form-back")
	waitText(t, ctx, "#messages", "Thông báo cho người dân")
	waitText(t, ctx, "#messages", "Thư điện tử · dong.y@example.com")
	waitText(t, ctx, "#messages", "Đã gửi lúc ")
	waitText(t, ctx, "#messages", "đã tiếp nhận hồ sơ "+rec.GetString("code"))
	waitText(t, ctx, "#view-dossier", "Đồng ý nhận qua SMS, thư điện tử")
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#messages li").getAttribute("data-state")`))
	require.NoError(t, err)
	require.Equal(t, "sent", state)
	screen(t, ctx, "desk-messages")
	requireVietnameseOnly(t, ctx)
}
