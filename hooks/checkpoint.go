package hooks

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/replstate"
)

// checkpointEvery is how often the server copies SQLite's write-ahead log
// into the database file.
const checkpointEvery = 100 * time.Millisecond

// truncateAfterIdleTicks is how many checkpoints in a row must find the log
// unchanged (no commit in between) before the log file is truncated: 3 s.
const truncateAfterIdleTicks = 30

// registerCheckpointer takes WAL checkpoints out of the write path while the
// server runs. SQLite checkpoints from the connection that commits once the
// log passes a threshold, while that connection still holds the only write
// lock: every 30-odd intakes one of them copied a thousand pages and synced
// the file before the next writer could start. main.go raises that threshold
// (wal_autocheckpoint) so that it is only a safety net, and this loop
// checkpoints from a read connection instead (PASSIVE: it never waits for,
// nor blocks, readers and writers). The loop stops before the app closes its
// database (background.go).
//
// A PASSIVE checkpoint copies the log into the database but leaves the file
// at its largest size (the next writer overwrites it from the start): the
// -wal file stayed at ~31 MB while serving (issue 14, row 8). Once the office
// is idle, the log is truncated to zero bytes, once per idle period.
func registerCheckpointer(app core.App) {
	c := &walCheckpointer{app: app}
	app.Store().Set(walCheckpointerKey, c)
	bindBackgroundLoop(app, checkpointEvery, c.step)
}

const walCheckpointerKey = "motcua.walCheckpointer"

// walCheckpointer is the loop's state: the log's frame count at the last
// tick, how many ticks it has stayed the same, and whether this idle period
// has been truncated already.
type walCheckpointer struct {
	app       core.App
	mu        sync.Mutex // the loop's tick and a test's
	frames    int64
	idle      int
	truncated bool
}

// step is one tick: a PASSIVE checkpoint, and a TRUNCATE one when the log
// has not changed for truncateAfterIdleTicks ticks. PRAGMA wal_checkpoint
// answers (busy, frames in the log, frames checkpointed); an unchanged
// frame count means no commit since the last tick (a commit appends frames,
// or restarts the log after a full checkpoint, which changes the count the
// same way).
func (c *walCheckpointer) step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if replstate.CheckpointsClaimed(c.app) {
		return // Litestream checkpoints while it replicates (package replica)
	}
	var busy, frames, done int64
	if err := c.app.ConcurrentDB().NewQuery("PRAGMA wal_checkpoint(PASSIVE)").Row(&busy, &frames, &done); err != nil {
		c.app.Logger().Debug("wal checkpoint", "error", err)
		return
	}
	if frames != c.frames {
		c.frames, c.idle, c.truncated = frames, 0, false
		return
	}
	c.idle++
	if c.truncated || frames <= 0 || c.idle < truncateAfterIdleTicks {
		return
	}
	if c.truncate() {
		c.truncated, c.frames = true, 0
	} else {
		c.idle = 0 // busy: try again after another idle spell
	}
}

// truncate runs PRAGMA wal_checkpoint(TRUNCATE) without waiting: TRUNCATE
// waits (on the busy timeout, 10 s) for readers to leave the log and blocks
// new writers meanwhile, so it runs on one connection with no busy timeout and
// gives up at once when anyone is busy; step tries again after another
// truncateAfterIdleTicks.
func (c *walCheckpointer) truncate() bool {
	pool, ok := c.app.ConcurrentDB().(*dbx.DB)
	if !ok {
		return false
	}
	ctx := context.Background()
	conn, err := pool.DB().Conn(ctx)
	if err != nil {
		return false
	}
	defer conn.Close()
	var timeout int64
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
		return false
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return false
	}
	defer conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(timeout, 10))
	var busy, frames, done int64
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
		c.app.Logger().Debug("wal truncate", "error", err)
		return false
	}
	return busy == 0
}
