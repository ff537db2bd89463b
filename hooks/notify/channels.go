package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// Channels (kênh gửi): e-mail through PocketBase's mailer, with the SMTP
// settings of the admin UI; SMS through the office's HTTP gateway. Both carry
// the outbox row's id as the message's idempotency key, so that a message sent
// again after a crash is recognisably the same message.

// Channel names, the `channel` field of an outbox row.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// sendTimeout bounds one attempt, so that a hung relay or gateway cannot
// hold the worker (or the app's shutdown) for long.
const sendTimeout = 30 * time.Second

// messageID is the e-mail Message-ID header of the outbox row id: the same
// on every attempt.
func messageID(key string) string { return "<" + key + "@motcua.outbox>" }

func sendEmail(app core.App, to, subject, text, key string) error {
	st := app.Settings()
	msg := &mailer.Message{
		From:    mail.Address{Name: st.Meta.SenderName, Address: st.Meta.SenderAddress},
		To:      []mail.Address{{Address: to}},
		Subject: subject,
		Text:    text,
		Headers: map[string]string{"Message-ID": messageID(key), "X-Motcua-Key": key},
	}
	// PocketBase's SMTP client takes no context: the attempt runs to its
	// end (the relay's own timeouts bound it), in the worker's goroutine, so
	// that nothing outlives the worker.
	return app.NewMailClient().Send(msg)
}

// smsRequest builds the gateway request of one message.
func smsRequest(ctx context.Context, g SMS, phone, text, key string) (*http.Request, error) {
	method := strings.ToUpper(strings.TrimSpace(g.Method))
	if method == "" {
		method = http.MethodPost
	}
	ctype := ""
	for k, v := range g.Headers {
		if strings.EqualFold(k, "Content-Type") {
			ctype = strings.ToLower(v)
		}
	}
	esc := func(s string) string { return s }
	switch {
	case strings.Contains(ctype, "json"):
		esc = func(s string) string {
			b, _ := json.Marshal(s)
			return string(b[1 : len(b)-1])
		}
	case strings.Contains(ctype, "x-www-form-urlencoded"):
		esc = url.QueryEscape
	}
	fill := func(tpl string, esc func(string) string) string {
		return strings.NewReplacer("{{phone}}", esc(phone), "{{text}}", esc(text), "{{key}}", esc(key)).Replace(tpl)
	}
	var body io.Reader
	if g.Body != "" {
		body = strings.NewReader(fill(g.Body, esc))
	}
	req, err := http.NewRequestWithContext(ctx, method, fill(strings.TrimSpace(g.URL), url.QueryEscape), body)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ cổng SMS không hợp lệ: %w", err)
	}
	for k, v := range g.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Idempotency-Key", key)
	return req, nil
}

var smsClient = &http.Client{Timeout: sendTimeout}

func sendSMS(ctx context.Context, g SMS, phone, text, key string) error {
	req, err := smsRequest(ctx, g, phone, text, key)
	if err != nil {
		return err
	}
	res, err := smsClient.Do(req)
	if err != nil {
		return fmt.Errorf("không gọi được cổng SMS: %w", err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	ok := res.StatusCode >= 200 && res.StatusCode < 300
	if g.ExpectStatus != 0 {
		ok = res.StatusCode == g.ExpectStatus
	}
	if !ok {
		return fmt.Errorf("cổng SMS trả mã %d: %s", res.StatusCode, clip(strings.TrimSpace(string(answer)), 300))
	}
	if g.ExpectText != "" && !strings.Contains(string(answer), g.ExpectText) {
		return fmt.Errorf("câu trả lời của cổng SMS không có %q: %s", g.ExpectText, clip(strings.TrimSpace(string(answer)), 300))
	}
	return nil
}
