package audit

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// The audit fails closed: once Motcua's schema is installed, a write whose
// entry cannot be written with the chain's guarantees is refused, never
// accepted without an entry. "Ready" means the audit_log table exists, its
// append-only triggers exist, and the chain head can be read. A backup
// restored without audit_log, a dropped trigger, or a head that is not a
// hash all make every write fail (with auditNotReadyMessage, logged) until
// the IT officer repairs the data dir.
//
// Before the migrations that create the table and the triggers have run (the
// first start of a new data dir) there is nowhere to write: those writes are
// the migrations' own and go through without entries. Which migrations have
// run is read from PocketBase's _migrations table, so it survives restarts
// and restores; a doctored backup that also drops those rows makes `serve`
// run the schema migration again over its existing collections, which fails,
// and the server does not start.
//
// The check reads the schema only when SQLite's schema_version has changed
// since it was last made: one PRAGMA per write otherwise.

// ErrAuditNotInstalled is Check's answer before the audit's migrations
// have run: write without an entry.
var ErrAuditNotInstalled = errors.New("audit: not installed yet")

// The migrations that create the audit log and make it append-only.
const (
	auditSchemaMigration   = "1795824000_motcua_schema.go"
	auditTriggersMigration = "1795824100_audit_append_only.go"
)

// auditTriggers are the append-only triggers of migration 1795824100.
var auditTriggers = [...]string{"audit_log_no_update", "audit_log_no_delete"}

// auditNotReadyMessage is what the caller of a refused write reads.
const auditNotReadyMessage = "Nhật ký kiểm toán chưa sẵn sàng nên mọi thay đổi dữ liệu đều bị từ chối " +
	"(không có thay đổi nào được ghi mà thiếu nhật ký). Quản trị cần khôi phục nhật ký kiểm toán"

const auditReadyKey = "motcua.auditReady"

// auditReadiness caches the last check per schema version.
type auditReadiness struct {
	mu      sync.Mutex
	checked bool
	version int64
	err     error
}

// Check reports whether entries can be written through app (a
// transaction's app inside one): nil when ready, ErrAuditNotInstalled before
// the audit's migrations, an *router.ApiError (503, in Vietnamese) otherwise.
func Check(app core.App) error { return auditCheckOn(app, app.NonconcurrentDB()) }

// auditCheckOn is Check reading through b (a request's check reads
// through the read pool, not to queue behind writers).
func auditCheckOn(app core.App, b dbx.Builder) error {
	var version int64
	if err := b.NewQuery("PRAGMA schema_version").Row(&version); err != nil {
		return auditNotReady(app, "không đọc được cấu trúc cơ sở dữ liệu: "+err.Error())
	}
	st, _ := app.Store().Get(auditReadyKey).(*auditReadiness)
	if st == nil {
		return checkAuditSchema(app, b)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.checked || st.version != version {
		st.checked, st.version, st.err = true, version, checkAuditSchema(app, b)
	}
	return st.err
}

// refuseWritesWhenAuditNotReady is the request side of failing closed: a
// request that may write (any method but GET, HEAD and OPTIONS; realtime
// subscriptions and backup restores aside) is refused before it starts, with the reason, so that
// the caller reads it whatever the route would have said of a failed save.
func refuseWritesWhenAuditNotReady(e *core.RequestEvent) error {
	switch e.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if p := e.Request.URL.Path; p == "/api/realtime" || strings.HasPrefix(p, "/api/backups/") && strings.HasSuffix(p, "/restore") {
		// A restore replaces the database: it is the repair.
		return nil
	}
	if err := auditCheckOn(e.App, e.App.ConcurrentDB()); err != nil && err != ErrAuditNotInstalled {
		return err
	}
	return nil
}

// checkAuditSchema looks at the table, the triggers and the chain head.
func checkAuditSchema(app core.App, db dbx.Builder) error {
	var files []string
	err := db.NewQuery("SELECT file FROM " + core.DefaultMigrationsTable + " WHERE file IN ({:schema}, {:triggers})").
		Bind(dbx.Params{"schema": auditSchemaMigration, "triggers": auditTriggersMigration}).Column(&files)
	if err != nil {
		// No migrations table: a data dir being created.
		return ErrAuditNotInstalled
	}
	applied := map[string]bool{}
	for _, f := range files {
		applied[f] = true
	}
	if !applied[auditSchemaMigration] {
		if n, err := auditTableCount(db); err != nil || n == 0 {
			return ErrAuditNotInstalled
		}
		// The schema migration is running: the table it has just
		// created takes entries already.
	}
	if n, err := auditTableCount(db); err != nil || n == 0 {
		return auditNotReady(app, "thiếu bảng audit_log (có thể do khôi phục một bản sao lưu không có nhật ký)")
	}
	if applied[auditTriggersMigration] {
		for _, name := range auditTriggers {
			var n int
			if err := db.NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = {:table} AND name = {:name}").
				Bind(dbx.Params{"table": Collection, "name": name}).Row(&n); err != nil || n == 0 {
				return auditNotReady(app, "thiếu trigger chỉ-ghi-thêm "+name+" của bảng audit_log")
			}
		}
	}
	var seq int64
	var hash string
	err = db.NewQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Row(&seq, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return auditNotReady(app, "không đọc được đầu chuỗi nhật ký: "+err.Error())
	case seq < 1 || !isHexHash(hash):
		return auditNotReady(app, fmt.Sprintf("đầu chuỗi nhật ký không hợp lệ (mục #%d)", seq))
	}
	return nil
}

// auditTableCount is 1 when the audit_log table exists, 0 otherwise.
func auditTableCount(db dbx.Builder) (int, error) {
	var n int
	err := db.NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = {:name}").
		Bind(dbx.Params{"name": Collection}).Row(&n)
	return n, err
}

// auditNotReady logs why the audit cannot be written and returns the error
// every refused write gets.
func auditNotReady(app core.App, why string) error {
	app.Logger().Error("audit: not ready, writes are refused", "reason", why)
	return router.NewApiError(http.StatusServiceUnavailable, auditNotReadyMessage+": "+why+".", nil)
}

func isHexHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
