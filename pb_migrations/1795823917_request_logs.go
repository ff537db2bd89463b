package migrations

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Request-log retention for an office box (issue 14, row 8: the request log
// grew twice as fast as the data). PocketBase logs every request at info
// level in auxiliary.db for 5 days; every successful change is already in
// the audit log, with its actor, IP and user agent, for good, so the log of
// successful requests only repeats it. The office keeps what the audit log
// does not hold: requests that failed (PocketBase logs them at error level:
// refused sign-ins, forbidden filters, server faults) and warnings, for 30
// days, with the client's IP. The admin can change these in Settings → Logs
// (for instance MinLevel 0 to log every request again while investigating).
//
// The timestamp puts it before the schema migration (1795824000) on purpose:
// saving the settings reloads them into the live struct, which the file
// clean-up goroutine PocketBase starts for the collection that migration
// deletes reads without a lock (a data race under -race). Run first, nothing
// runs beside it; on an existing data dir the schema migration does not run
// again.
const (
	LogsMinLevel = int(slog.LevelWarn)
	LogsMaxDays  = 30
)

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		// Set once, and only over PocketBase's own defaults: a choice the
		// admin made before this upgrade stays.
		if s.Logs.MaxDays != 5 || s.Logs.MinLevel != 0 {
			return nil
		}
		s.Logs.MinLevel, s.Logs.MaxDays, s.Logs.LogIP = LogsMinLevel, LogsMaxDays, true
		return app.Save(s)
	}, nil)
}
