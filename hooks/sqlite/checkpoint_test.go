package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"motcua/hooks/sqlite"
	"motcua/internal/access"
	"motcua/testapp"
)

// While the office is idle the write-ahead log is truncated, once: a PASSIVE
// checkpoint leaves the -wal file at its largest size (~31 MB while serving,
// issue 14 row 8). The idle is driven by calling the loop's tick.
func TestWALIsTruncatedWhenIdle(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","applicant_phone":"0900111222","channel":"in_person"}`,
		testapp.ProcedureID(t, app, "1.004873"))
	intake := func() {
		res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body)
		require.Equal(t, 200, res.Code, res.Body.String())
	}
	walSize := func() int64 {
		st, err := os.Stat(filepath.Join(app.DataDir(), "data.db-wal"))
		require.NoError(t, err)
		return st.Size()
	}
	for range 60 {
		intake()
	}
	require.Greater(t, walSize(), int64(100<<10), "a burst of intakes leaves a log of some size")

	// A tick right after writes only checkpoints.
	sqlite.CheckpointTick(app)
	require.Greater(t, walSize(), int64(0), "no truncation while the office writes")

	for range sqlite.IdleTicks + 1 {
		sqlite.CheckpointTick(app)
	}
	require.Equal(t, int64(0), walSize(), "the log is truncated once the office is idle")

	// The next idle period after new writes truncates again.
	intake()
	require.Greater(t, walSize(), int64(0))
	for range sqlite.IdleTicks + 2 {
		sqlite.CheckpointTick(app)
	}
	require.Equal(t, int64(0), walSize())
}

// A reader still on an older snapshot keeps the log: the truncation gives
// up at once instead of waiting (and holding writers back), and succeeds in a
// later idle spell once the reader is gone.
func TestWALTruncationSkipsWhenBusy(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","channel":"in_person"}`, testapp.ProcedureID(t, app, "1.004873"))
	walPath := filepath.Join(app.DataDir(), "data.db-wal")
	intake := func() {
		res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body)
		require.Equal(t, 200, res.Code, res.Body.String())
	}
	intake()
	reader, err := app.ConcurrentDB().(*dbx.DB).DB().BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	require.NoError(t, err)
	var n int
	require.NoError(t, reader.QueryRow("SELECT count(*) FROM dossiers").Scan(&n)) // holds its snapshot
	intake()
	for range sqlite.IdleTicks + 1 {
		sqlite.CheckpointTick(app)
	}
	st, err := os.Stat(walPath)
	require.NoError(t, err)
	require.Positive(t, st.Size(), "the reader's frames are kept")

	require.NoError(t, reader.Rollback())
	for range sqlite.IdleTicks + 1 {
		sqlite.CheckpointTick(app)
	}
	st, err = os.Stat(walPath)
	require.NoError(t, err)
	require.Zero(t, st.Size(), "truncated in the next idle spell")
}
