package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// checkpointEvery is how often the server copies SQLite's write-ahead log
// into the database file.
const checkpointEvery = 100 * time.Millisecond

// registerCheckpointer takes WAL checkpoints out of the write path while the
// server runs. SQLite checkpoints from the connection that commits once the
// log passes a threshold, while that connection still holds the only write
// lock: every 30-odd intakes one of them copied a thousand pages and synced
// the file before the next writer could start. main.go raises that threshold
// (wal_autocheckpoint) so that it is only a safety net, and this loop
// checkpoints from a read connection instead (PASSIVE: it never waits for,
// nor blocks, readers and writers).
func registerCheckpointer(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(checkpointEvery)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if _, err := app.ConcurrentDB().NewQuery("PRAGMA wal_checkpoint(PASSIVE)").Execute(); err != nil {
						app.Logger().Debug("wal checkpoint", "error", err)
					}
				}
			}
		}()
		app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
			close(stop)
			<-done // not one more checkpoint on a database being closed
			return e.Next()
		})
		return se.Next()
	})
}
