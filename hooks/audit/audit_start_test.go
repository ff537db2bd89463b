package audit_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/hooks/audit"
	"motcua/hooks/sqlite"
	"motcua/testapp"
)

// chainStarts are the chain_start entries of app's audit log: seq, changes.
func chainStarts(t *testing.T, app core.App) map[int64]string {
	rows := []struct {
		Seq     int64  `db:"seq"`
		Changes string `db:"changes"`
	}{}
	require.NoError(t, app.DB().NewQuery("SELECT seq, changes FROM audit_log WHERE action = {:a}").
		Bind(map[string]any{"a": audit.ActionChainStart}).All(&rows))
	out := map[int64]string{}
	for _, r := range rows {
		out[r.Seq] = r.Changes
	}
	return out
}

// An upgrade from a release before the audit log (its schema migration only,
// dossiers written without entries) starts the chain with one entry that
// counts the records before it, per collection; the chain verifies. A data
// dir made with the audit gets no such entry.
func TestUpgradeFromBeforeTheAuditNotesTheRecordsBeforeTheChain(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), EncryptionEnv: "pb_test_env", DBConnect: sqlite.Connect})
	require.NoError(t, app.Bootstrap())
	defer app.ResetBootstrapState()
	// The release before the audit: the schema migration, then dossiers.
	first := core.MigrationsList{}
	for _, m := range core.AppMigrations.Items() {
		if m.File == "1795824000_motcua_schema.go" {
			first.Add(m)
		}
	}
	_, err := core.NewMigrationsRunner(app, first).Up()
	require.NoError(t, err)
	for _, q := range []string{
		"INSERT INTO dossiers (id, code) VALUES ('olddossier00001', 'H15.50.05.13-261101-0001')",
		"INSERT INTO dossiers (id, code) VALUES ('olddossier00002', 'H15.50.05.13-261101-0002')",
		"INSERT INTO dossiers (id, code) VALUES ('olddossier00003', 'H15.50.05.13-261102-0001')",
	} {
		_, err := app.DB().NewQuery(q).Execute()
		require.NoError(t, err)
	}

	// The upgrade: this binary's hooks and migrations.
	hooks.Register(app, testapp.Options())
	require.NoError(t, app.RunAllMigrations())
	starts := chainStarts(t, app)
	require.Len(t, starts, 1, "one chain_start entry")
	var changes struct {
		Message       string           `json:"message"`
		RecordsBefore map[string]int64 `json:"records_before"`
		Total         int64            `json:"total"`
	}
	require.NoError(t, json.Unmarshal([]byte(starts[1]), &changes), "the chain's first entry: %v", starts)
	require.EqualValues(t, 3, changes.RecordsBefore["dossiers"])
	require.Equal(t, "Nhật ký kiểm toán bắt đầu từ đây: "+fmt.Sprint(changes.Total)+" bản ghi có trước (tạo bởi phiên bản chưa có nhật ký) "+
		"không được nhật ký ghi lại.", changes.Message)
	var sum int64
	for _, n := range changes.RecordsBefore {
		sum += n
	}
	require.Equal(t, changes.Total, sum)
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	require.True(t, res.OK, "%+v", res)

	// Once: the next start has nothing to run.
	require.NoError(t, app.RunAllMigrations())
	require.Len(t, chainStarts(t, app), 1)

	demo := testapp.New(t)
	defer demo.Cleanup()
	require.Empty(t, chainStarts(t, demo), "a data dir made with the audit starts no such chain")
}
