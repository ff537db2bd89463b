package gen_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/bench/gen"
	"motcua/hooks/audit"
)

// TestGenerateSmall keeps the generator honest: a small history must have
// the counts it reports, valid and unique dossier codes, events for every
// dossier, and an audit chain that verifies.
func TestGenerateSmall(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, err := gen.Generate(dir, gen.Config{Dossiers: 1000, Years: 2, Now: now, Seed: 1})
	require.NoError(t, err)
	require.EqualValues(t, 1000, st.Dossiers)
	require.Greater(t, st.Events, st.Dossiers*3)
	require.Greater(t, st.Audit, st.Events)
	require.NotEmpty(t, st.Codes)

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	require.NoError(t, app.Bootstrap())
	defer app.ResetBootstrapState()

	var dossiers, events, distinct, orphans, badStatus int64
	db := app.DB()
	require.NoError(t, db.NewQuery("SELECT count(*), count(DISTINCT code) FROM dossiers").Row(&dossiers, &distinct))
	require.NoError(t, db.NewQuery("SELECT count(*) FROM dossier_events").Row(&events))
	require.NoError(t, db.NewQuery(`SELECT count(*) FROM dossiers d WHERE NOT EXISTS
		(SELECT 1 FROM dossier_events e WHERE e.dossier = d.id)`).Row(&orphans))
	require.NoError(t, db.NewQuery(`SELECT count(*) FROM dossiers WHERE status NOT IN ('submitted','received','refused',
		'processing','supplement_requested','payment_requested','withdrawal_requested','stopped','decided','returned')`).Row(&badStatus))
	require.GreaterOrEqual(t, dossiers, st.Dossiers) // plus the demo commune's own
	require.Equal(t, dossiers, distinct, "dossier codes are unique")
	require.GreaterOrEqual(t, events, st.Events)
	require.Zero(t, orphans, "every dossier has its events")
	require.Zero(t, badStatus)

	var codes []string
	require.NoError(t, db.NewQuery("SELECT code FROM dossiers").Column(&codes))
	re := regexp.MustCompile(`^H15\.50\.05\.13-\d{6}-\d{4}$`)
	for _, c := range codes {
		require.Regexp(t, re, c)
	}
	var late int64
	require.NoError(t, db.NewQuery("SELECT count(*) FROM dossiers WHERE received_at > due_at").Row(&late))
	require.Zero(t, late, "no deadline before its receipt")

	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	require.True(t, res.OK, res.Reason)
	require.Equal(t, st.HeadSeq, res.HeadSeq)
	require.Equal(t, st.HeadHash, res.HeadHash)
}
