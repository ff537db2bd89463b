package replica

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"motcua/hooks/audit"
	"motcua/internal/inspect"
	"motcua/replica/replstate"
)

// Intervals of replication. A commit reaches the replica within about
// MonitorInterval + SyncInterval (Litestream reads the log into a local LTX
// file, then uploads the new files).
const (
	monitorInterval = 100 * time.Millisecond
	syncInterval    = 100 * time.Millisecond
	pollInterval    = 100 * time.Millisecond // the status
	probeAfter      = 3 * time.Second        // behind this long: ask the replica why
	filesEvery      = 2 * time.Second        // uploaded files and the status file
	// Snapshots daily, kept a week: a restore can go back to any moment of
	// the last seven days.
	snapshotInterval  = 24 * time.Hour
	snapshotRetention = 7 * 24 * time.Hour
	shutdownSync      = 5 * time.Second
)

// Replicator streams one app's data.db and uploaded files to a Target, from
// Start to Stop.
type Replicator struct {
	app    core.App
	target *Target
	db     *litestream.DB
	store  *litestream.Store
	files  *filesystem.System
	prefix string

	filesMu sync.Mutex // syncFiles: the loop's and Sync's
	mu      sync.Mutex
	status  inspect.Replica
	pending []seen          // local positions not yet at the replica, oldest first
	sent    map[string]bool // file keys known to be at the replica
	sideMod map[string]time.Time
	probed  time.Time

	stop chan struct{}
	done chan struct{}
}

type seen struct {
	txid uint64
	at   time.Time
}

// Start opens Litestream on app's data.db and starts replicating to t. The
// server's own checkpoint loop stands down: Litestream checkpoints (it may
// only checkpoint frames it has copied; a checkpoint it did not take could
// restart the log under it).
func Start(app core.App, t *Target) (*Replicator, error) {
	r := &Replicator{app: app, target: t, sent: map[string]bool{}, sideMod: map[string]time.Time{}}
	r.status = inspect.Replica{Configured: true, Known: true, URL: t.URL}
	fsys, prefix, err := t.files()
	if err != nil {
		return nil, err
	}
	r.files, r.prefix = fsys, prefix

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := litestream.NewDB(filepath.Join(app.DataDir(), "data.db"))
	db.MonitorInterval = monitorInterval
	rep := litestream.NewReplicaWithClient(db, t.Client)
	rep.SyncInterval = syncInterval
	if fc, ok := t.Client.(*file.ReplicaClient); ok {
		fc.Replica = rep
	}
	db.Replica = rep
	store := litestream.NewStore([]*litestream.DB{db}, litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
		{Level: 2, Interval: 5 * time.Minute},
		{Level: 3, Interval: time.Hour},
	})
	store.Logger = logger
	db.SetLogger(logger)
	store.SnapshotInterval, store.SnapshotRetention = snapshotInterval, snapshotRetention
	store.ShutdownSyncTimeout = shutdownSync
	db.ShutdownSyncTimeout = shutdownSync
	replstate.ClaimCheckpoints(app)
	if err := store.Open(context.Background()); err != nil {
		replstate.ReleaseCheckpoints(app)
		fsys.Close()
		return nil, err
	}
	r.db, r.store = db, store
	replstate.Provide(app, r.Status)
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go r.run()
	return r, nil
}

// Stop uploads what is left (within shutdownSync), stops Litestream and
// waits for the status loop. Called before the app closes its database,
// which then keeps its write-ahead log for the next start (keeplog.go).
func (r *Replicator) Stop() error {
	return r.halt(true)
}

// halt is Stop; keep says whether data.db's log is kept for the next start.
// It is not when data.db is being replaced (a backup restore).
func (r *Replicator) halt(keep bool) error {
	close(r.stop)
	<-r.done
	r.syncFiles()
	err := r.store.Close(context.Background())
	if keep {
		r.keepLogUntilClosed()
	}
	r.files.Close()
	r.mu.Lock()
	r.status.Known = false
	st := r.status
	r.mu.Unlock()
	_ = replstate.Write(r.app.DataDir(), st)
	replstate.Withdraw(r.app)
	replstate.ReleaseCheckpoints(r.app)
	return err
}

// Status is the replication status now.
func (r *Replicator) Status() inspect.Replica {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.status
	st.UpdatedAt = time.Now()
	return st
}

// Sync uploads everything committed so far and waits for it (tests, and
// the moment before a planned shutdown).
func (r *Replicator) Sync(ctx context.Context) error {
	if err := r.db.SyncAndWait(ctx); err != nil {
		r.fail(err)
		return err
	}
	r.syncFiles()
	r.poll(time.Now())
	return nil
}

func (r *Replicator) run() {
	defer close(r.done)
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	var lastFiles time.Time
	for {
		select {
		case <-r.stop:
			return
		case now := <-t.C:
			r.poll(now)
			if now.Sub(lastFiles) >= filesEvery {
				lastFiles = now
				r.syncFiles()
				_ = replstate.Write(r.app.DataDir(), r.Status())
			}
		}
	}
}

// poll compares Litestream's local position with the replica's and keeps
// when each local position was first seen: the lag is the age of the
// oldest one the replica does not have yet.
func (r *Replicator) poll(now time.Time) {
	local, err := r.db.Pos()
	if err != nil {
		r.fail(err)
		return
	}
	remote := r.db.Replica.Pos()
	r.mu.Lock()
	r.status.LocalTXID, r.status.ReplicaTXID = uint64(local.TXID), uint64(remote.TXID)
	if n := len(r.pending); uint64(local.TXID) > uint64(remote.TXID) && (n == 0 || r.pending[n-1].txid < uint64(local.TXID)) {
		r.pending = append(r.pending, seen{uint64(local.TXID), now})
	}
	i := 0
	for i < len(r.pending) && r.pending[i].txid <= uint64(remote.TXID) {
		i++
	}
	r.pending = r.pending[i:]
	probe := false
	if len(r.pending) == 0 {
		r.status.BehindSince, r.status.CaughtUpAt = time.Time{}, now
	} else {
		r.status.BehindSince = r.pending[0].at
		probe = now.Sub(r.status.BehindSince) >= probeAfter && now.Sub(r.probed) >= probeAfter
		if probe {
			r.probed = now
		}
	}
	r.mu.Unlock()
	if probe {
		// Litestream retries in the background and only logs why: ask
		// the replica directly, so that the status names the error.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := r.db.SyncStatus(ctx); err != nil {
			r.fail(err)
		}
	}
}

func (r *Replicator) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status.LastError, r.status.LastErrorAt = err.Error(), time.Now()
}

// syncFiles uploads the uploaded files (pb_data/storage) the replica does
// not have yet, and the audit anchor when it changed. PocketBase never
// rewrites a stored file under the same key (a new upload gets a new name),
// so a key once uploaded is done. Thumbnails are left out: PocketBase makes
// them again on demand. When the office stores its files on S3 already
// (PocketBase's storage settings), there is nothing local to copy.
func (r *Replicator) syncFiles() {
	r.filesMu.Lock()
	defer r.filesMu.Unlock()
	if r.app.Settings().S3.Enabled {
		return
	}
	if len(r.sent) == 0 {
		if list, err := r.files.List(joinKey(r.prefix, storagePrefix) + "/"); err == nil {
			for _, o := range list {
				r.sent[o.Key] = true
			}
		}
	}
	root := filepath.Join(r.app.DataDir(), "storage")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "thumbs_") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".attrs") {
			return nil // the local driver's metadata, remade on upload
		}
		rel, _ := filepath.Rel(root, p)
		key := joinKey(r.prefix, storagePrefix, filepath.ToSlash(rel))
		if r.sent[key] {
			return nil
		}
		f, err := filesystem.NewFileFromPath(p)
		if err != nil {
			return err
		}
		if err := r.files.UploadFile(f, key); err != nil {
			return err
		}
		r.sent[key] = true
		return nil
	})
	if err == nil {
		err = r.syncSide(audit.AnchorFile)
	}
	if err != nil {
		r.fail(err)
	}
}

// syncSide uploads a file kept beside data.db when it changed, and removes
// the replica's copy when the office has none.
//
// The replica's audit anchor is the office's, absence included: a restore
// to a moment (`motcua restore --at`) brings no anchor back, and after a
// backup restore the IT officer deletes it (hooks/audit/audit_anchor.go).
// Served back to the same replica, such an office left there the anchor of
// the history it replaced, which a later restore brought back with the new
// history: an anchor the restored chain does not hold, and the restore
// refused (TestRestoreAtNeverReissuesCodes).
func (r *Replicator) syncSide(name string) error {
	p := filepath.Join(r.app.DataDir(), name)
	key := joinKey(r.prefix, sidePrefix, name)
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		if _, known := r.sideMod[name]; known && r.sideMod[name].IsZero() {
			return nil // removed at the replica already
		}
		if ok, err := r.files.Exists(key); err != nil {
			return err
		} else if ok {
			if err := r.files.Delete(key); err != nil {
				return err
			}
		}
		r.sideMod[name] = time.Time{}
		return nil
	} else if err != nil {
		return err
	}
	if r.sideMod[name].Equal(info.ModTime()) {
		return nil
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if err := r.files.Upload(raw, key); err != nil {
		return err
	}
	r.sideMod[name] = info.ModTime()
	return nil
}

// statusJSON is the status as GET /api/motcua/replica answers it.
func statusJSON(st inspect.Replica, now time.Time) map[string]any {
	raw, _ := json.Marshal(st)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	out["lag_ms"] = st.Lag(now).Milliseconds()
	out["failing"] = st.Failing()
	out["in_sync"] = st.Known && st.LocalTXID > 0 && st.LocalTXID == st.ReplicaTXID
	return out
}
