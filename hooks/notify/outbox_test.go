package notify_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/testapp"
)

// TestEveryStepQueuesItsMessageInTheStep walks a dossier through the API:
// each step that tells the citizen something writes one message per
// configured channel, with the step's facts, queued for the worker.
func TestEveryStepQueuesItsMessageInTheStep(t *testing.T) {
	app := newApp(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	gw := startGateway(t, 0)
	setNotify(t, app, map[string]any{"per_day": 50, "sms": gw.settings()})
	spec := testapp.Staff(t, app, access.Specialist)

	d := receive(t, app, true)
	id, code := d["id"].(string), d["code"].(string)
	due, err := time.Parse("2006-01-02 15:04:05.000Z", d["due_at"].(string))
	require.NoError(t, err)
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": spec.Id})
	stepTo(t, app, id, map[string]any{"status": "supplement_requested", "note": "Tờ khai thiếu chữ ký.", "missing_items": []string{"Tờ khai (bản chính)"}})
	stepTo(t, app, id, map[string]any{"status": "processing"})
	stepTo(t, app, id, map[string]any{"status": "payment_requested", "note": "Nộp lệ phí."})
	stepTo(t, app, id, map[string]any{"status": "processing"})
	newDue := due.AddDate(0, 0, 7)
	stepTo(t, app, id, map[string]any{"new_due_at": newDue.Format("2006-01-02 15:04:05.000Z"), "apology_reason": "Cần xác minh thêm."})
	stepTo(t, app, id, map[string]any{"status": "decided"})
	stepTo(t, app, id, map[string]any{"status": "returned", "returned_to": "Nguyễn Thị Thử Nghiệm"})

	msgs := outbox(t, app, id)
	var steps []string
	for _, m := range msgs {
		steps = append(steps, m.GetString("step")+"/"+m.GetString("channel"))
		assert.Equal(t, "queued", m.GetString("state"))
		assert.Equal(t, 0, m.GetInt("attempts"))
		assert.NotEmpty(t, m.GetString("event"), "the message names the step's event")
		assert.Contains(t, m.GetString("body"), code)
		assert.True(t, strings.HasSuffix(m.GetString("body"), " Tra cứu: https://motcua.example.invalid/?ma="+code), m.GetString("body"))
		to := map[string]string{"email": "thu.nghiem@example.invalid", "sms": "0900000123"}[m.GetString("channel")]
		assert.Equal(t, to, m.GetString("to"))
	}
	assert.Equal(t, []string{"received/email", "received/sms", "supplement/email", "supplement/sms", "payment/email", "payment/sms",
		"apology/email", "apology/sms", "decided/email", "decided/sms", "returned/email", "returned/sms"}, steps)
	body := func(i int) string { return msgs[i].GetString("body") }
	assert.Contains(t, body(0), "Hẹn trả kết quả: "+due.In(calendar.Location).Format("15:04")+" ngày "+calendar.FormatDate(due)+".")
	assert.Contains(t, body(2), "cần bổ sung: Tờ khai (bản chính). Lý do: Tờ khai thiếu chữ ký.")
	assert.Contains(t, body(4), "cần nộp phí, lệ phí 15.000 đ")
	assert.Contains(t, body(6), "Ngày hẹn trả kết quả mới: "+newDue.In(calendar.Location).Format("15:04")+" ngày "+calendar.FormatDate(newDue)+".")
	assert.Equal(t, "Hồ sơ "+code+": đã có kết quả", msgs[8].GetString("subject"))

	// A stop tells its reason.
	d2 := receive(t, app, true)
	stepTo(t, app, d2["id"].(string), map[string]any{"status": "processing", "assignee": spec.Id})
	stepTo(t, app, d2["id"].(string), map[string]any{"status": "stopped", "note": "Người nộp không còn đủ điều kiện."})
	m2 := outbox(t, app, d2["id"].(string))
	require.Len(t, m2, 4)
	assert.Equal(t, "stopped", m2[2].GetString("step"))
	assert.Contains(t, m2[2].GetString("body"), "đã dừng xử lý. Lý do: Người nộp không còn đủ điều kiện.")
}

// TestNoConsentNoMessage: without the citizen's consent, or on a channel that
// is not configured, nothing is queued.
func TestNoConsentNoMessage(t *testing.T) {
	app := newApp(t)
	d := receive(t, app, false)
	assert.Empty(t, outbox(t, app, d["id"].(string)), "no consent")

	// Consent, but neither SMTP nor an SMS gateway is configured.
	d = receive(t, app, true)
	assert.Empty(t, outbox(t, app, d["id"].(string)), "no channel")

	// Consent and SMTP only: e-mail only.
	testapp.StartMailbox(t).Use(t, app)
	d = receive(t, app, true)
	msgs := outbox(t, app, d["id"].(string))
	require.Len(t, msgs, 1)
	assert.Equal(t, "email", msgs[0].GetString("channel"))
}

// TestMessagesRollBackWithTheirStep: a step that fails takes its messages
// with it; the step and its messages commit together.
func TestMessagesRollBackWithTheirStep(t *testing.T) {
	app := newApp(t)
	testapp.StartMailbox(t).Use(t, app)
	d := receive(t, app, true)
	id := d["id"].(string)
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": testapp.Staff(t, app, access.Specialist).Id})
	require.Len(t, outbox(t, app, id), 1)

	boom := errors.New("sự cố sau bước xử lý")
	err := app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindRecordById("dossiers", id)
		require.NoError(t, err)
		rec.Set("status", "decided")
		require.NoError(t, tx.Save(rec))
		require.Len(t, outbox(t, tx, id), 2, "the message is written in the step's transaction")
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Len(t, outbox(t, app, id), 1, "the rolled-back step left no message")
}

// TestPerDayLimit: one address gets at most per_day messages an office day;
// the others are recorded, given up, never sent — except the legal notices
// (supplement, apology), which pass the limit and are sent.
func TestPerDayLimit(t *testing.T) {
	app := newApp(t)
	box := testapp.StartMailbox(t)
	box.Use(t, app)
	setNotify(t, app, map[string]any{"per_day": 2})
	spec := testapp.Staff(t, app, access.Specialist)
	d := receive(t, app, true)
	id := d["id"].(string)
	due, err := time.Parse("2006-01-02 15:04:05.000Z", d["due_at"].(string))
	require.NoError(t, err)
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": spec.Id})
	stepTo(t, app, id, map[string]any{"status": "payment_requested", "note": "Nộp lệ phí."})
	stepTo(t, app, id, map[string]any{"status": "processing"})
	stepTo(t, app, id, map[string]any{"status": "supplement_requested", "note": "Thiếu tờ khai.", "missing_items": []string{"Tờ khai"}})
	stepTo(t, app, id, map[string]any{"status": "processing"})
	stepTo(t, app, id, map[string]any{"new_due_at": due.AddDate(0, 0, 7).Format("2006-01-02 15:04:05.000Z"), "apology_reason": "Cần xác minh thêm."})
	stepTo(t, app, id, map[string]any{"status": "decided"})
	msgs := outbox(t, app, id)
	var states []string
	for _, m := range msgs {
		states = append(states, m.GetString("step")+"/"+m.GetString("state"))
	}
	assert.Equal(t, []string{"received/queued", "payment/queued", "supplement/queued", "apology/queued", "decided/given_up"}, states)
	assert.Equal(t, "Không gửi: đã đủ 2 thông báo trong ngày cho địa chỉ này (giới hạn mỗi người nhận mỗi ngày).", msgs[4].GetString("last_error"))
	run(t, app, time.Now())
	mails := box.Wait(t, 4, 30*time.Second)
	var subjects []string
	for _, m := range mails {
		subjects = append(subjects, m.Subject)
	}
	assert.ElementsMatch(t, []string{msgs[0].GetString("subject"), msgs[1].GetString("subject"), msgs[2].GetString("subject"), msgs[3].GetString("subject")},
		subjects, "the legal notices over the limit are sent, the routine one is not")
	assert.Equal(t, "given_up", reload(t, app, msgs[4]).GetString("state"))
	open, err := app.FindRecordsByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", "", 0, 0, map[string]any{"id": id})
	require.NoError(t, err)
	assert.Empty(t, open)
}

// TestOnlineLegalNoticeNotQueued: a legal notice to an online applicant that
// cannot even be queued raises notice_failed in the step, saying why; an
// in-person applicant is handed the paper form, and nothing is raised.
func TestOnlineLegalNoticeNotQueued(t *testing.T) {
	app := newApp(t)
	spec := testapp.Staff(t, app, access.Specialist)
	finding := func(id string) *core.Record {
		recs, err := app.FindRecordsByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", "", 0, 0, map[string]any{"id": id})
		require.NoError(t, err)
		require.LessOrEqual(t, len(recs), 1)
		if len(recs) == 0 {
			return nil
		}
		return recs[0]
	}
	supplement := func(id string) {
		stepTo(t, app, id, map[string]any{"status": "processing", "assignee": spec.Id})
		stepTo(t, app, id, map[string]any{"status": "supplement_requested", "note": "Thiếu tờ khai.", "missing_items": []string{"Tờ khai"}})
	}
	apology := func(id string) {
		stepTo(t, app, id, map[string]any{"status": "processing", "assignee": spec.Id})
		d, err := app.FindRecordById("dossiers", id)
		require.NoError(t, err)
		stepTo(t, app, id, map[string]any{"new_due_at": d.GetDateTime("due_at").Time().AddDate(0, 0, 7).Format("2006-01-02 15:04:05.000Z"), "apology_reason": "Cần xác minh."})
	}
	const form02, form04 = "yêu cầu bổ sung, hoàn thiện hồ sơ (phiếu 02)", "xin lỗi và hẹn lại ngày trả kết quả (phiếu 04)"
	for _, c := range []struct {
		name   string
		fields map[string]any
		smtp   bool
		step   func(string)
		what   string
		reason string // "" for no finding
		why    string
	}{
		{"no channel", map[string]any{"channel": "online"}, false, supplement, form02, "no_channel",
			"chưa cấu hình kênh gửi cho địa chỉ người nộp để lại (SMTP cho thư điện tử, cổng SMS cho tin nhắn)"},
		{"no consent", map[string]any{"channel": "online", "notify_consent": false}, true, apology, form04, "no_consent",
			"người nộp không đồng ý nhận thông báo qua thư điện tử, tin nhắn"},
		{"in person, no channel", map[string]any{}, false, supplement, "", "", ""},
		{"no address", map[string]any{"channel": "online", "applicant_email": "", "applicant_phone": ""}, true, supplement, form02, "no_address",
			"người nộp không để lại thư điện tử hay số điện thoại"},
		{"queued", map[string]any{"channel": "online"}, true, apology, "", "", ""},
	} {
		if c.smtp {
			testapp.StartMailbox(t).Use(t, app)
		}
		d := receiveWith(t, app, c.fields)
		id, code := d["id"].(string), d["code"].(string)
		assert.Nil(t, finding(id), "%s: the receipt is no legal notice", c.name)
		c.step(id)
		f := finding(id)
		if c.reason == "" {
			assert.Nil(t, f, c.name)
			continue
		}
		require.NotNil(t, f, c.name)
		assert.Empty(t, outbox(t, app, id), c.name)
		assert.Equal(t, "open", f.GetString("status"), c.name)
		assert.Equal(t, "serious", f.GetString("severity"), c.name)
		assert.Equal(t, "Thông báo "+c.what+" cho người nộp trực tuyến hồ sơ "+code+" không được gửi: "+c.why+".", f.GetString("message"), c.name)
		var ev map[string]any
		require.NoError(t, f.UnmarshalJSONField("evidence", &ev))
		step := map[string]string{form02: "supplement", form04: "apology"}[c.what]
		assert.Equal(t, map[string]any{"step": step, "state": "not_queued", "reason": c.reason, "dossier_channel": "online"}, ev, c.name)
	}
}

// TestOutboxAccess: staff read the outbox; nobody writes it through the
// API, the admin included; the SMS gateway's credentials stay with the admin.
func TestOutboxAccess(t *testing.T) {
	app := newApp(t)
	testapp.StartMailbox(t).Use(t, app)
	gw := startGateway(t, 0)
	setNotify(t, app, map[string]any{"sms": gw.settings()})
	d := receive(t, app, true)
	msgs := outbox(t, app, d["id"].(string))
	require.Len(t, msgs, 2)
	one := "/api/collections/outbox/records/" + msgs[0].Id
	for _, c := range []struct {
		role, method, url, body string
		status                  int
		want                    string
	}{
		{access.Receptionist, http.MethodGet, "/api/collections/outbox/records?filter=dossier='" + d["id"].(string) + "'", "", 200, `"totalItems":2`},
		{access.Inspector, http.MethodGet, one, "", 200, `"state":"queued"`},
		{access.Specialist, http.MethodGet, one, "", 200, `"channel":"email"`},
		{access.Admin, http.MethodPost, "/api/collections/outbox/records", `{"dossier":"` + d["id"].(string) + `","channel":"sms","to":"0900000999","body":"x","state":"queued"}`,
			403, `"message":"Hộp thư gửi người dân do hệ thống ghi tự động: không tạo, sửa hay xóa thủ công."`},
		{access.Admin, http.MethodPatch, one, `{"state":"sent"}`, 403, `Hộp thư gửi người dân do hệ thống ghi tự động`},
		{access.Leader, http.MethodPatch, one, `{"state":"sent"}`, 403, `"message":"`},
		{access.Admin, http.MethodDelete, one, "", 403, `Hộp thư gửi người dân do hệ thống ghi tự động`},
	} {
		res := testapp.Do(t, app, testapp.Auth(t, app, c.role), c.method, c.url, c.body)
		assert.Equal(t, c.status, res.Code, "%s %s %s: %s", c.role, c.method, c.url, res.Body.String())
		assert.Contains(t, res.Body.String(), c.want, "%s %s", c.role, c.method)
	}
	after, err := app.FindRecordById("outbox", msgs[0].Id)
	require.NoError(t, err)
	assert.Equal(t, "queued", after.GetString("state"))

	// The office record is public: the gateway's request is not. Guests get
	// no settings at all (a hidden field, hooks/office_secrets.go); staff
	// other than the admin, the channel's state only.
	for name, h := range map[string]map[string]string{"guest": nil, "receptionist": testapp.Auth(t, app, access.Receptionist)} {
		res := testapp.Do(t, app, h, http.MethodGet, "/api/collections/office/records", "")
		require.Equal(t, 200, res.Code, name)
		if name == "guest" {
			assert.NotContains(t, res.Body.String(), `"settings"`, name)
		} else {
			assert.Contains(t, res.Body.String(), `"sms":{"configured":true}`, name)
		}
		assert.NotContains(t, res.Body.String(), "thu-nghiem", name)
		assert.NotContains(t, res.Body.String(), gw.URL, name)
	}
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodGet, "/api/collections/office/records", "")
	assert.Contains(t, res.Body.String(), "Bearer thu-nghiem", "the admin sees and edits the gateway")
}

// TestNotQueuedFindingOutlivesLaterDelivery: once a legal notice to an online
// applicant could not be queued, a later notice's failure and delivery leave
// that finding as it is, open for a leader: the first notice never went.
func TestNotQueuedFindingOutlivesLaterDelivery(t *testing.T) {
	app := newApp(t)
	d := receiveWith(t, app, map[string]any{"channel": "online"})
	id := d["id"].(string)
	stepTo(t, app, id, map[string]any{"status": "processing", "assignee": testapp.Staff(t, app, access.Specialist).Id})
	stepTo(t, app, id, map[string]any{"status": "supplement_requested", "note": "Thiếu tờ khai.", "missing_items": []string{"Tờ khai"}})
	f, err := app.FindFirstRecordByFilter("findings", "rule = 'notice_failed' && subject_id = {:id}", map[string]any{"id": id})
	require.NoError(t, err)
	msg := f.GetString("message")

	box := testapp.StartMailbox(t)
	box.Use(t, app)
	stepTo(t, app, id, map[string]any{"status": "processing"})
	due, err := app.FindRecordById("dossiers", id)
	require.NoError(t, err)
	stepTo(t, app, id, map[string]any{"new_due_at": due.GetDateTime("due_at").Time().AddDate(0, 0, 7).Format("2006-01-02 15:04:05.000Z"), "apology_reason": "Cần xác minh."})
	msgs := outbox(t, app, id)
	require.Len(t, msgs, 1)
	box.RefuseNext(1)
	now := time.Now()
	run(t, app, now)
	require.Equal(t, "failed", reload(t, app, msgs[0]).GetString("state"))
	run(t, app, now.Add(2*time.Minute))
	box.Wait(t, 1, 30*time.Second)
	require.Equal(t, "sent", reload(t, app, msgs[0]).GetString("state"))

	f, err = app.FindRecordById("findings", f.Id)
	require.NoError(t, err)
	assert.Equal(t, "open", f.GetString("status"))
	assert.Equal(t, msg, f.GetString("message"))
	assert.Contains(t, msg, "(phiếu 02) cho người nộp trực tuyến")
}
