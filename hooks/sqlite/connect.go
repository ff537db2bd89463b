package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	msqlite "modernc.org/sqlite"
)

// Connect opens the database at dbPath: PocketBase's DBConnect (set it in
// core.BaseAppConfig / pocketbase.Config), with the connection settings of
// PocketBase's own core.DefaultDBConnect (read back from one of its
// connections, see settings) and three changes, each connection keeping its
// prepared statements (stmtcache.go):
//
//   - an 8 MB page cache per connection instead of PocketBase's 32 MB. Each
//     connection of the read pool keeps its own cache, and under load a dozen
//     connections read a data dir of ten years (gigabytes): with 32 MB each
//     the process grew past 500 MB (BENCHMARKS.md); the operating system's
//     file cache serves the pages either way;
//   - the write connection checkpoints the write-ahead log itself only past
//     8,000 pages (32 MB) instead of 1,000: the server checkpoints from a read
//     connection instead, outside the single write lock (checkpoint.go);
//   - write transactions begin IMMEDIATE (_txlock; read-only ones stay
//     deferred). A deferred transaction reads first and asks for the write
//     lock later; when another process (a command beside the server, or the
//     server beside a command) committed in between, SQLite cannot let it wait
//     and answers "database is locked (517)" at once, whatever the busy
//     timeout. Taking the lock at BEGIN makes every writer wait its turn, up
//     to the busy timeout.
func Connect(dbPath string) (*dbx.DB, error) {
	dsn, err := DSN(dbPath)
	if err != nil {
		return nil, err
	}
	inner, err := msqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	connector := inner
	if !off(TrickStmtCache) {
		connector = newStmtCache(inner, stmtCacheSize)
	}
	return dbx.NewFromDB(sql.OpenDB(connector), "sqlite"), nil
}

// DSN is the data source name Connect opens dbPath with (modernc.org/sqlite's
// "sqlite" driver), for a connection opened outside the app.
func DSN(dbPath string) (string, error) {
	p, err := pragmas()
	if err != nil {
		return "", err
	}
	return dbPath + p, nil
}

// changed are Motcua's values where they differ from PocketBase's.
var changed = map[string]string{"cache_size": "-8000", "wal_autocheckpoint": "8000"}

// settings are the per-connection settings of SQLite that PocketBase's
// default connection may set (journal_mode is the file's, kept by a
// connection that finds it changed: PocketBase's sets WAL). Each is read on a
// connection of core.DefaultDBConnect and kept when it differs from SQLite's
// own default (read on a plain connection); TestConnectionSettings compares
// every setting of both connections.
var settings = []string{
	"busy_timeout", "journal_mode", "journal_size_limit", "synchronous", "foreign_keys", "temp_store",
	"cache_size", "cache_spill", "automatic_index", "recursive_triggers", "secure_delete", "mmap_size",
	"locking_mode", "wal_autocheckpoint", "trusted_schema", "cell_size_check", "query_only",
}

var derived struct {
	once      sync.Once
	pb, plain map[string]string
	err       error
}

// pragmas are the DSN parameters: PocketBase's settings with Motcua's
// changes. busy_timeout comes first, as PocketBase has it: a connection must
// wait on a busy database before it changes the journal mode.
func pragmas() (string, error) {
	derived.once.Do(func() {
		derived.pb, derived.plain, derived.err = readSettings()
		if derived.err != nil {
			derived.err = fmt.Errorf("sqlite: read PocketBase's connection settings: %w", derived.err)
		}
	})
	if derived.err != nil {
		return "", derived.err
	}
	pb, plain := derived.pb, derived.plain
	var b strings.Builder
	b.WriteString("?_pragma=busy_timeout(" + pb["busy_timeout"] + ")")
	for _, name := range settings {
		v := pb[name]
		if c, ok := changed[name]; ok && !(name == "wal_autocheckpoint" && off(TrickCheckpoint)) {
			v = c
		} else if name == "busy_timeout" || v == plain[name] {
			continue
		}
		b.WriteString("&_pragma=" + name + "(" + v + ")")
	}
	// _defensive is a flag of the connection, not a setting a query can
	// read back: PocketBase opens with it, and so does Motcua.
	b.WriteString("&_defensive=1&_txlock=immediate")
	return b.String(), nil
}

// readSettings reads settings on a connection of core.DefaultDBConnect and
// on a plain one, over a scratch database file.
func readSettings() (pb, plain map[string]string, err error) {
	dir, err := os.MkdirTemp("", "motcua-sqlite-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	scratch := filepath.Join(dir, "settings.db")
	db, err := core.DefaultDBConnect(scratch)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	if pb, err = ReadSettings(db.DB()); err != nil {
		return nil, nil, err
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "plain.db"))
	if err != nil {
		return nil, nil, err
	}
	defer raw.Close()
	plain, err = ReadSettings(raw)
	return pb, plain, err
}

// ReadSettings reads the connection settings Connect derives on one
// connection of db.
func ReadSettings(db *sql.DB) (map[string]string, error) {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	out := map[string]string{}
	for _, name := range settings {
		var v string
		if err := conn.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v); err != nil {
			return nil, fmt.Errorf("PRAGMA %s: %w", name, err)
		}
		out[name] = strings.ToLower(v)
	}
	return out, nil
}
