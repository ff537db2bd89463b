// Package replstate is where continuous replication (package replica) and the
// rest of the server meet without importing each other: who owns the WAL
// checkpoints, and the replication status the self-inspection reads.
package replstate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/inspect"
)

const (
	checkpointsKey = "motcua.replica.ownsCheckpoints"
	statusKey      = "motcua.replica.status"
)

// StatusFile is the replicating server's last status, beside data.db: a
// command run beside the server (motcua inspect) reads it there.
const StatusFile = "replica_status.json"

// staleAfter is how old StatusFile may be and still describe a running
// server (the server rewrites it every few seconds).
const staleAfter = 2 * time.Minute

// ClaimCheckpoints records that Litestream checkpoints app's database: the
// server's own checkpoint loop stands down (a checkpoint Litestream did not
// take could restart the log before it copied the frames).
func ClaimCheckpoints(app core.App) { app.Store().Set(checkpointsKey, true) }

// ReleaseCheckpoints gives the checkpoints back (replication stopped).
func ReleaseCheckpoints(app core.App) { app.Store().Remove(checkpointsKey) }

// CheckpointsClaimed reports whether Litestream owns app's checkpoints.
func CheckpointsClaimed(app core.App) bool { return app.Store().Has(checkpointsKey) }

// Provide makes status the live source of the replication status of app.
func Provide(app core.App, status func() inspect.Replica) { app.Store().Set(statusKey, status) }

// Withdraw removes the live source.
func Withdraw(app core.App) { app.Store().Remove(statusKey) }

// Current is the replication status of app: the live one when this process
// replicates, else the one the server wrote to StatusFile (Known only when
// recent), else not configured.
func Current(app core.App, now time.Time) inspect.Replica {
	if f, ok := app.Store().Get(statusKey).(func() inspect.Replica); ok {
		return f()
	}
	raw, err := os.ReadFile(filepath.Join(app.DataDir(), StatusFile))
	if err != nil {
		return inspect.Replica{}
	}
	var r inspect.Replica
	if json.Unmarshal(raw, &r) != nil {
		return inspect.Replica{}
	}
	r.Known = r.Known && now.Sub(r.UpdatedAt) <= staleAfter
	return r
}

// Write stores r in dir's StatusFile (written aside, then renamed).
func Write(dir string, r inspect.Replica) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, StatusFile+".tmp")
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, StatusFile))
}
