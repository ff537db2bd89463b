package testapp_test

import (
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/mailer"

	"motcua/testapp"
)

// The mailbox receives what PocketBase's real SMTP client sends, decoded, and
// can refuse a message as a busy relay does.
func TestMailboxReceivesThroughPocketBaseSMTP(t *testing.T) {
	app := testapp.Empty(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)

	msg := &mailer.Message{
		From:    mail.Address{Address: "motcua@example.invalid"},
		To:      []mail.Address{{Address: "cong.dan@example.invalid"}},
		Subject: "Hồ sơ đã được tiếp nhận",
		HTML:    "<p>Hồ sơ của ông/bà đã được tiếp nhận.</p>",
		Text:    "Hồ sơ của ông/bà đã được tiếp nhận.",
	}
	box.RefuseNext(1)
	if err := app.NewMailClient().Send(msg); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("refused message: want a 451 error, got %v", err)
	}
	if err := app.NewMailClient().Send(msg); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := box.Wait(t, 1, time.Minute)
	if len(got) != 1 {
		t.Fatalf("want 1 message, got %d", len(got))
	}
	m := got[0]
	if m.Subject != msg.Subject || len(m.To) != 1 || m.To[0] != "cong.dan@example.invalid" {
		t.Fatalf("subject %q to %v", m.Subject, m.To)
	}
	if !strings.Contains(m.Text, "Hồ sơ của ông/bà đã được tiếp nhận.") || !strings.Contains(m.HTML, "<p>Hồ sơ") {
		t.Fatalf("text %q html %q", m.Text, m.HTML)
	}
}
