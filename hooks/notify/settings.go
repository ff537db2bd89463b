package notify

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/calendar"
)

// Settings are the notification settings, the "notify" object of the office
// record's `settings` JSON (beside "inspect"). A missing key keeps its
// default. The SMS gateway's request holds the gateway's credentials: it is
// shown to the admin only (see hooks/office_secrets.go).
type Settings struct {
	// Off is the kill switch (tắt gửi): nothing is sent while it is on;
	// queued messages wait, nothing is dropped.
	Off bool `json:"off"`
	// PerDay is the most messages one address gets in an office day; more
	// are recorded as given up, never sent — but a legal notice (supplement,
	// apology) passes it (see the package doc).
	PerDay int `json:"per_day"`
	// MaxAttempts is how many times a message is tried before it is given up.
	MaxAttempts int `json:"max_attempts"`
	// RetrySeconds is the first wait after a failure; each failure doubles
	// it, up to a day.
	RetrySeconds int `json:"retry_seconds"`
	SMS          SMS `json:"sms"`
}

// SMS is the HTTP request to the SMS gateway the IT officer configures: it
// fits the gateway apps on an office phone and the providers' HTTP APIs.
// In URL and Body, {{phone}}, {{text}} and {{key}} are replaced by the
// citizen's phone, the message and its idempotency key (escaped for a URL,
// for JSON when Content-Type says JSON, for a form when it says form).
type SMS struct {
	URL     string            `json:"url"`
	Method  string            `json:"method"` // POST when empty
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	// ExpectStatus is the HTTP status of an accepted message (any 2xx when 0);
	// ExpectText a substring the answer must contain ("" for any).
	ExpectStatus int    `json:"expect_status"`
	ExpectText   string `json:"expect_text"`
	// Quiet are the hours, office time, when no SMS is sent ("21:00-07:00"):
	// a message falling in them waits for their end.
	Quiet string `json:"quiet"`
}

// DefaultSettings are used when the office sets none.
func DefaultSettings() Settings {
	return Settings{PerDay: 5, MaxAttempts: 8, RetrySeconds: 60, SMS: SMS{Quiet: "21:00-07:00"}}
}

// ParseSettings reads the "notify" object of the office settings over the
// defaults; values that make no sense keep the default.
func ParseSettings(officeSettings []byte) (Settings, error) {
	s := DefaultSettings()
	if len(officeSettings) == 0 || string(officeSettings) == "null" {
		return s, nil
	}
	var wrap struct {
		Notify *json.RawMessage `json:"notify"`
	}
	if err := json.Unmarshal(officeSettings, &wrap); err != nil {
		return s, fmt.Errorf("notify settings: %w", err)
	}
	if wrap.Notify == nil {
		return s, nil
	}
	if err := json.Unmarshal(*wrap.Notify, &s); err != nil {
		return DefaultSettings(), fmt.Errorf("notify settings: %w", err)
	}
	d := DefaultSettings()
	if s.PerDay <= 0 {
		s.PerDay = d.PerDay
	}
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = d.MaxAttempts
	}
	if s.RetrySeconds <= 0 {
		s.RetrySeconds = d.RetrySeconds
	}
	if _, _, err := parseQuiet(s.SMS.Quiet); err != nil {
		return s, err
	}
	return s, nil
}

// SMSOn reports whether the SMS channel is configured.
func (s Settings) SMSOn() bool { return strings.TrimSpace(s.SMS.URL) != "" }

// EmailOn reports whether the e-mail channel is configured: the admin UI's
// SMTP settings (Settings › Mail settings), with a sender address.
func EmailOn(app core.App) bool {
	st := app.Settings()
	return st.SMTP.Enabled && st.SMTP.Host != "" && st.Meta.SenderAddress != ""
}

// Backoff is the wait after the n-th failed attempt (n ≥ 1): first, doubled
// each time, at most a day.
func (s Settings) Backoff(n int) time.Duration {
	d := time.Duration(s.RetrySeconds) * time.Second
	for i := 1; i < n && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, 24*time.Hour)
}

// parseQuiet reads "HH:MM-HH:MM"; "" or "off" means no quiet hours.
func parseQuiet(s string) (from, to calendar.Clock, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" {
		return from, to, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if ok {
		from, err = calendar.ParseClock(strings.TrimSpace(a))
		if err == nil {
			to, err = calendar.ParseClock(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil {
		return from, to, fmt.Errorf("notify settings: quiet hours %q are not HH:MM-HH:MM", s)
	}
	return from, to, nil
}

// AfterQuiet is the first moment at or after t, office time, outside the
// quiet hours (which may span midnight).
func AfterQuiet(t time.Time, quiet string) time.Time {
	from, to, err := parseQuiet(quiet)
	if err != nil || from == to {
		return t
	}
	local := t.In(calendar.Location)
	day := calendar.DateOf(local)
	m := local.Hour()*60 + local.Minute()
	f, e := from.Hour*60+from.Minute, to.Hour*60+to.Minute
	switch {
	case f < e && m >= f && m < e: // e.g. 12:00-13:00
		return to.On(day)
	case f > e && m >= f: // 21:00-07:00, evening
		return to.On(day.AddDays(1))
	case f > e && m < e: // 21:00-07:00, early morning
		return to.On(day)
	}
	return t
}
