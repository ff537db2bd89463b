package replica

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/audit"
	"motcua/hooks/kit"
	"motcua/internal/access"
	"motcua/internal/auditchain"
	"motcua/internal/inspect"
	"motcua/replica/replstate"
)

// Options says where to replicate when the office record does not.
type Options struct {
	// URL is the replica (motcua serve --replica); empty: the office's
	// settings.replica, if any.
	URL string
}

// Register binds replication to app: it starts with the server (OnServe)
// when opts.URL (read when the server starts, so that a flag may set it) or
// the office's settings.replica names a replica, and stops, after a last
// upload, before the app closes its database (OnTerminate, and
// OnBootstrapClear: a backup restore). GET /api/motcua/replica gives the
// admin its status.
func Register(app core.App, opts *Options) {
	flagURL := &opts.URL
	var mu sync.Mutex
	var running *Replicator
	stop := func(keepLog bool) error {
		mu.Lock()
		defer mu.Unlock()
		if running == nil {
			return nil
		}
		err := running.halt(keepLog)
		running = nil
		return err
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/motcua/replica", func(e *core.RequestEvent) error {
			return e.JSON(http.StatusOK, statusWithHead(e.App, replstate.Current(e.App, time.Now())))
		}).BindFunc(kit.RequireStaff(access.Admin))
		// POST .../sync uploads everything committed so far before it
		// answers: what the answer's audit head covers is at the replica.
		se.Router.POST("/api/motcua/replica/sync", func(e *core.RequestEvent) error {
			mu.Lock()
			r := running
			mu.Unlock()
			if r == nil {
				return e.BadRequestError("Máy chủ chưa bật sao lưu liên tục (motcua serve --replica hoặc settings.replica).", nil)
			}
			// The head first: the sync then covers it.
			out := statusWithHead(e.App, inspect.Replica{})
			if err := r.Sync(e.Request.Context()); err != nil {
				return e.InternalServerError("Không chép được sang bản sao: "+err.Error(), nil)
			}
			head := out["audit_head"]
			out = statusJSON(r.Status(), time.Now())
			out["audit_head"] = head
			return e.JSON(http.StatusOK, out)
		}).BindFunc(kit.RequireStaff(access.Admin))
		url := *flagURL
		if url == "" {
			url = officeReplica(se.App)
		}
		mu.Lock()
		defer mu.Unlock()
		if running != nil {
			return se.Next()
		}
		if url == "" {
			// Not replicating: a status left by an earlier run describes
			// nothing any more.
			_ = os.Remove(filepath.Join(se.App.DataDir(), replstate.StatusFile))
			return se.Next()
		}
		fromSettings := *flagURL == ""
		t, err := Parse(url)
		if err != nil {
			if fromSettings {
				return settingsFailed(se, "settings.replica", err)
			}
			return err
		}
		r, err := Start(se.App, t)
		if err != nil {
			err = fmt.Errorf("bật sao lưu liên tục tới %s: %w", t.URL, err)
			if fromSettings {
				return settingsFailed(se, t.URL, err)
			}
			return err
		}
		running = r
		replaceNightlyCheckpoint(se.App)
		se.App.Logger().Info("replication started", "replica", t.URL)
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		// A restart is PocketBase's after a backup restore, which has
		// put another data.db in place: its log is not this one's.
		if err := stop(!e.IsRestart); err != nil {
			e.App.Logger().Error("replication stop", "error", err)
		}
		return e.Next()
	})
	app.OnBootstrapClear().BindFunc(func(e *core.BootstrapEvent) error {
		if err := stop(false); err != nil {
			e.App.Logger().Error("replication stop", "error", err)
		}
		return e.Next()
	})
}

// settingsFailed keeps the office serving when the replica named in the
// office's settings cannot be started (a typo in the URL, a client that
// refuses its configuration): the refusal is logged and becomes the
// replication status, failing, so the admin's desk shows it in red and the
// self-inspection raises replication_lagging (serious). A replica named on
// the command line (--replica) still stops the server: whoever typed it is
// there to read why.
func settingsFailed(se *core.ServeEvent, url string, err error) error {
	se.App.Logger().Error("replication not started", "replica", url, "error", err)
	now := time.Now()
	replstate.Provide(se.App, func() inspect.Replica {
		return inspect.Replica{Configured: true, Known: true, URL: url, LastError: err.Error(), LastErrorAt: now, UpdatedAt: time.Now()}
	})
	return se.Next()
}

// statusWithHead is the status as the routes answer it, with the audit
// chain's head now.
func statusWithHead(app core.App, st inspect.Replica) map[string]any {
	out := statusJSON(st, time.Now())
	if seq, hash, err := audit.Head(app); err == nil {
		out["audit_head"] = auditchain.Head{Seq: seq, Hash: hash}
	}
	return out
}

// ServeFlag adds --replica to PocketBase's serve command, into opts.
func ServeFlag(serve *cobra.Command, opts *Options) {
	serve.Flags().StringVar(&opts.URL, "replica", opts.URL,
		"sao lưu liên tục data.db và tệp đính kèm tới file:///thư-mục hoặc s3://bucket/đường-dẫn?endpoint=... "+
			"(mặc định: settings.replica của bản ghi cơ quan)")
}

// officeReplica is the office record's settings.replica, or "".
func officeReplica(app core.App) string {
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	if err != nil {
		return ""
	}
	var s struct {
		Replica string `json:"replica"`
	}
	if json.Unmarshal([]byte(office.GetString("settings")), &s) != nil {
		return ""
	}
	return strings.TrimSpace(s.Replica)
}

// replaceNightlyCheckpoint takes data.db out of PocketBase's nightly
// maintenance job (the same job id, so it replaces it): that job runs
// wal_checkpoint(TRUNCATE), which would wait on Litestream's read
// transaction and hold writers meanwhile; Litestream checkpoints data.db.
// auxiliary.db is not replicated and keeps its checkpoint.
func replaceNightlyCheckpoint(app core.App) {
	_ = app.Cron().Add("__pbDBOptimize__", "0 0 * * *", func() {
		if _, err := app.AuxNonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
			app.Logger().Warn("periodic auxiliary wal_checkpoint", "error", err)
		}
		if _, err := app.NonconcurrentDB().NewQuery("PRAGMA optimize").Execute(); err != nil {
			app.Logger().Warn("periodic PRAGMA optimize", "error", err)
		}
	})
}
