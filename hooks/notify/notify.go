// Package notify tells citizens what happened to their dossier (thông báo cho
// người dân), by e-mail and SMS, through an outbox (hộp thư đi).
//
// # Never lost, never doubled
//
// A step that tells the citizen something (receipt, a request to supplement,
// to pay, an apology with a new date, the result ready, a stop, the return)
// writes its `dossier_events` row inside the step's transaction; a model hook
// on that create writes one `outbox` row per channel in the same transaction.
// The step and its messages commit together or not at all.
//
// After commit a worker (one goroutine, bound to the app's lifetime: started
// by serve, stopped on terminate) sends due rows. Before each attempt it
// commits the attempt (attempts+1 and the time of the next try); after it, the
// outcome: `sent`, `failed` (tried again later, with a wait doubling each
// time) or `given_up` after the configured number of attempts. A crash
// between sending and marking leaves the row unsent, so it is sent again:
// delivery is at least once. Every message carries its outbox id as an
// idempotency key (the e-mail's Message-ID; the SMS request's {{key}} and
// Idempotency-Key header), the same on every attempt, so that a resend is
// recognisably the same message to a receiver that keeps keys, and a
// citizen's mail client shows one message.
//
// # Consent, limits and switches
//
// Nothing is queued without the citizen's consent, recorded at intake
// (`notify_consent` on the dossier), nor on a channel that is not configured
// (SMTP settings of the admin UI; the office's `settings.notify.sms`). One
// address gets at most `per_day` messages an office day (more are recorded
// as given up); an SMS falling in the quiet hours waits for their end; the
// kill switch `settings.notify.off` holds every message in the queue.
//
// # Legal notices
//
// A notice of a legal step — the request to supplement (form 02) and the
// apology with a new date (form 04) of Circular 03/2025/TT-VPCP, which
// Decree 118/2025/NĐ-CP asks to reach the applicant — is never dropped by the
// daily limit: it passes it (and counts towards it for the messages after
// it). Passing rather than waiting for the next day, because the guidance on
// a dossier is due at once and an apology must come before the date it
// replaces; the limit guards against a flood of routine messages, and a
// dossier has at most a few legal notices.
//
// A legal notice that fails or is given up raises the finding notice_failed
// (internal/inspect). So does one to a dossier submitted online that cannot
// even be queued — no consent, no address, or no configured channel for the
// address given — raised in the step's transaction: the online applicant is
// not at the counter to be handed the paper form, so nobody would tell them.
// For a dossier received in person, or by post, nothing is raised: the form
// is handed over or posted.
//
// The outbox is read by every staff member (internal/access) and written by
// nobody but this package.
package notify

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/internal/lifecycle"
)

// Collection is the outbox's name.
const Collection = "outbox"

// Message states, the `state` field.
const (
	StateQueued  = "queued"   // chờ gửi
	StateSent    = "sent"     // đã gửi
	StateFailed  = "failed"   // gửi lỗi, sẽ thử lại
	StateGivenUp = "given_up" // đã ngừng gửi
)

const workerKey = "motcuaNotifyWorker"

// Register binds the outbox to app. asSystem wraps an app so that its writes
// are recorded in the audit log as the `system` actor (the worker's state
// changes); nil leaves them to the audit's default.
func Register(app core.App, asSystem func(core.App) core.App) {
	if asSystem == nil {
		asSystem = func(a core.App) core.App { return a }
	}
	w := &Worker{app: app, sys: asSystem(app), kick: make(chan struct{}, 1)}
	app.Store().Set(workerKey, w)

	// The messages of a step, in the step's transaction (e.App).
	app.OnRecordCreate("dossier_events").BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return Enqueue(e.App, e.Record, time.Now())
	})
	// After commit: wake the worker (a new message; the office's settings
	// changed, e.g. the kill switch turned off).
	kick := func(e *core.RecordEvent) error {
		w.Kick()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(Collection).BindFunc(kick)
	app.OnRecordAfterUpdateSuccess("office").BindFunc(kick)

	refuse := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("Hộp thư gửi người dân do hệ thống ghi tự động: không tạo, sửa hay xóa thủ công.", nil)
	}
	app.OnRecordCreateRequest(Collection).BindFunc(refuse)
	app.OnRecordUpdateRequest(Collection).BindFunc(refuse)
	app.OnRecordDeleteRequest(Collection).BindFunc(refuse)
	app.OnRecordDelete(Collection).BindFunc(func(e *core.RecordEvent) error {
		return router.NewBadRequestError("Không được xóa thông báo đã ghi: đó là bằng chứng đã báo cho người dân.", nil)
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		w.Start()
		return se.Next()
	})
	// Stopped, and waited for, before the app closes its database: on
	// terminate (the serve command ending, a test app's Cleanup) and on a
	// reset (a backup restore).
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		w.Stop()
		return e.Next()
	})
	app.OnBootstrapClear().BindFunc(func(e *core.BootstrapEvent) error {
		w.Stop()
		return e.Next()
	})
}

// WorkerOf returns app's worker (nil before Register).
func WorkerOf(app core.App) *Worker {
	w, _ := app.Store().Get(workerKey).(*Worker)
	return w
}

// Enqueue writes the messages caused by the dossier event ev, through app
// (the step's transaction), at now: one per configured channel the citizen
// gave an address for, when they agreed to be told.
func Enqueue(app core.App, ev *core.Record, now time.Time) error {
	step := stepOf(lifecycle.Action(ev.GetString("action")))
	if step == "" {
		return nil
	}
	// The dossier was written in this transaction, just before its event.
	d, err := app.FindRecordById("dossiers", ev.GetString("dossier"))
	if err != nil {
		return fmt.Errorf("notify: dossier of event %s: %w", ev.Id, err)
	}
	if !d.GetBool("notify_consent") {
		return notQueued(app, d, step, inspect.ReasonNoConsent, now)
	}
	office, _ := app.FindFirstRecordByFilter("office", "id != ''")
	s := officeSettings(app, office)
	type address struct{ channel, to string }
	var to []address
	email := strings.TrimSpace(d.GetString("applicant_email"))
	if email != "" && EmailOn(app) {
		to = append(to, address{ChannelEmail, email})
	}
	phone := strings.TrimSpace(d.GetString("applicant_phone"))
	if phone != "" && s.SMSOn() {
		to = append(to, address{ChannelSMS, phone})
	}
	if len(to) == 0 {
		reason := inspect.ReasonNoChannel
		if email == "" && phone == "" {
			reason = inspect.ReasonNoAddress
		}
		return notQueued(app, d, step, reason, now)
	}
	msg, err := Render(step, factsOf(app, office, d, ev))
	if err != nil {
		return err
	}
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	for _, a := range to {
		r := core.NewRecord(col)
		r.Load(map[string]any{
			"dossier": d.Id, "event": ev.Id, "step": step, "channel": a.channel, "to": a.to,
			"subject": msg.Subject, "body": msg.Text, "state": StateQueued, "attempts": 0, "next_at": now,
		})
		if a.channel == ChannelSMS {
			r.Set("next_at", AfterQuiet(now, s.SMS.Quiet))
		}
		n, err := sentToday(app, a.to, now)
		if err != nil {
			return err
		}
		if n >= s.PerDay && !inspect.NoticeLegal(step) { // a legal notice passes (package doc)
			r.Set("state", StateGivenUp)
			r.Set("next_at", nil)
			r.Set("last_error", fmt.Sprintf("Không gửi: đã đủ %d thông báo trong ngày cho địa chỉ này (giới hạn mỗi người nhận mỗi ngày).", s.PerDay))
		}
		if err := app.Save(r); err != nil {
			return fmt.Errorf("notify: queue %s message: %w", a.channel, err)
		}
	}
	return nil
}

// notQueued raises notice_failed, in the step's transaction, for a legal
// notice to an online applicant that nothing could be queued for (see the
// package doc); anything else left unqueued is no finding.
func notQueued(app core.App, d *core.Record, step, reason string, now time.Time) error {
	if d.GetString("channel") != string(lifecycle.Online) {
		return nil
	}
	return openFinding(app, inspect.Notice{DossierID: d.Id, DossierCode: d.GetString("code"), Step: step,
		State: inspect.StateNotQueued, Reason: reason}, now)
}

// sentToday counts the messages written for address in now's office day
// (those refused by the limit excepted).
func sentToday(app core.App, address string, now time.Time) (int, error) {
	start := kit.DBTime(calendar.DateOf(now).At(0, 0))
	var n int
	err := app.DB().NewQuery("SELECT COUNT(*) FROM outbox WHERE `to` = {:to} AND created >= {:s} AND NOT (state = 'given_up' AND attempts = 0)").
		Bind(dbx.Params{"to": address, "s": start}).Row(&n)
	return n, err
}

func officeSettings(app core.App, office *core.Record) Settings {
	if office == nil {
		return DefaultSettings()
	}
	s, err := ParseSettings([]byte(office.GetString("settings")))
	if err != nil {
		app.Logger().Warn("notify: settings ignored", "error", err)
	}
	return s
}

// factsOf gathers what the message of ev may say.
func factsOf(app core.App, office, d, ev *core.Record) Facts {
	f := Facts{
		Code: d.GetString("code"), Due: d.GetDateTime("due_at").Time(), NewDue: d.GetDateTime("new_due_at").Time(),
		Reason: ev.GetString("note"), Fee: d.GetFloat("fee"),
	}
	if p, err := app.FindRecordById("procedures", d.GetString("procedure")); err == nil {
		f.Procedure = p.GetString("name")
		if f.Fee == 0 {
			f.Fee = p.GetFloat("fee_amount")
		}
	}
	if office != nil {
		f.Office = office.GetString("name")
		if site := lookupSite(office); site != "" {
			f.Link = site + "/?ma=" + url.QueryEscape(f.Code)
		}
	}
	f.Missing = itemNames(d.GetString("missing_items"))
	return f
}

// lookupSite is the office's public page as the IT officer set it
// (`settings.public_url`, the address printed in the slips' QR code), or "".
func lookupSite(office *core.Record) string {
	var s struct {
		PublicURL string `json:"public_url"`
	}
	_ = office.UnmarshalJSONField("settings", &s)
	u, err := url.Parse(strings.TrimSpace(s.PublicURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return ""
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/")
}

// itemNames reads the missing papers: strings, or objects with a name.
func itemNames(raw string) []string {
	var items []any
	if json.Unmarshal([]byte(raw), &items) != nil {
		return nil
	}
	var out []string
	for _, it := range items {
		switch x := it.(type) {
		case string:
			out = append(out, strings.TrimSpace(x))
		case map[string]any:
			if n, ok := x["name"].(string); ok {
				out = append(out, strings.TrimSpace(n))
			}
		}
	}
	return out
}
