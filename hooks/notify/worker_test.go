package notify_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/notify"
	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/testapp"
)

func reload(t *testing.T, app core.App, r *core.Record) *core.Record {
	t.Helper()
	got, err := app.FindRecordById("outbox", r.Id)
	require.NoError(t, err)
	return got
}

// TestEmailIsSentWithItsKey: the worker sends through PocketBase's SMTP
// client to a real SMTP server; the Message-ID is the outbox id; the state
// change is the system's, in the audit log.
func TestEmailIsSentWithItsKey(t *testing.T) {
	app := newApp(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	d := receive(t, app, true)
	msg := outbox(t, app, d["id"].(string))[0]

	run(t, app, time.Now())
	mails := box.Wait(t, 1, 30*time.Second)
	require.Len(t, mails, 1)
	m := mails[0]
	assert.Equal(t, []string{"thu.nghiem@example.invalid"}, m.To)
	assert.Equal(t, "<"+msg.Id+"@motcua.outbox>", m.Header.Get("Message-ID"))
	assert.Equal(t, msg.GetString("subject"), m.Subject)
	assert.Equal(t, msg.GetString("body"), m.Text)
	got := reload(t, app, msg)
	assert.Equal(t, "sent", got.GetString("state"))
	assert.Equal(t, 1, got.GetInt("attempts"))
	assert.False(t, got.GetDateTime("sent_at").IsZero())

	var entries []struct {
		Type string `db:"actor_type"`
		Name string `db:"actor_name"`
	}
	require.NoError(t, app.DB().NewQuery("SELECT actor_type, actor_name FROM audit_log WHERE collection = 'outbox' AND record_id = {:id} AND action = 'update'").
		Bind(map[string]any{"id": msg.Id}).All(&entries))
	require.Len(t, entries, 2, "the attempt, then its outcome")
	for _, e := range entries {
		assert.Equal(t, "system", e.Type)
		assert.Equal(t, "notify", e.Name)
	}
	var created string
	require.NoError(t, app.DB().NewQuery("SELECT actor_type FROM audit_log WHERE collection = 'outbox' AND record_id = {:id} AND action = 'create'").
		Bind(map[string]any{"id": msg.Id}).Row(&created))
	assert.Equal(t, "staff", created, "the message is written by the step of the signed-in clerk")

	// Sent is final: the next round sends nothing more.
	run(t, app, time.Now().Add(time.Hour))
	assert.Len(t, box.Mails(), 1)
}

// TestSMSRetriesWithBackoffThenGivesUp: a failing gateway gets the same key
// on every attempt, each wait twice the last; after max_attempts the message
// is given up, and an undelivered supplement request raises notice_failed.
func TestSMSRetriesWithBackoffThenGivesUp(t *testing.T) {
	app := newApp(t)
	gw := startGateway(t, 100)
	setNotify(t, app, map[string]any{"max_attempts": 3, "retry_seconds": 60, "sms": gw.settings()})
	d := receive(t, app, true)
	id := d["id"].(string)
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": testapp.Staff(t, app, access.Specialist).Id})
	stepTo(t, app, id, map[string]any{"status": "supplement_requested", "note": "Thiếu tờ khai.", "missing_items": []string{"Tờ khai"}})
	msgs := outbox(t, app, id)
	require.Len(t, msgs, 2)
	sup := msgs[1]
	require.Equal(t, "supplement", sup.GetString("step"))

	now := time.Now()
	run(t, app, now) // both fail once
	got := reload(t, app, sup)
	assert.Equal(t, "failed", got.GetString("state"))
	assert.Equal(t, 1, got.GetInt("attempts"))
	assert.Equal(t, `cổng SMS trả mã 503: gateway busy`, got.GetString("last_error"))
	assert.True(t, got.GetDateTime("next_at").Time().Equal(now.Add(time.Minute).Truncate(time.Millisecond)), got.GetString("next_at"))
	f, err := app.FindFirstRecordByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", map[string]any{"id": id})
	require.NoError(t, err, "a failed legal notice raises a finding")
	assert.Equal(t, "open", f.GetString("status"))
	assert.Equal(t, "serious", f.GetString("severity"))

	run(t, app, now.Add(59*time.Second)) // not yet due
	assert.Len(t, gw.requests(), 2)
	run(t, app, now.Add(61*time.Second))
	got = reload(t, app, sup)
	assert.Equal(t, 2, got.GetInt("attempts"))
	assert.True(t, got.GetDateTime("next_at").Time().Equal(now.Add(61*time.Second+2*time.Minute).Truncate(time.Millisecond)), "doubled: %s", got.GetString("next_at"))
	run(t, app, now.Add(61*time.Second+2*time.Minute))
	got = reload(t, app, sup)
	assert.Equal(t, "given_up", got.GetString("state"))
	assert.Equal(t, 3, got.GetInt("attempts"))
	assert.True(t, got.GetDateTime("next_at").IsZero())

	reqs := gw.requests()
	require.Len(t, reqs, 6)
	for _, r := range reqs {
		assert.Equal(t, r.Key, r.Header, "the key in the body and the Idempotency-Key header")
		assert.Equal(t, "0900000123", r.Phone)
	}
	var supKeys []string
	for _, r := range reqs {
		if r.Key == sup.Id {
			supKeys = append(supKeys, r.Text)
		}
	}
	require.Len(t, supKeys, 3, "three attempts, one key")
	assert.Equal(t, sup.GetString("body"), supKeys[0], "the text, JSON-escaped in the template, arrives whole")

	f, err = app.FindFirstRecordByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", map[string]any{"id": id})
	require.NoError(t, err)
	assert.Equal(t, "Thông báo yêu cầu bổ sung, hoàn thiện hồ sơ (phiếu 02) qua tin nhắn SMS cho người nộp hồ sơ "+d["code"].(string)+
		" không gửi được (đã ngừng gửi sau 3 lần gửi).", f.GetString("message"))
	var ev map[string]any
	require.NoError(t, f.UnmarshalJSONField("evidence", &ev))
	assert.Equal(t, map[string]any{"outbox": sup.Id, "step": "supplement", "channel": "sms", "attempts": 3.0,
		"last_error": "cổng SMS trả mã 503: gateway busy", "state": "given_up"}, ev)
	open, err := app.FindRecordsByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", "", 0, 0, map[string]any{"id": id})
	require.NoError(t, err)
	assert.Len(t, open, 1, "the receipt's failure raises nothing: it is not a legal notice")
}

// TestRelayBusyThenDelivered: a relay's temporary refusal is retried; the
// finding it raised on a legal notice closes itself once delivered.
func TestRelayBusyThenDelivered(t *testing.T) {
	app := newApp(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	d := receive(t, app, false)
	id := d["id"].(string)
	stepTo(t, app, id, map[string]any{"notify_consent": true})
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": testapp.Staff(t, app, access.Specialist).Id})
	due, err := app.FindRecordById("dossiers", id)
	require.NoError(t, err)
	stepTo(t, app, id, map[string]any{"new_due_at": due.GetDateTime("due_at").Time().AddDate(0, 0, 7).Format("2006-01-02 15:04:05.000Z"), "apology_reason": "Cần xác minh."})
	msgs := outbox(t, app, id)
	require.Len(t, msgs, 1, "consent given after intake: from the next step on")
	require.Equal(t, "apology", msgs[0].GetString("step"))

	box.RefuseNext(1)
	now := time.Now()
	run(t, app, now)
	got := reload(t, app, msgs[0])
	assert.Equal(t, "failed", got.GetString("state"))
	assert.Contains(t, got.GetString("last_error"), "451")
	f, err := app.FindFirstRecordByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", map[string]any{"id": id})
	require.NoError(t, err)
	assert.Contains(t, f.GetString("message"), "phiếu 04")

	run(t, app, now.Add(2*time.Minute))
	mails := box.Wait(t, 1, 30*time.Second)
	assert.Equal(t, "<"+msgs[0].Id+"@motcua.outbox>", mails[0].Header.Get("Message-ID"))
	assert.Equal(t, "sent", reload(t, app, msgs[0]).GetString("state"))
	f, err = app.FindRecordById("findings", f.Id)
	require.NoError(t, err)
	assert.Equal(t, "resolved", f.GetString("status"))
	assert.True(t, f.GetBool("auto_resolved"))
}

// TestQuietHoursDeferSMS: an SMS queued in the quiet hours waits for their
// end, office time; it is not dropped.
func TestQuietHoursDeferSMS(t *testing.T) {
	app := newApp(t)
	gw := startGateway(t, 0)
	s := gw.settings()
	s["quiet"] = "21:00-07:00"
	setNotify(t, app, map[string]any{"sms": s})
	d := receive(t, app, true)
	msg := outbox(t, app, d["id"].(string))[0]

	night := time.Date(2026, 12, 1, 22, 30, 0, 0, calendar.Location)
	// Queued now (daytime or not), due at 22:30: the worker's round then
	// defers it to the morning.
	msg.Set("next_at", night)
	require.NoError(t, app.UnsafeWithoutHooks().Save(msg)) // the test moves the clock, not a staff member
	run(t, app, night)
	got := reload(t, app, msg)
	assert.Empty(t, gw.requests(), "nothing sent in the quiet hours")
	assert.Equal(t, "queued", got.GetString("state"))
	assert.Equal(t, 0, got.GetInt("attempts"))
	morning := time.Date(2026, 12, 2, 7, 0, 0, 0, calendar.Location)
	assert.True(t, got.GetDateTime("next_at").Time().Equal(morning), got.GetString("next_at"))
	run(t, app, morning)
	assert.Len(t, gw.requests(), 1)
	assert.Equal(t, "sent", reload(t, app, msg).GetString("state"))
}

// TestKillSwitchHoldsEverything: with settings.notify.off nothing is sent;
// the messages wait, and go when it is switched back.
func TestKillSwitchHoldsEverything(t *testing.T) {
	app := newApp(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	setNotify(t, app, map[string]any{"off": true})
	d := receive(t, app, true)
	msg := outbox(t, app, d["id"].(string))[0]
	run(t, app, time.Now())
	assert.Empty(t, box.Mails())
	assert.Equal(t, "queued", reload(t, app, msg).GetString("state"))
	setNotify(t, app, map[string]any{"off": false})
	run(t, app, time.Now())
	box.Wait(t, 1, 30*time.Second)
	assert.Equal(t, "sent", reload(t, app, msg).GetString("state"))
}

// TestWorkerLivesWithTheApp: serving starts the worker, which sends what a
// step queued; the app's end stops it.
func TestWorkerLivesWithTheApp(t *testing.T) {
	app := testapp.New(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	d := receive(t, app, true) // builds the router: OnServe starts the worker
	w := notify.WorkerOf(app)
	require.True(t, w.Running())
	box.Wait(t, 1, 30*time.Second)
	msg := outbox(t, app, d["id"].(string))[0]
	app.Cleanup()
	assert.False(t, w.Running(), "stopped with the app")
	assert.Equal(t, "<"+msg.Id+"@motcua.outbox>", box.Mails()[0].Header.Get("Message-ID"))
}
