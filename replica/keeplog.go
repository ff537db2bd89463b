package replica

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	msqlite "modernc.org/sqlite"
)

// A clean stop of the server used to cost the replica a whole new copy of
// data.db at the next start (gigabytes for a ten-year commune, uploaded over
// the office's line, and applied again by the province view).
//
// When the last connection to a database in WAL mode closes, SQLite
// checkpoints the log and deletes it. At the next start Litestream finds its
// last position past the end of the (new, empty) log, cannot tell whether
// someone wrote between its last sync and that checkpoint, and snapshots the
// whole database ("wal truncated by another process", litestream db.go
// verify). Here nobody can have: Litestream's close syncs to the end of the
// log, and it is the server's own connections that close after it.
//
// So the log is kept across a clean stop: after Litestream's close, one more
// connection is opened on data.db with SQLITE_FCNTL_PERSIST_WAL and read
// once, which takes the shared lock a connection in WAL mode holds while it
// is open. The app's connections then close without checkpointing (they are
// not the last); this one closes after them (OnBootstrapClear, after the
// databases are closed), checkpoints and, persistent and without a
// journal_size_limit, leaves the log file as it was. At the next start
// Litestream finds the log it synced to the end and goes on from there.
// TestRestartSendsNoNewCopy holds it.
type logKeeper struct {
	conn driver.Conn
}

// keepLog opens the keeper on the database at path.
func keepLog(path string) (*logKeeper, error) {
	c, err := (&msqlite.Driver{}).Open("file:" + path + "?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	k := &logKeeper{conn: c}
	if _, err := c.(msqlite.FileControl).FileControlPersistWAL("main", 1); err != nil {
		k.close()
		return nil, fmt.Errorf("persist wal: %w", err)
	}
	rows, err := c.(driver.QueryerContext).QueryContext(context.Background(), "SELECT count(*) FROM sqlite_master", nil)
	if err != nil {
		k.close()
		return nil, err
	}
	vals := make([]driver.Value, 1)
	err = rows.Next(vals)
	rows.Close()
	if err != nil {
		k.close()
		return nil, err
	}
	return k, nil
}

func (k *logKeeper) close() error {
	return k.conn.Close()
}

// keepLogUntilClosed keeps app's data.db log from Stop until the app has
// closed its databases: the keeper closes right after them.
func (r *Replicator) keepLogUntilClosed() {
	k, err := keepLog(r.db.Path())
	if err != nil {
		// Nothing is lost without it: the next start sends a whole copy.
		r.app.Logger().Warn("replication: the log is not kept across the stop", "error", err)
		return
	}
	id := "motcua-replica-keeplog"
	r.app.OnBootstrapClear().Bind(&hook.Handler[*core.BootstrapEvent]{
		Id:       id,
		Priority: 1000, // the innermost: right around the close itself
		Func: func(e *core.BootstrapEvent) error {
			err := e.Next()
			k.close()
			e.App.OnBootstrapClear().Unbind(id)
			return err
		},
	})
}
