// Package sqlite is Motcua's SQLite layer: how a data dir's database is
// opened, and the machinery that keeps it fast. It owns
//
//   - the connections (Connect, DSN: connect.go): the connection settings of
//     PocketBase's own core.DefaultDBConnect, read back from one of its
//     connections, with Motcua's changes (page cache, self-checkpoint,
//     IMMEDIATE write transactions), and each connection's prepared
//     statements (stmtcache.go);
//   - the WAL checkpointer (walcheckpoint.go): PASSIVE checkpoints from a read
//     connection every 100 ms and a TRUNCATE once the office is idle, in the
//     package's only goroutine, which lives exactly as long as the app serves
//     (loop.go); DisableIdleCheckpoint switches it off (Litestream);
//   - the switches of its speed tricks for the benchmarks (tricks.go).
//
// Motcua's queries all go through dbx (an app's or a transaction's DB()),
// as PocketBase's do: the package offers no way around it.
//
// It knows nothing of Motcua's collections or rules; hooks.Register calls
// Register, main.go and the test apps open their data dirs with Connect.
package sqlite

import "github.com/pocketbase/pocketbase/core"

// Register binds the layer's background work to app: the WAL checkpointer,
// started when app serves and stopped, and waited for, before app closes its
// database (OnTerminate, OnBootstrapClear).
func Register(app core.App) {
	registerCheckpointer(app)
	registerHandOver(app)
}
