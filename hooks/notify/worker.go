package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// Worker sends the outbox's due messages (see the package doc).
type Worker struct {
	app  core.App
	sys  core.App // app, its writes recorded as the system actor
	kick chan struct{}

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// idleWait is the longest the worker sleeps with nothing due: a message
// queued by another process (a command run beside the server) waits at most
// this long.
const idleWait = time.Minute

// batch is how many due messages one round takes.
const batch = 50

// Start starts the worker's goroutine, once.
func (w *Worker) Start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel, w.done = cancel, make(chan struct{})
	go w.loop(ctx, w.done)
}

// Stop stops the worker and waits for it: an attempt under way is finished
// and marked first.
func (w *Worker) Stop() {
	w.mu.Lock()
	cancel, done := w.cancel, w.done
	w.cancel, w.done = nil, nil
	w.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// Kick wakes the worker: a message was queued.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *Worker) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	for {
		next, err := w.RunOnce(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			w.app.Logger().Error("notify: worker round failed", "error", err)
		}
		wait := idleWait
		if !next.IsZero() {
			wait = min(max(time.Until(next), 0), idleWait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunOnce sends the messages due at now and returns when the next one falls
// due (zero when none waits). Tests call it with a chosen now.
func (w *Worker) RunOnce(ctx context.Context, now time.Time) (time.Time, error) {
	office, _ := w.app.FindFirstRecordByFilter("office", "id != ''")
	s := officeSettings(w.app, office)
	if s.Off {
		return time.Time{}, nil // the kill switch: everything waits
	}
	due, err := w.app.FindRecordsByFilter(Collection, "(state = 'queued' || state = 'failed') && next_at <= {:now}",
		"next_at", batch, 0, dbx.Params{"now": now.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return time.Time{}, err
	}
	for _, r := range due {
		if ctx.Err() != nil {
			return time.Time{}, nil
		}
		if err := w.attempt(ctx, s, r, now); err != nil {
			return time.Time{}, err
		}
	}
	if len(due) == batch {
		return now, nil
	}
	var next struct {
		At string `db:"next_at"`
	}
	err = w.app.DB().NewQuery("SELECT next_at FROM outbox WHERE state IN ('queued', 'failed') ORDER BY next_at LIMIT 1").One(&next)
	if errors.Is(err, sql.ErrNoRows) || next.At == "" {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	at, err := types.ParseDateTime(next.At)
	return at.Time(), err
}

// attempt tries one message: the attempt is committed before sending, the
// outcome after.
func (w *Worker) attempt(ctx context.Context, s Settings, r *core.Record, now time.Time) error {
	channel := r.GetString("channel")
	if channel == ChannelSMS {
		if later := AfterQuiet(now, s.SMS.Quiet); later.After(now) {
			r.Set("next_at", later) // quiet hours: deferred, not dropped
			return w.sys.Save(r)
		}
	}
	n := r.GetInt("attempts") + 1
	r.Set("attempts", n)
	r.Set("next_at", now.Add(s.Backoff(n)))
	if err := w.sys.Save(r); err != nil {
		return err
	}
	var err error
	switch {
	case channel == ChannelEmail && !EmailOn(w.app):
		err = errors.New("kênh thư điện tử chưa được cấu hình (thiết lập SMTP trên trang quản trị)")
	case channel == ChannelEmail:
		err = sendEmail(w.app, r.GetString("to"), r.GetString("subject"), r.GetString("body"), r.Id)
	case channel == ChannelSMS && !s.SMSOn():
		err = errors.New("kênh SMS chưa được cấu hình (settings.notify.sms của cơ quan)")
	default:
		err = sendSMS(ctx, s.SMS, r.GetString("to"), r.GetString("body"), r.Id)
	}
	if err == nil {
		r.Set("state", StateSent)
		r.Set("sent_at", time.Now())
		r.Set("next_at", nil)
		r.Set("last_error", "")
		return w.sys.RunInTransaction(func(tx core.App) error {
			if err := tx.Save(r); err != nil {
				return err
			}
			return clearFinding(tx, r, now)
		})
	}
	r.Set("last_error", clip(err.Error(), 2000))
	r.Set("state", StateFailed)
	if n >= s.MaxAttempts {
		r.Set("state", StateGivenUp)
		r.Set("next_at", nil)
	}
	return w.sys.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(r); err != nil {
			return err
		}
		return raiseFinding(tx, r, now)
	})
}

// raiseFinding opens (or brings up to date) the notice_failed finding of a
// legal notice that could not be delivered.
func raiseFinding(tx core.App, r *core.Record, now time.Time) error {
	d, err := tx.FindRecordById("dossiers", r.GetString("dossier"))
	if err != nil {
		return err
	}
	return openFinding(tx, inspect.Notice{
		DossierID: d.Id, DossierCode: d.GetString("code"), OutboxID: r.Id, Step: r.GetString("step"),
		Channel: r.GetString("channel"), Attempts: r.GetInt("attempts"), LastError: r.GetString("last_error"),
		State: r.GetString("state"),
	}, now)
}

// openFinding opens, or brings up to date, the dossier's notice_failed
// finding for n (nothing when n is no finding).
func openFinding(tx core.App, n inspect.Notice, now time.Time) error {
	f, ok := inspect.NoticeFailed(n)
	if !ok {
		return nil
	}
	col, err := tx.FindCachedCollectionByNameOrId("findings")
	if err != nil {
		return err
	}
	rec, err := tx.FindFirstRecordByFilter(col, "rule = {:r} && subject_collection = {:c} && subject_id = {:id} && status != 'resolved'",
		dbx.Params{"r": f.Rule, "c": f.SubjectCollection, "id": f.SubjectID})
	if err != nil {
		rec = core.NewRecord(col)
		rec.Load(map[string]any{"rule": f.Rule, "subject_collection": f.SubjectCollection, "subject_id": f.SubjectID,
			"status": "open", "first_seen": now})
	} else if n.State != inspect.StateNotQueued && keptNotQueued(rec) {
		// A notice never queued outweighs a later send failure: only a
		// leader closes it, so a later delivery must not resolve it.
		rec.Set("last_seen", now)
		return tx.Save(rec)
	}
	ev, err := json.Marshal(f.Evidence)
	if err != nil {
		return err
	}
	rec.Load(map[string]any{"severity": string(f.Severity), "subject_label": f.SubjectLabel, "message": f.Message,
		"evidence": types.JSONRaw(ev), "action_hint": f.ActionHint, "last_seen": now})
	if err := tx.Save(rec); err != nil {
		return fmt.Errorf("notify: finding: %w", err)
	}
	return nil
}

// keptNotQueued reports whether the open finding rec is about a legal notice
// that was never queued.
func keptNotQueued(rec *core.Record) bool {
	var ev struct {
		State string `json:"state"`
	}
	return rec.UnmarshalJSONField("evidence", &ev) == nil && ev.State == inspect.StateNotQueued
}

// clearFinding resolves the notice_failed finding raised by r's earlier
// failures, now that r has been sent.
func clearFinding(tx core.App, r *core.Record, now time.Time) error {
	if !inspect.NoticeLegal(r.GetString("step")) {
		return nil
	}
	rec, err := tx.FindFirstRecordByFilter("findings", "rule = {:r} && subject_collection = 'dossiers' && subject_id = {:id} && status != 'resolved'",
		dbx.Params{"r": inspect.RuleNoticeFailed, "id": r.GetString("dossier")})
	if err != nil {
		return nil // none open
	}
	var ev struct {
		Outbox string `json:"outbox"`
	}
	if err := rec.UnmarshalJSONField("evidence", &ev); err != nil || ev.Outbox != r.Id {
		return nil
	}
	rec.Load(map[string]any{"status": "resolved", "auto_resolved": true, "resolved_at": now,
		"resolution_note": "Tự động: thông báo đã gửi được lúc " + calendar.FormatDateTime(now) + " sau " + fmt.Sprint(r.GetInt("attempts")) + " lần gửi."})
	return tx.Save(rec)
}

// Running reports whether the worker's goroutine runs.
func (w *Worker) Running() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.done != nil
}
