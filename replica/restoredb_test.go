package replica

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/superfly/ltx"
)

// TestRestoreDBIsLitestreamsRestore: the direct restore writes, byte for
// byte, the database Litestream's own restore writes from the same replica,
// at the newest state and at a moment between transactions, over a history
// of the kinds of file a restore plan holds (a snapshot, the full level-0
// file after a restarted log, a level-1 file, level-0 files overwriting
// their pages, a VACUUM, a delete that shrinks the database below pages they hold).
func TestRestoreDBIsLitestreamsRestore(t *testing.T) {
	ctx := context.Background()
	db, client, moment := history(t)

	for _, at := range []time.Time{{}, moment} {
		plan, err := litestream.CalcRestorePlan(ctx, client, 0, at, db.Logger)
		require.NoError(t, err)
		for _, f := range plan {
			t.Logf("plan at %v: level %d, %s, %d bytes", at, f.Level, ltx.FormatFilename(f.MinTXID, f.MaxTXID), f.Size)
		}
		if at.IsZero() {
			require.Greater(t, len(plan), 2, "a plan of several files")
		}
		want := filepath.Join(t.TempDir(), "litestream.db")
		opt := litestream.NewRestoreOptions()
		opt.OutputPath, opt.Timestamp = want, at
		require.NoError(t, db.Replica.Restore(ctx, opt))
		got := filepath.Join(t.TempDir(), "direct.db")
		txid, err := restoreDB(ctx, client, got, at, db.Logger)
		require.NoError(t, err)
		assert.Equal(t, plan[len(plan)-1].MaxTXID, txid)
		a, err := os.ReadFile(want)
		require.NoError(t, err)
		b, err := os.ReadFile(got)
		require.NoError(t, err)
		assert.True(t, len(a) == len(b) && bytes.Equal(a, b), "at %v: %d bytes, Litestream's %d", at, len(b), len(a))
		_, err = os.Stat(got + ".tmp")
		assert.ErrorIs(t, err, os.ErrNotExist)
	}

}

// TestCatchUpIsLitestreamsRestore: a copy at any transaction of the
// history, brought forward by catchUp, is byte for byte the database
// Litestream restores at the newest, whether the plan starts inside a
// compacted file or at a level-0 one.
func TestCatchUpIsLitestreamsRestore(t *testing.T) {
	ctx := context.Background()
	db, client, _ := history(t)
	levels, err := replicaFiles(ctx, client)
	require.NoError(t, err)
	newest := newestTXID(levels)
	want := filepath.Join(t.TempDir(), "litestream.db")
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = want
	require.NoError(t, db.Replica.Restore(ctx, opt))
	a, err := os.ReadFile(want)
	require.NoError(t, err)
	compacted := false
	for have := ltx.TXID(1); have < newest; have++ {
		plan, err := catchUpPlan(levels, have, newest)
		require.NoError(t, err)
		compacted = compacted || plan[0].MinTXID <= have
		path := filepath.Join(t.TempDir(), "copy.db")
		opt := litestream.NewRestoreOptions()
		opt.OutputPath, opt.TXID = path, have
		require.NoError(t, db.Replica.Restore(ctx, opt), "restore at %s", have)
		if st, err := os.Stat(path); err == nil {
			t.Logf("copy at %s: %d bytes, plan %d files from level %d", have, st.Size(), len(plan), plan[0].Level)
		}
		got, err := catchUp(ctx, client, levels, path, have, newest)
		require.NoError(t, err)
		assert.Equal(t, newest, got)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(a, b), "from %s (%d files): %d bytes, Litestream's %d", have, len(plan), len(b), len(a))
		recorded, err := litestream.ReadTXIDFile(path)
		require.NoError(t, err)
		assert.Equal(t, newest, recorded)
	}
	assert.True(t, compacted, "some plan starts inside a compacted file")
}

// history replicates, to a folder, a database through the kinds of file a
// restore plan holds (see TestRestoreDBIsLitestreamsRestore) and returns it
// with a moment in the middle.
func history(t *testing.T) (*litestream.DB, *file.ReplicaClient, time.Time) {
	ctx := context.Background()
	dir := t.TempDir()
	db := litestream.NewDB(filepath.Join(dir, "data.db"))
	db.MonitorInterval, db.ShutdownSyncTimeout = 0, 0
	client := file.NewReplicaClient(filepath.Join(dir, "replica"))
	db.Replica = litestream.NewReplicaWithClient(db, client)
	db.Replica.MonitorEnabled = false
	require.NoError(t, db.Open())
	t.Cleanup(func() { db.Close(ctx) })
	sqldb, err := sql.Open("sqlite", db.Path())
	require.NoError(t, err)
	t.Cleanup(func() { sqldb.Close() })
	exec := func(q string, args ...any) {
		t.Helper()
		_, err := sqldb.Exec(q, args...)
		require.NoError(t, err, q)
	}
	exec("PRAGMA auto_vacuum = FULL") // a delete shrinks the file
	exec("PRAGMA journal_mode = wal")
	sync := func() {
		t.Helper()
		require.NoError(t, db.Sync(ctx))
		require.NoError(t, db.Replica.Sync(ctx))
	}
	insert := func(n int) {
		for range n {
			b := make([]byte, 3000)
			_, _ = rand.Read(b)
			exec("INSERT INTO t (b) VALUES (?)", b)
		}
	}

	exec("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)")
	insert(200)
	sync()
	_, err = db.Snapshot(ctx)
	require.NoError(t, err)
	exec("UPDATE t SET b = randomblob(2000) WHERE id % 3 = 0")
	sync()
	require.NoError(t, db.Checkpoint(ctx, litestream.CheckpointModeTruncate))
	insert(50)
	sync()
	_, err = db.Compact(ctx, 1)
	require.NoError(t, err)
	time.Sleep(20 * time.Millisecond)
	moment := time.Now()
	time.Sleep(20 * time.Millisecond)
	insert(20)
	sync()
	exec("DELETE FROM t WHERE id % 2 = 0")
	sync()
	exec("VACUUM")
	sync()
	exec("UPDATE t SET b = x'00' WHERE id = (SELECT max(id) FROM t)")
	sync()
	exec("DELETE FROM t WHERE id > (SELECT max(id) - 80 FROM t)") // below pages of the files before
	sync()

	return db, client, moment
}
