package sqlite

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/replica/replstate"
)

// checkpointEvery is how often the server copies SQLite's write-ahead log
// into the database file.
const checkpointEvery = 100 * time.Millisecond

// truncateAfterIdleTicks is how many checkpoints in a row must find the log
// unchanged (no commit in between) before the log file is truncated: 3 s.
const truncateAfterIdleTicks = 30

// The WAL checkpointer takes SQLite's checkpoints of the write-ahead log out
// of the write path while the server runs (not to be confused with the
// audit's verified head, hooks/audit_incremental.go). SQLite checkpoints from
// the connection that commits once the log passes a threshold, while that
// connection still holds the only write lock: every 30-odd intakes one of them
// copied a thousand pages and synced the file before the next writer could
// start. Connect raises that threshold (wal_autocheckpoint) so that it is only
// a safety net, and this loop checkpoints from a read connection instead
// (PASSIVE: it never waits for, nor blocks, readers and writers). The loop
// runs while the app serves and stops, and is waited for, before the app
// closes its database (loop.go).
//
// A PASSIVE checkpoint copies the log into the database but leaves the file
// at its largest size (the next writer overwrites it from the start): the
// -wal file stayed at ~31 MB while serving (issue 14, row 8). Once the office
// is idle, the log is truncated to zero bytes, once per idle period.

// walCheckpointerKey holds the app's *walCheckpointer in its store.
const walCheckpointerKey = "motcua.sqlite.walCheckpointer"

// checkpointerOf is app's checkpointer, made on first use.
func checkpointerOf(app core.App) *walCheckpointer {
	return app.Store().GetOrSet(walCheckpointerKey, func() any { return &walCheckpointer{app: app} }).(*walCheckpointer)
}

// registerCheckpointer binds app's checkpoint loop: it runs while app serves
// unless DisableIdleCheckpoint switched it off.
func registerCheckpointer(app core.App) {
	c := checkpointerOf(app)
	l := bindBackgroundLoop(app, checkpointEvery, c.step, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return !c.disabled && !off(TrickCheckpoint)
	})
	c.mu.Lock()
	c.loop = l
	c.mu.Unlock()
}

// DisableIdleCheckpoint switches app's WAL checkpointer off (the PASSIVE
// checkpoints and the idle truncation; the write connection's own
// wal_autocheckpoint stays), for a process that checkpoints the log itself:
// Litestream, replicating the data dir, must be the only one to. Call it
// before the app serves; called later, it stops the loop.
func DisableIdleCheckpoint(app core.App) {
	c := checkpointerOf(app)
	c.mu.Lock()
	c.disabled = true
	l := c.loop
	c.mu.Unlock()
	if l != nil {
		l.halt()
	}
}

// CheckpointTick runs one tick of app's checkpointer, as the loop does every
// 100 ms (tests drive the idle with it).
func CheckpointTick(app core.App) { checkpointerOf(app).step() }

// IdleTicks is how many ticks in a row must find the log unchanged before
// it is truncated.
const IdleTicks = truncateAfterIdleTicks

// walCheckpointer is the loop's state: the log's frame count at the last
// tick, how many ticks it has stayed the same, and whether this idle period
// has been truncated already.
type walCheckpointer struct {
	app       core.App
	loop      *backgroundLoop
	disabled  bool
	mu        sync.Mutex // the loop's tick and a test's; the fields above
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
