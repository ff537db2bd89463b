package gen_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/bench/gen"
	"motcua/hooks/audit"
)

// TestAddFilesSmall: the digitised papers added to a small history are rows
// whose file is on disk with the recorded size and hash, of a scanned
// paper's size, a result only on decided dossiers, and the audit chain
// still verifies.
func TestAddFilesSmall(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	_, err := gen.Generate(dir, gen.Config{Dossiers: 120, Years: 1, Now: now, Seed: 3})
	require.NoError(t, err)
	st, err := gen.AddFiles(dir, gen.FilesConfig{Dossiers: 100, Seed: 3})
	require.NoError(t, err)
	require.EqualValues(t, 100, st.Dossiers)
	require.Greater(t, st.Papers, st.Dossiers, "a dossier has several papers")
	require.Positive(t, st.Results)
	require.GreaterOrEqual(t, st.Pages, st.Papers+st.Results)

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	require.NoError(t, app.Bootstrap())
	defer app.ResetBootstrapState()
	recs, err := app.FindAllRecords("dossier_files")
	require.NoError(t, err)
	require.EqualValues(t, st.Papers+st.Results, len(recs))
	var total int64
	for _, r := range recs {
		b, err := os.ReadFile(filepath.Join(dir, "storage", r.BaseFilesPath(), r.GetString("file")))
		require.NoError(t, err)
		require.Len(t, b, r.GetInt("size"))
		require.GreaterOrEqual(t, len(b), 150<<10)
		require.LessOrEqual(t, len(b), 6*400<<10)
		sum := sha256.Sum256(b)
		require.Equal(t, hex.EncodeToString(sum[:]), r.GetString("sha256"))
		total += int64(len(b))
		if r.GetString("role") == "result" {
			d, err := app.FindRecordById("dossiers", r.GetString("dossier"))
			require.NoError(t, err)
			require.Contains(t, []string{"decided", "returned"}, d.GetString("status"))
		}
	}
	require.Equal(t, st.Bytes, total)
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	require.True(t, res.OK, res.Reason)
}
