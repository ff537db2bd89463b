// Package sqlitedb opens Motcua's SQLite databases: PocketBase's pragmas, a
// smaller page cache, a later self-checkpoint, and each connection's prepared
// statements kept for reuse. main.go and the tests open data dirs with it, so
// tests run on the connections production runs on.
package sqlitedb

import (
	"database/sql"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"

	"motcua/internal/stmtcache"
)

// Pragmas are PocketBase's (core.DefaultDBConnect) with two changes:
//   - an 8 MB page cache per connection instead of 32 MB. Each connection of
//     the read pool keeps its own cache, and under load a dozen connections
//     read a data dir of ten years (gigabytes): with 32 MB each the process
//     grew past 500 MB (BENCHMARKS.md); the operating system's file cache
//     serves the pages either way;
//   - the write connection checkpoints the write-ahead log itself only past
//     8,000 pages (32 MB) instead of 1,000: the server checkpoints from a read
//     connection every 100 ms (hooks/checkpoint.go), outside the single write
//     lock;
//   - write transactions begin IMMEDIATE (_txlock; read-only ones stay
//     deferred). A deferred transaction reads first and asks for the write
//     lock later; when another process (a command beside the server, or the
//     server beside a command) committed in between, SQLite cannot let it wait
//     and answers "database is locked (517)" at once, whatever the busy
//     timeout. Taking the lock at BEGIN makes every writer wait its turn, up
//     to the busy timeout.
const Pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-8000)" +
	"&_pragma=wal_autocheckpoint(8000)&_defensive=1&_txlock=immediate"

// Connect opens the database at dbPath (PocketBase's DBConnect).
func Connect(dbPath string) (*dbx.DB, error) {
	inner, err := sqlite.NewConnector(dbPath + Pragmas)
	if err != nil {
		return nil, err
	}
	return dbx.NewFromDB(sql.OpenDB(stmtcache.NewConnector(inner, stmtcache.DefaultSize)), "sqlite"), nil
}
