package testapp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// Mailbox is a real SMTP server on 127.0.0.1 (github.com/emersion/go-smtp)
// that keeps every message it accepts. Tests that send e-mail point
// PocketBase's mailer at it (Use) and read what arrived, so the message goes
// through PocketBase's real SMTP client and a real SMTP conversation.
type Mailbox struct {
	Host string
	Port int

	srv *smtp.Server

	mu       sync.Mutex
	mails    []Mail
	refuse   int           // the next refuse messages get a temporary failure
	arrived  chan struct{} // closed and replaced on every accepted message
	sessions int
}

// Mail is one message the mailbox accepted.
type Mail struct {
	From    string
	To      []string
	Header  mail.Header
	Subject string // decoded (RFC 2047)
	Body    string // the raw body, as sent
	Text    string // the text/plain part (or the only part), decoded
	HTML    string // the text/html part, decoded, when there is one
	Raw     []byte
}

// StartMailbox starts a mailbox on a free loopback port; it stops with the test.
func StartMailbox(t testing.TB) *Mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailbox: %v", err)
	}
	m := &Mailbox{arrived: make(chan struct{})}
	m.srv = smtp.NewServer(m)
	m.srv.Domain = "localhost"
	m.srv.AllowInsecureAuth = true
	m.srv.ReadTimeout = 30 * time.Second
	m.srv.WriteTimeout = 30 * time.Second
	addr := ln.Addr().(*net.TCPAddr)
	m.Host, m.Port = addr.IP.String(), addr.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = m.srv.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = m.srv.Close()
		<-done
	})
	return m
}

// Addr is host:port of the mailbox.
func (m *Mailbox) Addr() string { return net.JoinHostPort(m.Host, strconv.Itoa(m.Port)) }

// Use points app's SMTP settings at the mailbox and, on a PocketBase test
// app (whose own hook swaps every mailer for an in-memory one), puts the real
// SMTP client back, so that app.NewMailClient() sends here.
func (m *Mailbox) Use(t testing.TB, app core.App) {
	t.Helper()
	s := app.Settings()
	s.SMTP.Enabled = true
	s.SMTP.Host = m.Host
	s.SMTP.Port = m.Port
	s.SMTP.TLS = false
	s.SMTP.Username, s.SMTP.Password = "", ""
	if s.Meta.SenderAddress == "" {
		s.Meta.SenderAddress = "motcua@example.invalid"
	}
	if err := app.Save(s); err != nil {
		t.Fatalf("mailbox settings: %v", err)
	}
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id: "motcuaTestMailbox",
		Func: func(e *core.MailerEvent) error {
			e.Mailer = &mailer.SMTPClient{Host: m.Host, Port: m.Port, LocalName: "localhost"}
			return e.Next()
		},
		Priority: -99998, // after tests.TestApp's own (-99999)
	})
}

// RefuseNext makes the mailbox answer the next n messages with a temporary
// failure (451), as a busy or unreachable relay does.
func (m *Mailbox) RefuseNext(n int) {
	m.mu.Lock()
	m.refuse = n
	m.mu.Unlock()
}

// Mails returns a copy of the messages accepted so far.
func (m *Mailbox) Mails() []Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mail(nil), m.mails...)
}

// Wait returns once at least n messages have arrived, failing the test after
// timeout (a bound on a hang, not a speed assertion).
func (m *Mailbox) Wait(t testing.TB, n int, timeout time.Duration) []Mail {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		m.mu.Lock()
		got, arrived := len(m.mails), m.arrived
		m.mu.Unlock()
		if got >= n {
			return m.Mails()
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("mailbox: %d of %d messages arrived within %s", got, n, timeout)
		}
	}
}

// NewSession implements smtp.Backend.
func (m *Mailbox) NewSession(*smtp.Conn) (smtp.Session, error) {
	m.mu.Lock()
	m.sessions++
	m.mu.Unlock()
	return &mailboxSession{box: m}, nil
}

type mailboxSession struct {
	box  *Mailbox
	from string
	to   []string
}

func (s *mailboxSession) Reset()        { s.from, s.to = "", nil }
func (s *mailboxSession) Logout() error { return nil }

func (s *mailboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailboxSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b := s.box
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.refuse > 0 {
		b.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mailbox busy, try later"}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return errors.Join(errors.New("mailbox: unreadable message"), err)
	}
	body, _ := io.ReadAll(msg.Body)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	got := Mail{From: s.from, To: append([]string(nil), s.to...), Header: msg.Header,
		Subject: subject, Body: string(body), Raw: raw}
	readParts(&got, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), body)
	b.mails = append(b.mails, got)
	close(b.arrived)
	b.arrived = make(chan struct{})
	return nil
}

// readParts fills Text and HTML from a (possibly multipart) body.
func readParts(m *Mail, contentType, encoding string, body []byte) {
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		media = "text/plain"
	}
	if len(media) > 10 && media[:10] == "multipart/" {
		r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err != nil {
				return
			}
			part, _ := io.ReadAll(p)
			readParts(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), part)
		}
	}
	var text []byte
	switch encoding {
	case "quoted-printable":
		text, _ = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
	case "base64":
		text, _ = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(body)))
	default:
		text = body
	}
	switch media {
	case "text/html":
		m.HTML = string(text)
	default:
		if m.Text == "" {
			m.Text = string(text)
		}
	}
}
