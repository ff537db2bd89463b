package testapp

import (
	"encoding/json"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/hooks/audit"
	"motcua/internal/auditchain"
)

// AuditRow is one stored audit entry, as the tests read it: the entry and
// its changes decoded.
type AuditRow struct {
	auditchain.Entry
	Changed map[string]any
}

// AuditEntries returns the audit entries matching the SQL condition where
// ("" for all), in chain order.
func AuditEntries(t testing.TB, app core.App, where string) []AuditRow {
	t.Helper()
	q := `SELECT seq, at, actor_type, actor_id, actor_email, actor_role, actor_name, ip, user_agent, action,
		collection, record_id, changes, prev_hash, hash FROM audit_log`
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := app.DB().NewQuery(q + " ORDER BY seq").Rows()
	require.NoError(t, err)
	defer rows.Close()
	var out []AuditRow
	for rows.Next() {
		var r AuditRow
		e := &r.Entry
		require.NoError(t, rows.Scan(&e.Seq, &e.At, &e.ActorType, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.ActorName,
			&e.IP, &e.UserAgent, &e.Action, &e.Collection, &e.RecordID, &e.Changes, &e.PrevHash, &e.Hash))
		require.NoError(t, json.Unmarshal([]byte(e.Changes), &r.Changed), e.Changes)
		out = append(out, r)
	}
	return out
}

// LastAudit is the latest audit entry matching where; it fails the test if
// there is none.
func LastAudit(t testing.TB, app core.App, where string) AuditRow {
	t.Helper()
	all := AuditEntries(t, app, where)
	require.NotEmpty(t, all, "no audit entry where %s", where)
	return all[len(all)-1]
}

// AuditCount is the number of audit entries.
func AuditCount(t testing.TB, app core.App) int64 {
	var n int64
	require.NoError(t, app.DB().NewQuery("SELECT count(*) FROM audit_log").Row(&n))
	return n
}

// RequireChainOK verifies the audit chain and fails the test if it is broken.
func RequireChainOK(t testing.TB, app core.App) auditchain.Result {
	t.Helper()
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	require.True(t, res.OK, "chain broken at %d: %s", res.FirstBadSeq, res.Reason)
	return res
}

// NewSector returns an unsaved sector named name (a small audited record).
func NewSector(t testing.TB, app core.App, name string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("sectors")
	require.NoError(t, err)
	r := core.NewRecord(c)
	r.Set("name", name)
	return r
}

// NoUpdateTrigger is the SQL of the audit log's trigger that refuses any
// update of an entry, to put back after a test dropped it (as the schema has
// it, pb_migrations).
const NoUpdateTrigger = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	BEGIN SELECT RAISE(ABORT, 'Nhật ký kiểm toán chỉ được ghi thêm: không được sửa mục nhật ký.'); END`

// ExecSQL runs raw SQL on app's database (what someone with the file can do).
func ExecSQL(t testing.TB, app core.App, q string) {
	t.Helper()
	_, err := app.DB().NewQuery(q).Execute()
	require.NoError(t, err, q)
}
