package audit_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"motcua/hooks/audit"
	"motcua/testapp"
)

// TestVerifyAuditIncremental: the reports' check reads only the entries
// after the last daily full check, agrees with the full check, catches an
// edit after the checkpoint, and after a failed daily check reads everything.
func TestVerifyAuditIncremental(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()

	// No daily check yet: the whole chain.
	full, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	inc, err := audit.VerifyAuditIncremental(app)
	require.NoError(t, err)
	require.Equal(t, full, inc)

	require.NoError(t, audit.RunAuditVerifyJob(app))
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("chairman", "Nguyễn Văn Kiểm Tra")
	require.NoError(t, app.Save(office))

	full, err = audit.VerifyAudit(app)
	require.NoError(t, err)
	inc, err = audit.VerifyAuditIncremental(app)
	require.NoError(t, err)
	require.True(t, inc.OK, inc.Reason)
	require.Equal(t, full.HeadSeq, inc.HeadSeq)
	require.Equal(t, full.HeadHash, inc.HeadHash)
	require.Equal(t, full.Entries, inc.Entries)

	// An edit after the checkpoint.
	_, err = app.DB().NewQuery("DROP TRIGGER IF EXISTS audit_log_no_update").Execute()
	require.NoError(t, err)
	_, err = app.DB().NewQuery("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = {:s}").
		Bind(map[string]any{"s": full.HeadSeq}).Execute()
	require.NoError(t, err)
	inc, err = audit.VerifyAuditIncremental(app)
	require.NoError(t, err)
	require.False(t, inc.OK)
	require.Equal(t, full.HeadSeq, inc.FirstBadSeq)

	// The next daily check fails and says so in the log: every report then
	// reads the whole chain and names the first bad entry.
	_, err = app.DB().NewQuery("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1").Execute()
	require.NoError(t, err)
	// The editor puts the trigger back (without it every write is refused).
	testapp.ExecSQL(t, app, testapp.NoUpdateTrigger)
	require.Error(t, audit.RunAuditVerifyJob(app))
	inc, err = audit.VerifyAuditIncremental(app)
	require.NoError(t, err)
	require.False(t, inc.OK)
	require.EqualValues(t, 1, inc.FirstBadSeq)
}
