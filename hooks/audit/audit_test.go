package audit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/internal/auditchain"
	"motcua/testapp"
	"motcua/testapp/cli"
)

func withUA(h map[string]string) map[string]string {
	h["User-Agent"] = "AuditTest/1.0"
	return h
}

func TestAuditAPIStaffChange(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	leader := testapp.Staff(t, app, "leader")

	rec := testapp.Do(t, app, withUA(testapp.Auth(t, app, "leader")), http.MethodPost,
		"/api/collections/sectors/records", `{"name":"Lĩnh vực kiểm toán","code":"KT"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var created struct{ ID string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &created))

	e := testapp.LastAudit(t, app, "collection = 'sectors' AND record_id = '"+created.ID+"'")
	assert.Equal(t, "create", e.Action)
	assert.Equal(t, actor.TypeStaff, e.ActorType)
	assert.Equal(t, leader.Id, e.ActorID)
	assert.Equal(t, leader.Email(), e.ActorEmail)
	assert.Equal(t, "leader", e.ActorRole)
	assert.NotEmpty(t, e.IP)
	assert.Equal(t, "AuditTest/1.0", e.UserAgent)
	assert.Equal(t, map[string]any{"after": "Lĩnh vực kiểm toán"}, e.Changed["name"])

	rec = testapp.Do(t, app, testapp.Auth(t, app, "leader"), http.MethodPatch,
		"/api/collections/sectors/records/"+created.ID, `{"code":"KT2"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	e = testapp.LastAudit(t, app, "collection = 'sectors' AND record_id = '"+created.ID+"'")
	assert.Equal(t, "update", e.Action)
	assert.Equal(t, map[string]any{"before": "KT", "after": "KT2"}, e.Changed["code"])
	assert.NotContains(t, e.Changed, "name", "unchanged fields are not listed")
	assert.NotContains(t, e.Changed, "updated")

	rec = testapp.Do(t, app, testapp.Auth(t, app, "leader"), http.MethodDelete,
		"/api/collections/sectors/records/"+created.ID, "")
	require.Equal(t, 204, rec.Code, rec.Body.String())
	e = testapp.LastAudit(t, app, "collection = 'sectors' AND record_id = '"+created.ID+"'")
	assert.Equal(t, "delete", e.Action)
	assert.Equal(t, map[string]any{"before": "KT2"}, e.Changed["code"])
	assert.Equal(t, leader.Id, e.ActorID)
	testapp.RequireChainOK(t, app)
}

func TestAuditAdminUISystemCollections(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, "admin")
	auth := testapp.Auth(t, app, "admin")

	// Settings (the `_params` model), with a secret that must not leak.
	rec := testapp.Do(t, app, auth, http.MethodPatch, "/api/settings",
		`{"meta":{"appName":"Một cửa Ninh Xuân"},"smtp":{"enabled":false,"host":"smtp.example","port":587,"password":"s3cr3t-smtp"}}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	e := testapp.LastAudit(t, app, "collection = '_params'")
	assert.Equal(t, "update", e.Action)
	assert.Equal(t, admin.Id, e.ActorID)
	assert.Equal(t, "Một cửa Ninh Xuân", e.Changed["value.meta.appName"].(map[string]any)["after"])
	assert.Equal(t, map[string]any{"before": "[redacted]", "after": "[redacted]"}, e.Changed["value.smtp.password"])
	assert.NotContains(t, e.Changes, "s3cr3t-smtp")

	// Collection schema change.
	rec = testapp.Do(t, app, auth, http.MethodPatch, "/api/collections/feedback", `{"listRule":"published = true"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	e = testapp.LastAudit(t, app, "collection = '_collections'")
	assert.Equal(t, "update", e.Action)
	assert.Equal(t, map[string]any{"after": "published = true"}, e.Changed["listRule"])
	assert.Equal(t, admin.Id, e.ActorID)

	// Another staff member's password: changed, never shown.
	insp := testapp.Staff(t, app, "inspector")
	rec = testapp.Do(t, app, auth, http.MethodPatch, "/api/collections/_superusers/records/"+insp.Id,
		`{"password":"Mat-khau-moi-2026","passwordConfirm":"Mat-khau-moi-2026"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	e = testapp.LastAudit(t, app, "collection = '_superusers' AND record_id = '"+insp.Id+"'")
	assert.Equal(t, map[string]any{"before": "[redacted]", "after": "[redacted]"}, e.Changed["password"])
	assert.NotContains(t, e.Changes, "$2a$", "no password hash")
	assert.NotContains(t, e.Changes, "Mat-khau-moi")

	insp, err := app.FindRecordById(core.CollectionNameSuperusers, insp.Id)
	require.NoError(t, err)
	oldKey := insp.TokenKey()
	insp.RefreshTokenKey()
	require.NoError(t, app.Save(insp))
	e = testapp.LastAudit(t, app, "collection = '_superusers' AND record_id = '"+insp.Id+"'")
	assert.Equal(t, map[string]any{"before": "[redacted]", "after": "[redacted]"}, e.Changed["tokenKey"])
	assert.NotContains(t, e.Changes, oldKey)
	assert.NotContains(t, e.Changes, insp.TokenKey())
	testapp.RequireChainOK(t, app)
}

func TestAuditSignIns(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	recp := testapp.Staff(t, app, "receptionist")

	rec := testapp.Do(t, app, nil, http.MethodPost, "/api/collections/_superusers/auth-with-password",
		`{"identity":"`+recp.Email()+`","password":"Motcua@2026"}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	e := testapp.LastAudit(t, app, "action = 'sign_in'")
	assert.Equal(t, recp.Id, e.ActorID)
	assert.Equal(t, "receptionist", e.ActorRole)
	assert.Equal(t, "password", e.Changed["method"])

	rec = testapp.Do(t, app, nil, http.MethodPost, "/api/collections/_superusers/auth-with-password",
		`{"identity":"`+recp.Email()+`","password":"sai-mat-khau"}`)
	require.Equal(t, 400, rec.Code, rec.Body.String())
	e = testapp.LastAudit(t, app, "action = 'sign_in_failed'")
	assert.Equal(t, actor.TypeGuest, e.ActorType)
	assert.Equal(t, recp.Email(), e.ActorEmail)
	assert.Equal(t, recp.Id, e.RecordID)
	assert.NotContains(t, e.Changes, "sai-mat-khau")
	testapp.RequireChainOK(t, app)
}

func TestAuditGoCodeActors(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()

	s := testapp.NewSector(t, app, "Lĩnh vực Go")
	require.NoError(t, app.Save(s))
	e := testapp.LastAudit(t, app, "record_id = '"+s.Id+"'")
	assert.Equal(t, actor.TypeSystem, e.ActorType)

	leader := testapp.Staff(t, app, "leader")
	s.Set("code", "GO")
	require.NoError(t, app.SaveWithContext(actor.NewContext(t.Context(), actor.Staff(leader)), s))
	e = testapp.LastAudit(t, app, "record_id = '"+s.Id+"'")
	assert.Equal(t, leader.Id, e.ActorID)

	// A job's work done through AsActor, and saves nested in its transaction.
	job := actor.AsActor(app, actor.System("nightly"))
	a, b := testapp.NewSector(t, app, "Lĩnh vực đêm A"), testapp.NewSector(t, app, "Lĩnh vực đêm B")
	require.NoError(t, app.RunInTransaction(func(tx core.App) error {
		if err := actor.AsActor(tx, actor.System("nightly")).Save(a); err != nil {
			return err
		}
		// A save that names no actor (as a cascade does), in the same
		// transaction: it inherits the transaction's actor.
		return tx.Save(b)
	}))
	c := testapp.NewSector(t, app, "Lĩnh vực đêm C")
	require.NoError(t, job.Save(c))
	e = testapp.LastAudit(t, app, "record_id = '"+c.Id+"'")
	assert.Equal(t, "nightly", e.ActorName)
	for _, id := range []string{a.Id, b.Id} {
		e := testapp.LastAudit(t, app, "record_id = '"+id+"'")
		assert.Equal(t, actor.TypeSystem, e.ActorType)
		assert.Equal(t, "nightly", e.ActorName)
	}
	testapp.RequireChainOK(t, app)
}

func TestAuditCronJob(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	var found bool
	for _, j := range app.Cron().Jobs() {
		if j.Id() == audit.VerifyJob {
			found = true
			j.Run()
		}
	}
	require.True(t, found, "the daily verification is registered with app.Cron()")
	e := testapp.LastAudit(t, app, "")
	assert.Equal(t, audit.ActionVerify, e.Action)
	assert.Equal(t, actor.TypeSystem, e.ActorType)
	assert.Equal(t, audit.VerifyJob, e.ActorName)
	assert.Equal(t, true, e.Changed["ok"])
	assert.Equal(t, float64(e.Seq-1), e.Changed["head_seq"])
}

func TestAuditCLI(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	out, err := cli.Run(t, app, "staff", "add", "canbo.moi@ninhxuan.example", "Mat-khau-dai-2026", "--role", "specialist", "--name", "Cán bộ Mới")
	require.NoError(t, err, out)
	e := testapp.LastAudit(t, app, "collection = '_superusers' AND action = 'create'")
	assert.Equal(t, actor.TypeCLI, e.ActorType)
	assert.Equal(t, "staff add", e.ActorName)
	assert.Equal(t, map[string]any{"after": "[redacted]"}, e.Changed["password"])
	assert.NotContains(t, e.Changes, "Mat-khau-dai")

	out, err = cli.Run(t, app, "audit", "verify")
	require.NoError(t, err, out)
	seq, hash, err := audit.Head(app)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("#%d %s", seq, hash))

	out, err = cli.Run(t, app, "audit", "verify", "--json")
	require.NoError(t, err, out)
	var res map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, true, res["ok"])
	assert.Equal(t, float64(seq), res["head_seq"])
	assert.Equal(t, hash, res["head_hash"])
	assert.Equal(t, float64(testapp.AuditCount(t, app)), res["entries"])
}

func TestAuditRefusals(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	first := testapp.LastAudit(t, app, "seq = 1")
	admin := testapp.Auth(t, app, "admin")

	for _, c := range []struct{ method, url, body string }{
		{http.MethodPost, "/api/collections/audit_log/records", `{"seq":999999,"at":"x","action":"create","hash":"x"}`},
		{http.MethodPatch, "/api/collections/audit_log/records/" + recordIDOf(t, app, 1), `{"action":"x"}`},
		{http.MethodDelete, "/api/collections/audit_log/records/" + recordIDOf(t, app, 1), ``},
		{http.MethodDelete, "/api/collections/audit_log/truncate", ``},
		{http.MethodPatch, "/api/collections/audit_log", `{"listRule":""}`},
		{http.MethodDelete, "/api/collections/audit_log", ``},
		{http.MethodPost, "/api/sql", `{"query":"DELETE FROM audit_log"}`},
	} {
		rec := testapp.Do(t, app, admin, c.method, c.url, c.body)
		assert.True(t, rec.Code >= 400 && rec.Code < 500, "%s %s: %d %s", c.method, c.url, rec.Code, rec.Body.String())
	}
	rec := testapp.Do(t, app, admin, http.MethodPost, "/api/sql", `{"query":"select 1"}`)
	assert.Equal(t, 403, rec.Code)
	assert.Contains(t, rec.Body.String(), "Bảng điều khiển SQL đã bị khóa")

	// Go code.
	r, err := app.FindFirstRecordByFilter("audit_log", "seq = 1")
	require.NoError(t, err)
	r.Set("action", "forged")
	assert.Error(t, app.Save(r))
	assert.Error(t, app.Delete(r))
	c, err := app.FindCollectionByNameOrId("audit_log")
	require.NoError(t, err)
	forged := core.NewRecord(c)
	forged.Set("seq", 999999)
	forged.Set("at", "x")
	forged.Set("action", "create")
	forged.Set("hash", "x")
	assert.Error(t, app.Save(forged))
	c.ListRule = new(string)
	assert.Error(t, app.Save(c))
	c, _ = app.FindCollectionByNameOrId("audit_log")
	assert.Error(t, app.Delete(c))
	assert.Error(t, app.TruncateCollection(c))

	// Raw SQL.
	_, err = app.DB().NewQuery("UPDATE audit_log SET action = 'forged' WHERE seq = 1").Execute()
	assert.ErrorContains(t, err, "chỉ được ghi thêm")
	_, err = app.DB().NewQuery("DELETE FROM audit_log").Execute()
	assert.ErrorContains(t, err, "chỉ được ghi thêm")

	assert.Equal(t, first.Entry, testapp.LastAudit(t, app, "seq = 1").Entry, "the first entry is untouched")
	testapp.RequireChainOK(t, app)
}

func recordIDOf(t *testing.T, app core.App, seq int) string {
	var id string
	require.NoError(t, app.DB().NewQuery(fmt.Sprintf("SELECT id FROM audit_log WHERE seq = %d", seq)).Row(&id))
	return id
}

func TestAuditAtomicity(t *testing.T) {
	t.Run("entry cannot be written: the change rolls back", func(t *testing.T) {
		app := testapp.New(t)
		defer app.Cleanup()
		before := testapp.AuditCount(t, app)
		_, err := app.DB().NewQuery(`CREATE TEMP TRIGGER audit_fail BEFORE INSERT ON main.audit_log
			BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END`).Execute()
		require.NoError(t, err)

		s := testapp.NewSector(t, app, "Không được lưu")
		assert.ErrorContains(t, app.Save(s), "injected audit failure")
		n, err := app.CountRecords("sectors", dbxName("Không được lưu"))
		require.NoError(t, err)
		assert.Zero(t, n, "the change rolled back with its entry")

		rec := testapp.Do(t, app, testapp.Auth(t, app, "leader"), http.MethodPost,
			"/api/collections/sectors/records", `{"name":"Không được lưu API"}`)
		assert.GreaterOrEqual(t, rec.Code, 400, rec.Body.String())
		n, err = app.CountRecords("sectors", dbxName("Không được lưu API"))
		require.NoError(t, err)
		assert.Zero(t, n)
		assert.Equal(t, before, testapp.AuditCount(t, app))
	})

	t.Run("a later failure rolls back the entry", func(t *testing.T) {
		app := testapp.New(t)
		defer app.Cleanup()
		before := testapp.AuditCount(t, app)
		failing := app.OnRecordCreate("sectors").BindFunc(func(e *core.RecordEvent) error {
			return e.App.RunInTransaction(func(tx core.App) error {
				e.App = tx
				if err := e.Next(); err != nil {
					return err
				}
				var n int64
				// The entry is there, inside the transaction...
				if err := tx.DB().NewQuery("SELECT count(*) FROM audit_log WHERE record_id = {:id}").
					Bind(map[string]any{"id": e.Record.Id}).Row(&n); err != nil || n != 1 {
					return fmt.Errorf("entry not written in the transaction: %d %v", n, err)
				}
				return errors.New("injected later failure")
			})
		})
		s := testapp.NewSector(t, app, "Hỏng sau")
		assert.ErrorContains(t, app.Save(s), "injected later failure")
		// ...and gone with the change.
		assert.Equal(t, before, testapp.AuditCount(t, app))
		n, err := app.CountRecords("sectors", dbxName("Hỏng sau"))
		require.NoError(t, err)
		assert.Zero(t, n)
		testapp.RequireChainOK(t, app)
		// The next entry links to the committed head, not to the rolled-back one.
		app.OnRecordCreate("sectors").Unbind(failing)
		require.NoError(t, app.Save(testapp.NewSector(t, app, "Lưu được sau đó")))
		res := testapp.RequireChainOK(t, app)
		assert.Equal(t, before+1, res.Entries)
	})
}

// TestAuditChainHeadShared: the head of the chain is kept in memory between
// writes; entries appended by another process on the same data dir (a CLI
// command while the server runs) must not fork the chain.
func TestAuditChainHeadShared(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	require.NoError(t, app.Save(testapp.NewSector(t, app, "Trước lệnh")))
	// Another process: reads the head from the file and appends two entries.
	for i := range 2 {
		var seq int64
		var prev string
		require.NoError(t, app.DB().NewQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Row(&seq, &prev))
		en := auditchain.Entry{At: "2026-11-27T08:00:00.000Z", ActorType: "cli", ActorName: "motcua staff",
			Action: "create", Collection: "sectors", RecordID: fmt.Sprintf("other%d", i), Changes: "{}"}
		auditchain.Seal(&en, seq, prev)
		_, err := app.DB().Insert("audit_log", dbx.Params{"id": fmt.Sprintf("otherprocess%03d", i), "seq": en.Seq,
			"at": en.At, "actor_type": en.ActorType, "actor_name": en.ActorName, "action": en.Action,
			"collection": en.Collection, "record_id": en.RecordID, "changes": en.Changes,
			"prev_hash": en.PrevHash, "hash": en.Hash}).Execute()
		require.NoError(t, err)
	}
	require.NoError(t, app.Save(testapp.NewSector(t, app, "Sau lệnh")))
	res := testapp.RequireChainOK(t, app)
	assert.Equal(t, res.Entries, res.HeadSeq, "no gap, no fork")
	last := testapp.LastAudit(t, app, "")
	assert.Equal(t, "sectors", last.Collection)
	assert.NotEqual(t, "cli", last.ActorType, "the server's entry comes after the other process's")
}

func TestAuditConcurrentWriters(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	before := testapp.AuditCount(t, app)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- app.Save(testapp.NewSector(t, app, fmt.Sprintf("Lĩnh vực song song %02d", i)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	res := testapp.RequireChainOK(t, app)
	assert.Equal(t, before+50, res.Entries)
	assert.Equal(t, res.Entries, res.HeadSeq)
}

func TestAuditTamperingIsDetected(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	for i := range 5 {
		require.NoError(t, app.Save(testapp.NewSector(t, app, fmt.Sprintf("Lĩnh vực %d", i))))
	}
	head := testapp.RequireChainOK(t, app)
	anchor := auditchain.Head{Seq: head.HeadSeq, Hash: head.HeadHash}

	// Someone with the database file drops the triggers first.
	_, err := app.DB().NewQuery("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete").Execute()
	require.NoError(t, err)

	mid := head.HeadSeq - 3
	_, err = app.DB().NewQuery(fmt.Sprintf("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = %d", mid)).Execute()
	require.NoError(t, err)
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Equal(t, mid, res.FirstBadSeq)

	out, err := cli.Run(t, app, "audit", "verify", "--json")
	require.Error(t, err)
	var j map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &j), out)
	assert.Equal(t, false, j["ok"])
	assert.Equal(t, float64(mid), j["first_bad_seq"])

	// Restore the field, then cut the tail: valid alone, caught by the anchor.
	_, err = app.DB().NewQuery(fmt.Sprintf("UPDATE audit_log SET actor_name = '' WHERE seq = %d", mid)).Execute()
	require.NoError(t, err)
	_, err = app.DB().NewQuery(fmt.Sprintf("DELETE FROM audit_log WHERE seq > %d", head.HeadSeq-2)).Execute()
	require.NoError(t, err)
	res, err = audit.VerifyAudit(app)
	require.NoError(t, err)
	assert.True(t, res.OK, "a truncated chain verifies by itself")
	res, err = audit.VerifyAudit(app, anchor)
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Equal(t, anchor.Seq, res.FirstBadSeq)
	assert.True(t, strings.Contains(res.Reason, "truncated"), res.Reason)
}

// The check reads an entry's fields joined by U+001F; fields that contain
// that character are read one by one, and still checked.
func TestAuditVerifyFieldsHoldingTheSeparator(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	odd := actor.Actor{Type: actor.TypeSystem, Name: "\x1fviệc\x1f đêm\x1f", UserAgent: "a\x1f\x1fb"}
	require.NoError(t, actor.AsActor(app, odd).Save(testapp.NewSector(t, app, "Lĩnh vực \x1f lạ")))
	require.NoError(t, app.Save(testapp.NewSector(t, app, "Lĩnh vực thường")))
	head := testapp.RequireChainOK(t, app)
	var seq int64
	require.NoError(t, app.DB().NewQuery("SELECT seq FROM audit_log WHERE actor_name = {:n}").
		Bind(map[string]any{"n": odd.Name}).Row(&seq))

	_, err := app.DB().NewQuery("DROP TRIGGER audit_log_no_update").Execute()
	require.NoError(t, err)
	_, err = app.DB().NewQuery("UPDATE audit_log SET actor_name = {:n} WHERE seq = {:s}").
		Bind(map[string]any{"n": "\x1fviệc\x1f ngày\x1f", "s": seq}).Execute()
	require.NoError(t, err)
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	assert.False(t, res.OK, "an edit is caught in a field read alone")
	assert.Equal(t, seq, res.FirstBadSeq)
	assert.Less(t, seq, head.HeadSeq)
}

func TestAuditDossierHistory(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d, err := app.FindFirstRecordByFilter("dossiers", "status = 'processing'")
	require.NoError(t, err)
	d.Set("note", "Ghi chú kiểm toán")
	require.NoError(t, app.SaveWithContext(actor.NewContext(t.Context(), actor.Staff(testapp.Staff(t, app, "leader"))), d))

	rec := testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodGet, "/api/motcua/dossiers/"+d.Id+"/history", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var body struct {
		Entries []struct {
			Seq        int64
			Action     string
			Collection string
			RecordID   string `json:"record_id"`
		}
		HeadSeq int64 `json:"head_seq"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	require.NotEmpty(t, body.Entries)
	var updated, events bool
	for _, e := range body.Entries {
		updated = updated || (e.Collection == "dossiers" && e.RecordID == d.Id && e.Action == "update")
		events = events || e.Collection == "dossier_events"
		assert.True(t, e.Collection == "dossier_events" || e.RecordID == d.Id, "only this dossier's history")
	}
	assert.True(t, updated, "the change just made is listed")
	assert.True(t, events, "the dossier's events are listed")
	for i := 1; i < len(body.Entries); i++ {
		assert.Greater(t, body.Entries[i-1].Seq, body.Entries[i].Seq)
	}
	assert.GreaterOrEqual(t, body.HeadSeq, body.Entries[0].Seq)

	rec = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/"+d.Id+"/history", "")
	assert.Equal(t, 401, rec.Code)
}

func dbxName(name string) dbx.Expression { return dbx.HashExp{"name": name} }

// An intake writes its audit entries in the order things happened: the
// dossier, then its first event, in one transaction.
func TestAuditIntakeOrder(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Thứ Tự"}`, testapp.ProcedureID(t, app, "1.004873"))
	res := testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodPost, "/api/collections/dossiers/records", body)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	all := testapp.AuditEntries(t, app, "")
	require.GreaterOrEqual(t, len(all), 2)
	d, ev := all[len(all)-2], all[len(all)-1]
	assert.Equal(t, "dossiers", d.Collection)
	assert.Equal(t, "dossier_events", ev.Collection)
	assert.Equal(t, d.RecordID, ev.Changed["dossier"].(map[string]any)["after"], "the event of that dossier")
	assert.Equal(t, d.Seq+1, ev.Seq)
	testapp.RequireChainOK(t, app)
}
