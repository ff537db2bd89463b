// Package audit owns the audit log: its entries, the chain and its checks, the
// anchor outside the database, backups' entries, the fail-closed readiness,
// the permanent collections and the guard against a newer schema.
//
// The audit log (nhật ký kiểm toán): every create, update and delete of every
// collection, system ones included (_superusers, _params settings,
// _collections schema changes, _authOrigins, _mfas, _otps, ...), plus staff
// sign-ins, failed sign-ins (folded: signin.go), backups created, uploaded,
// downloaded, deleted and restored (audit_backups.go), and the daily chain
// check (checked against the anchor outside the database: audit_anchor.go),
// each as one `audit_log` entry written in the same transaction as the
// change. When the log is not ready to take entries, every write is refused
// (audit_ready.go): the audit fails closed.
//
// # Atomicity
//
// The entry is written by OnModelCreateExecute / OnModelUpdateExecute /
// OnModelDeleteExecute handlers bound before PocketBase's own (priority -100):
// they open a transaction (or join the caller's), run the write, then insert
// the entry with raw SQL through the transaction. If the entry cannot be
// written, the change rolls back and the caller gets the error; a change that
// rolls back takes its entry with it. Raw SQL is used rather than tx.Save: it
// does not recurse into these hooks, it is several times cheaper, and the
// `changes` JSON is stored byte for byte as it was hashed (a JSON field would
// re-encode it).
//
// # Actor
//
// Who made a change: see hooks/actor.
//
// # Not logged
//
// The auxiliary database (request logs, `_logs`), audit_log itself, and
// auth token refreshes (not a sign-in).
//
// # Append-only
//
// Entries cannot be created, updated or deleted through the API, the admin
// UI or Go code (model hooks), nor updated or deleted with raw SQL (SQLite
// triggers, migration 1795824100); the collection cannot be changed or
// deleted, and the SQL console /api/sql is closed for everyone.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/actor"
	"motcua/hooks/kit"
	"motcua/internal/access"
	"motcua/internal/auditchain"
)

// Collection is the name of the audit log collection.
const Collection = "audit_log"

const auditCollectionID = "mc_audit_log"

// Audit actions besides create, update and delete.
const (
	ActionSignIn         = "sign_in"
	ActionSignInFailed   = "sign_in_failed"
	ActionSignInPending  = "sign_in_mfa_pending"
	ActionBackupCreate   = "backup_create"
	ActionBackupRestore  = "backup_restore"
	ActionBackupUpload   = "backup_upload"
	ActionBackupDownload = "backup_download"
	ActionBackupDelete   = "backup_delete"
	ActionVerify         = "verify"
	// ActionRestoreAt is a point-in-time restore from the replica
	// (`motcua restore --at`, written by package replica).
	ActionRestoreAt = "replica_restore_at"
)

// VerifyJob is the id of the daily cron job that verifies the chain and
// records the head in the log.
const VerifyJob = "audit_verify"

const redacted = "[redacted]"

// auditInstalled reports whether the audit hooks write entries in app's
// data dir (see Check): false only before the audit's migrations have
// run. It answers from the last check when there is one.
func auditInstalled(app core.App) bool {
	if st, ok := app.Store().Get(auditReadyKey).(*auditReadiness); ok {
		st.mu.Lock()
		checked, err := st.checked, st.err
		st.mu.Unlock()
		if checked {
			return err != ErrAuditNotInstalled
		}
	}
	return Check(app) != ErrAuditNotInstalled
}

func RegisterAudit(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "motcuaAuditActor",
			Priority: kit.PriorityAfterAuthToken,
			Func: func(e *core.RequestEvent) error {
				if p := e.Request.URL.Path; p == "/api/sql" || strings.HasPrefix(p, "/api/sql/") {
					return e.ForbiddenError("Bảng điều khiển SQL đã bị khóa cho mọi tài khoản, kể cả quản trị: "+
						"mọi thay đổi dữ liệu phải qua ứng dụng để được ghi nhật ký kiểm toán.", nil)
				}
				if err := refuseWritesWhenAuditNotReady(e); err != nil {
					return err
				}
				e.App = actor.AsActor(e.App, actor.Request(e))
				return e.Next()
			},
		})
		se.Router.GET("/api/motcua/dossiers/{id}/history", dossierHistory).BindFunc(kit.RequireStaff(access.Roles...))
		return se.Next()
	})

	actor.RegisterActorCarry(app)

	app.OnModelCreateExecute().Bind(&hook.Handler[*core.ModelEvent]{Id: "motcuaAudit", Func: auditModel("create"), Priority: kit.PriorityAuditEntry})
	app.OnModelUpdateExecute().Bind(&hook.Handler[*core.ModelEvent]{Id: "motcuaAudit", Func: auditModel("update"), Priority: kit.PriorityAuditEntry})
	app.OnModelDeleteExecute().Bind(&hook.Handler[*core.ModelEvent]{Id: "motcuaAudit", Func: auditModel("delete"), Priority: kit.PriorityAuditEntry})

	app.Store().Set(actor.ChainHeadKey, &actor.ChainHeads{})
	app.Store().Set(auditReadyKey, &auditReadiness{})
	registerAuditGuards(app)
	registerAuditEvents(app)
}

// registerAuditGuards makes the log append-only for everyone.
func registerAuditGuards(app core.App) {
	refuseModel := func(verb string) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			return errors.New("nhật ký kiểm toán chỉ được ghi thêm bởi hệ thống: không được " + verb + " mục nhật ký")
		}
	}
	app.OnRecordCreate(auditCollectionID, Collection).BindFunc(refuseModel("tạo"))
	app.OnRecordUpdate(auditCollectionID, Collection).BindFunc(refuseModel("sửa"))
	app.OnRecordDelete(auditCollectionID, Collection).BindFunc(refuseModel("xóa"))

	refuseRequest := func(verb string) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error {
			return e.ForbiddenError("Nhật ký kiểm toán chỉ được ghi thêm bởi hệ thống: không ai được "+verb+" mục nhật ký, kể cả quản trị.", nil)
		}
	}
	app.OnRecordCreateRequest(auditCollectionID, Collection).BindFunc(refuseRequest("tạo"))
	app.OnRecordUpdateRequest(auditCollectionID, Collection).BindFunc(refuseRequest("sửa"))
	app.OnRecordDeleteRequest(auditCollectionID, Collection).BindFunc(refuseRequest("xóa"))

	refuseCollection := func(verb string) func(e *core.CollectionEvent) error {
		return func(e *core.CollectionEvent) error {
			return errors.New("không được " + verb + " bảng nhật ký kiểm toán (audit_log)")
		}
	}
	app.OnCollectionUpdate(auditCollectionID, Collection).BindFunc(refuseCollection("sửa"))
	app.OnCollectionDelete(auditCollectionID, Collection).BindFunc(refuseCollection("xóa"))
}

// registerAuditEvents records what is not a model change: sign-ins, backups
// and the daily chain check.
func registerAuditEvents(app core.App) {
	app.OnRecordAuthRequest().BindFunc(func(e *core.RecordAuthRequestEvent) error {
		a := actor.Request(e.RequestEvent)
		if e.Record != nil {
			ip, ua := a.IP, a.UserAgent
			a = actor.Staff(e.Record)
			a.IP, a.UserAgent = ip, ua
		}
		action, facts := ActionSignIn, map[string]any{"method": e.AuthMethod}
		switch mfa := kit.MFAStep(e); mfa {
		case "pending":
			// The password was right; the e-mailed code is still to come.
			action = ActionSignInPending
		case "completed":
			facts["mfa"] = true
		}
		en := EntryFor(a, action, e.Collection.Name, recordID(e.Record), facts)
		if e.Collection.MFA.Enabled && !kit.WantsAdminMFA(e) {
			// MFA is for the admin: PocketBase asks for no second step
			// when the method is empty.
			e.AuthMethod = ""
		}
		// Written before the token is sent: no sign-in without its entry.
		if err := AppendEntry(e.App, en); err != nil {
			return entryError(e.RequestEvent, err, "Không ghi được nhật ký đăng nhập.")
		}
		return e.Next()
	})

	registerBackupAudit(app)

	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if err := restoredEntry(e.App); err != nil {
			// A restored database whose audit is not ready still starts,
			// refusing every write (audit_ready.go), so that the admin
			// can restore another backup; the entry is kept in the log.
			e.App.Logger().Error("audit: restore entry not written", "error", err)
		}
		return nil
	})

	app.Cron().MustAdd(VerifyJob, "30 1 * * *", func() {
		if err := RunAuditVerifyJob(app); err != nil {
			app.Logger().Error("audit: daily verification", "error", err)
		}
	})
}

const restoreEnv = "MOTCUA_AUDIT_RESTORED"

// restoredEntry writes, after a restore, the restore entry into the restored
// database, so that its chain shows the restore too.
func restoredEntry(app core.App) error {
	raw := os.Getenv(restoreEnv)
	if raw == "" || !auditInstalled(app) {
		return nil
	}
	os.Unsetenv(restoreEnv)
	var en auditchain.Entry
	if err := json.Unmarshal([]byte(raw), &en); err != nil {
		return nil
	}
	en.Changes = strings.TrimSuffix(en.Changes, "}") + `,"restored":true}`
	if err := AppendEntry(app, &en); err != nil {
		return fmt.Errorf("restore entry %s: %w", en.Changes, err)
	}
	return nil
}

// RunAuditVerifyJob is the daily job: it verifies the whole chain against
// the office's anchor (audit_anchor.json, see audit_anchor.go) and appends an
// entry with the result, the head it found and the anchor, so that the log
// itself shows when it was last checked; when the chain is intact the head
// becomes the new anchor. It returns an error when the chain is broken.
func RunAuditVerifyJob(app core.App) error {
	anchor, hasAnchor, err := ReadAnchor(app)
	if err != nil {
		return err
	}
	res, err := VerifyAnchored(app)
	if err != nil {
		return err
	}
	facts := struct {
		auditchain.Result
		Anchor *Anchor `json:"anchor,omitempty"`
	}{Result: res}
	if hasAnchor {
		facts.Anchor = &anchor
	}
	en := EntryFor(actor.System(VerifyJob), ActionVerify, Collection, "", facts)
	if err := AppendEntry(app, en); err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit chain broken at entry %d: %s", res.FirstBadSeq, res.Reason)
	}
	return advanceAnchor(app, res)
}

// entryError is what a request gets when its audit entry cannot be written:
// the audit's own refusal (Check) as it is, otherwise msg.
func entryError(e *core.RequestEvent, err error, msg string) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	return e.InternalServerError(msg, err)
}

func recordID(r *core.Record) string {
	if r == nil {
		return ""
	}
	return r.Id
}

func EntryFor(a actor.Actor, action, collection, recordID string, changes any) *auditchain.Entry {
	raw, err := json.Marshal(changes)
	if err != nil {
		raw = []byte(`{}`)
	}
	return &auditchain.Entry{
		At: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), ActorType: a.Type, ActorID: a.ID,
		ActorEmail: a.Email, ActorRole: a.Role, ActorName: a.Name, IP: a.IP, UserAgent: a.UserAgent,
		Action: action, Collection: collection, RecordID: recordID, Changes: string(raw),
	}
}

// AppendEntry writes one entry in its own transaction (or the caller's);
// it fails when the audit is not ready (see Check).
func AppendEntry(app core.App, en *auditchain.Entry) error {
	return app.RunInTransaction(func(tx core.App) error {
		switch err := Check(tx); {
		case err == ErrAuditNotInstalled:
			return nil
		case err != nil:
			return err
		}
		return WriteEntry(tx, en)
	})
}

// WriteEntry links en after the current head and inserts it. It must run in
// a transaction: the single write connection serialises writers, so the head
// read here is still the head at the insert.
func WriteEntry(tx core.App, en *auditchain.Entry) error {
	heads, _ := tx.Store().Get(actor.ChainHeadKey).(*actor.ChainHeads)
	seq, prev, known := heads.Head(tx)
	for {
		if !known {
			err := tx.NonconcurrentDB().NewQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Row(&seq, &prev)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("audit: read chain head: %w", err)
			}
		}
		auditchain.Seal(en, seq, prev)
		_, err := tx.NonconcurrentDB().Insert(Collection, dbx.Params{
			"id": auditID(en.Seq), "seq": en.Seq, "at": en.At,
			"actor_type": en.ActorType, "actor_id": en.ActorID, "actor_email": en.ActorEmail, "actor_role": en.ActorRole,
			"actor_name": en.ActorName, "ip": en.IP, "user_agent": en.UserAgent, "action": en.Action,
			"collection": en.Collection, "record_id": en.RecordID, "changes": en.Changes,
			"prev_hash": en.PrevHash, "hash": en.Hash,
		}).Execute()
		if err != nil && known && kit.IsUniqueViolation(err) {
			// Another process (a CLI command) appended since this one last
			// wrote: the unique seq refused the fork; read the real head
			// (once: known stays false).
			known = false
			continue
		}
		if err != nil {
			return fmt.Errorf("audit: write entry: %w", err)
		}
		heads.Advance(tx, en.Seq, en.Hash)
		return nil
	}
}

// auditID is an entry's record id: its seq in base 36, zero-padded to
// PocketBase's 15 characters, so that new entries go to one end of the id
// index instead of a random page of it.
func auditID(seq int64) string { return Base36(seq, 15) }

// Base36 writes n in base 36, zero-padded to width.
func Base36(n int64, width int) string {
	s := strconv.FormatInt(n, 36)
	return strings.Repeat("0", max(0, width-len(s))) + s
}

// auditModel is the execute hook of one action: the write and its entry in
// one transaction.
func auditModel(action string) func(e *core.ModelEvent) error {
	return func(e *core.ModelEvent) error {
		table := e.Model.TableName()
		if table == Collection || table == core.LogsTableName {
			return e.Next()
		}
		who := actor.ResolveActor(e.App, e.Context)
		orig, ctx := e.App, e.Context
		defer func() { e.App, e.Context = orig, ctx }()
		return e.App.RunInTransaction(func(tx core.App) error {
			switch err := Check(tx); {
			case err == ErrAuditNotInstalled:
				e.App = tx
				return e.Next()
			case err != nil:
				// Fail closed: no change without its entry.
				return err
			}
			actor.BindTxActor(tx, who)
			// Later hooks save through the transaction under the actor, and
			// may leave the writes that must follow this entry.
			txa := actor.AsActor(tx, who)
			e.App = txa
			after := &AfterEntry{model: e.Model}
			e.Context = context.WithValue(e.Context, afterEntryKey{}, after)
			rec := asRecord(e.Model)
			var changes map[string]any
			var before dbx.NullStringMap
			switch {
			case rec != nil && action != "create":
				changes = recordChanges(rec, action)
			case rec == nil && action != "create":
				before = readRow(tx, table, e.Model.LastSavedPK())
			}
			if err := e.Next(); err != nil {
				return err
			}
			en := &auditchain.Entry{}
			switch {
			case rec != nil:
				if action == "create" {
					changes = recordChanges(rec, action)
				}
				*en = *EntryFor(who, action, rec.Collection().Name, rec.Id, changes)
			default:
				var after dbx.NullStringMap
				if action != "delete" {
					after = readRow(tx, table, e.Model.PK())
				}
				*en = *EntryFor(who, action, table, fmt.Sprint(e.Model.PK()), rowChanges(tx, table, before, after))
			}
			if err := WriteEntry(tx, en); err != nil {
				return err
			}
			if after.Then != nil {
				return after.Then(txa)
			}
			return nil
		})
	}
}

// AfterEntry holds, in the save context of a model, the writes that belong
// to the same change and must follow its audit entry in the chain (a
// dossier's first event). The audit hook puts it there and runs them in the
// change's transaction; a hook of the change leaves them (AfterEntryOf).
type AfterEntry struct {
	model core.Model
	Then  func(tx core.App) error
}

type afterEntryKey struct{}

// AfterEntryOf is where the change of m, saved with ctx, leaves the writes
// that follow its audit entry; nil when no audit entry is being written for
// m (the audit not installed yet).
func AfterEntryOf(ctx context.Context, m core.Model) *AfterEntry {
	if a, ok := ctx.Value(afterEntryKey{}).(*AfterEntry); ok && a.model == m {
		return a
	}
	return nil
}

func asRecord(m core.Model) *core.Record {
	switch v := m.(type) {
	case *core.Record:
		return v
	case core.RecordProxy:
		return v.ProxyRecord()
	}
	return nil
}

// isSecret reports whether a field or setting name holds a secret whose value
// must never reach the log.
func isSecret(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"password", "secret", "token", "privatekey", "apikey"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// recordChanges lists a record's fields: all non-empty ones for a create or a
// delete, the changed ones (changedFields) with before and after for an
// update. Passwords, token keys and other secrets appear only as "[redacted]".
func recordChanges(r *core.Record, action string) map[string]any {
	out := map[string]any{}
	fields := r.Collection().Fields
	if action != "create" && action != "delete" {
		orig := r.Original()
		for _, name := range kit.ChangedFields(r, orig) {
			f := fields.GetByName(name)
			if _, auto := f.(*core.AutodateField); auto {
				continue
			}
			a, b := orig.Get(name), r.Get(name)
			if f.Type() == core.FieldTypePassword || isSecret(name) {
				a, b = redacted, redacted
			}
			out[name] = map[string]any{"before": a, "after": b}
		}
		return out
	}
	src, key := r, "after"
	if action == "delete" {
		src, key = r.Original(), "before"
	}
	for _, f := range fields {
		name := f.GetName()
		v := src.Get(name)
		if f.Type() == core.FieldTypePassword {
			v = kit.PasswordHash(src, name)
		}
		if kit.IsEmptyValue(v) {
			continue
		}
		if f.Type() == core.FieldTypePassword || isSecret(name) {
			v = redacted
		}
		out[name] = map[string]any{key: v}
	}
	return out
}

// readRow reads a stored row of a non-record model (collection schema,
// settings, ...) by primary key; nil when it does not exist.
func readRow(tx core.App, table string, pk any) dbx.NullStringMap {
	row := dbx.NullStringMap{}
	err := tx.NonconcurrentDB().Select("*").From(table).Where(dbx.HashExp{"id": pk}).Limit(1).One(&row)
	if err != nil {
		return nil
	}
	return row
}

// rowChanges compares two stored rows column by column. JSON columns are
// compared key by key (settings flattened to dotted paths, secrets
// redacted); the settings value is decrypted first when PocketBase encrypts
// it.
func rowChanges(tx core.App, table string, before, after dbx.NullStringMap) map[string]any {
	flat := func(row dbx.NullStringMap) map[string]any {
		out := map[string]any{}
		for col, v := range row {
			if !v.Valid || col == "created" || col == "updated" {
				continue
			}
			s := v.String
			if table == "_params" && col == "value" {
				s = decodeParam(tx, s)
			}
			var parsed any
			if (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) && json.Unmarshal([]byte(s), &parsed) == nil {
				if m, ok := parsed.(map[string]any); ok && table == "_params" {
					flatten(out, col, m)
					continue
				}
				out[col] = parsed
				continue
			}
			out[col] = s
		}
		return out
	}
	b, a := flat(before), flat(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	out := map[string]any{}
	for _, k := range names {
		bv, inB := b[k]
		av, inA := a[k]
		if inB && inA && kit.ValuesEqual(bv, av) {
			continue
		}
		c := map[string]any{}
		if inB {
			c["before"] = bv
		}
		if inA {
			c["after"] = av
		}
		if isSecret(k) {
			for side := range c {
				c[side] = redacted
			}
		}
		out[k] = c
	}
	return out
}

func flatten(out map[string]any, prefix string, m map[string]any) {
	for k, v := range m {
		key := prefix + "." + k
		if sub, ok := v.(map[string]any); ok {
			flatten(out, key, sub)
			continue
		}
		out[key] = v
	}
}

func decodeParam(app core.App, s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	key := os.Getenv(app.EncryptionEnv())
	if key == "" {
		return s
	}
	plain, err := security.Decrypt(s, key)
	if err != nil {
		return s
	}
	return string(plain)
}

// Head returns the seq and hash of the last entry (0 and "" for an
// empty log): the anchor to print on the dossier log and on the
// self-inspection report, and to sign on paper.
func Head(app core.App) (seq int64, hash string, err error) {
	err = app.ConcurrentDB().NewQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Row(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return seq, hash, err
}

// VerifyAudit checks the whole chain, and that it still holds every anchor
// given (heads recorded outside the database). Long logs are checked in
// parallel by seq ranges, each range streamed in seq order; the seams are
// checked when the ranges are joined.
func VerifyAudit(app core.App, anchors ...auditchain.Head) (auditchain.Result, error) {
	// Two subqueries: min() and max() in one SELECT read the whole seq
	// index, each alone reads one end of it.
	var lo, hi sql.NullInt64
	if err := app.ConcurrentDB().NewQuery("SELECT (SELECT min(seq) FROM audit_log), (SELECT max(seq) FROM audit_log)").Row(&lo, &hi); err != nil {
		return auditchain.Result{}, fmt.Errorf("audit: read log: %w", err)
	}
	first := min(lo.Int64, 1)
	parts := int64(runtime.GOMAXPROCS(0))
	if n := hi.Int64 - first + 1; n < 100_000 || parts < 1 {
		parts = 1
	}
	size := (hi.Int64 - first + parts) / parts
	segs := make([]*auditchain.Verifier, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		from, to := first+i*size, first+(i+1)*size-1
		if i == 0 {
			segs[i] = auditchain.NewVerifier(anchors...)
		} else {
			segs[i] = auditchain.NewSegmentVerifier(from, anchors...)
		}
		if i == parts-1 {
			to = math.MaxInt64
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = verifyRange(app, segs[i], from, to, i == 0)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return auditchain.Result{}, err
	}
	return auditchain.Join(segs...), nil
}

// verifyRange streams the entries with seq in [from, to] into v (the first
// range takes everything below too, so that stray low seqs are caught).
func verifyRange(app core.App, v *auditchain.Verifier, from, to int64, first bool) error {
	cond := "seq BETWEEN {:from} AND {:to}"
	if first {
		cond = "seq <= {:to}"
	}
	rows, err := app.ConcurrentDB().NewQuery(`SELECT seq, ` + joinedEntryColumns + `
		FROM audit_log WHERE ` + cond + ` ORDER BY seq`).Bind(dbx.Params{"from": from, "to": to}).Rows()
	if err != nil {
		return fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()
	var e auditchain.Entry
	var joined sql.NullString
	for rows.Next() {
		if err := rows.Scan(&e.Seq, &joined); err != nil {
			return fmt.Errorf("audit: read entry: %w", err)
		}
		if !joined.Valid || !splitEntry(joined.String, &e) {
			// A field holds the separator (or is NULL): read this one
			// column by column.
			fields := entryTextFields(&e)
			dest := make([]any, len(fields))
			for i, f := range fields {
				dest[i] = f
			}
			err := app.ConcurrentDB().NewQuery(`SELECT ` + entryTextColumns + ` FROM audit_log WHERE seq = {:seq}`).
				Bind(dbx.Params{"seq": e.Seq}).Row(dest...)
			if err != nil {
				return fmt.Errorf("audit: read entry %d: %w", e.Seq, err)
			}
		}
		if !v.Add(&e) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: read log: %w", err)
	}
	return nil
}

// entryTextColumns are an entry's text columns, in entryTextFields' order.
const entryTextColumns = `at, actor_type, actor_id, actor_email, actor_role, actor_name, ip, user_agent, action,
	collection, record_id, changes, prev_hash, hash`

// entryTextFields are e's fields of entryTextColumns.
func entryTextFields(e *auditchain.Entry) [14]*string {
	return [...]*string{&e.At, &e.ActorType, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.ActorName, &e.IP,
		&e.UserAgent, &e.Action, &e.Collection, &e.RecordID, &e.Changes, &e.PrevHash, &e.Hash}
}

// joinedEntryColumns reads an entry's text columns as one string, joined by
// the unit separator (U+001F) in one pass (a chain of || copies the string
// so far at every step; a NULL would drop its separator, and splitEntry's
// count then catches it). The pure-Go driver's cost is per column: one
// column instead of fourteen reads the log about 30% faster (BENCHMARKS.md).
const joinedEntryColumns = `concat_ws(char(31), ` + entryTextColumns + `)`

// splitEntry sets e's text fields from a joinedEntryColumns string. It
// returns false unless the string holds exactly the thirteen separators put
// there, that is when no field contains one, so that a split is never wrong.
func splitEntry(s string, e *auditchain.Entry) bool {
	fields := entryTextFields(e)
	if strings.Count(s, "\x1f") != len(fields)-1 {
		return false
	}
	for _, f := range fields[:len(fields)-1] {
		i := strings.IndexByte(s, 0x1f)
		*f, s = s[:i], s[i+1:]
	}
	*fields[len(fields)-1] = s
	return true
}

// historyEntry is one line of a dossier's history.
type historyEntry struct {
	Seq        int64         `db:"seq" json:"seq"`
	At         string        `db:"at" json:"at"`
	ActorType  string        `db:"actor_type" json:"actor_type"`
	ActorID    string        `db:"actor_id" json:"actor_id"`
	ActorEmail string        `db:"actor_email" json:"actor_email"`
	ActorRole  string        `db:"actor_role" json:"actor_role"`
	ActorName  string        `db:"actor_name" json:"actor_name"`
	Action     string        `db:"action" json:"action"`
	Collection string        `db:"collection" json:"collection"`
	RecordID   string        `db:"record_id" json:"record_id"`
	Changes    types.JSONRaw `db:"changes" json:"changes"`
	Hash       string        `db:"hash" json:"hash"`
}

// dossierHistory lists the audit entries of a dossier and of its
// dossier_events, newest first, with the chain head to print beside them.
func dossierHistory(e *core.RequestEvent) error {
	id := e.Request.PathValue("id")
	dossier, err := e.App.FindRecordById("dossiers", id)
	if err != nil {
		return e.NotFoundError("Không tìm thấy hồ sơ.", err)
	}
	var items []historyEntry
	err = e.App.DB().NewQuery(`SELECT seq, at, actor_type, actor_id, actor_email, actor_role, actor_name,
		action, collection, record_id, changes, hash FROM audit_log
		WHERE (collection = 'dossiers' AND record_id = {:id})
		   OR (collection = 'dossier_events' AND record_id IN (SELECT id FROM dossier_events WHERE dossier = {:id}))
		ORDER BY seq DESC`).Bind(dbx.Params{"id": dossier.Id}).All(&items)
	if err != nil {
		return e.InternalServerError("Không đọc được nhật ký của hồ sơ.", err)
	}
	if items == nil {
		items = []historyEntry{}
	}
	seq, hash, err := Head(e.App)
	if err != nil {
		return e.InternalServerError("Không đọc được nhật ký của hồ sơ.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"dossier": dossier.Id, "code": dossier.GetString("code"), "entries": items,
		"head_seq": seq, "head_hash": hash,
	})
}
