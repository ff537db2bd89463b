package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	msqlite "modernc.org/sqlite"
)

// open returns a database of one connection (so every statement meets the
// same cache) on a new file, with a cache of size statements.
func open(t *testing.T, size int) *sql.DB {
	t.Helper()
	inner, err := msqlite.NewConnector(filepath.Join(t.TempDir(), "t.db") + "?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	db := sql.OpenDB(newStmtCache(inner, size))
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	_, err = db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '')")
	require.NoError(t, err)
	return db
}

// cached returns the SQL texts the single connection keeps, most recent first.
func cached(t *testing.T, db *sql.DB) []string {
	t.Helper()
	c, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer c.Close()
	var out []string
	require.NoError(t, c.Raw(func(dc any) error {
		for el := dc.(*cachedConn).lru.Front(); el != nil; el = el.Next() {
			out = append(out, el.Value.(*cachedStmt).query)
		}
		return nil
	}))
	return out
}

func TestStatementsAreReused(t *testing.T) {
	db := open(t, 8)
	for i := range 100 {
		_, err := db.Exec("INSERT INTO t (name) VALUES (?)", fmt.Sprintf("n%03d", i))
		require.NoError(t, err)
	}
	var n int
	var last string
	for range 10 {
		require.NoError(t, db.QueryRow("SELECT count(*), max(name) FROM t WHERE name >= ?", "n").Scan(&n, &last))
	}
	assert.Equal(t, 100, n)
	assert.Equal(t, "n099", last)
	assert.Equal(t, []string{"SELECT count(*), max(name) FROM t WHERE name >= ?", "INSERT INTO t (name) VALUES (?)",
		"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '')"}, cached(t, db),
		"one statement per SQL text, however often it ran")
}

// A statement whose rows are still being read is not handed out again: the
// same SQL run inside the loop gets its own statement and both read right.
func TestSameQueryNestedWhileRowsOpen(t *testing.T) {
	db := open(t, 8)
	for i := 1; i <= 3; i++ {
		_, err := db.Exec("INSERT INTO t (id, name) VALUES (?, ?)", i, fmt.Sprint("row", i))
		require.NoError(t, err)
	}
	ctx := context.Background()
	c, err := db.Conn(ctx) // one connection for the outer and the inner query
	require.NoError(t, err)
	defer c.Close()
	const q = "SELECT id, name FROM t WHERE id >= ? ORDER BY id"
	rows, err := c.QueryContext(ctx, q, 1)
	require.NoError(t, err)
	var got []string
	for rows.Next() {
		var id int
		var name string
		require.NoError(t, rows.Scan(&id, &name))
		inner, err := c.QueryContext(ctx, q, id)
		require.NoError(t, err)
		count := 0
		for inner.Next() {
			count++
		}
		require.NoError(t, inner.Close())
		got = append(got, fmt.Sprintf("%s:%d", name, count))
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	assert.Equal(t, []string{"row1:3", "row2:2", "row3:1"}, got)
}

func TestLeastRecentlyUsedLeaves(t *testing.T) {
	db := open(t, 2)
	for _, q := range []string{"SELECT 1", "SELECT 2", "SELECT 1", "SELECT 3"} {
		var v int
		require.NoError(t, db.QueryRow(q).Scan(&v))
	}
	assert.Equal(t, []string{"SELECT 3", "SELECT 1"}, cached(t, db))
}

// SQLite prepares a kept statement again after the table changed under it.
func TestSchemaChangeSeenByKeptStatement(t *testing.T) {
	db := open(t, 8)
	_, err := db.Exec("INSERT INTO t (name) VALUES ('a')")
	require.NoError(t, err)
	cols := func() []string {
		rows, err := db.Query("SELECT * FROM t")
		require.NoError(t, err)
		defer rows.Close()
		c, err := rows.Columns()
		require.NoError(t, err)
		return c
	}
	assert.Equal(t, []string{"id", "name"}, cols())
	_, err = db.Exec("ALTER TABLE t ADD COLUMN note TEXT NOT NULL DEFAULT ''")
	require.NoError(t, err)
	assert.Equal(t, []string{"id", "name", "note"}, cols())
}

// An error leaves the statement usable, and a failed transaction's
// statements still work in the next one.
func TestErrorsAndTransactions(t *testing.T) {
	db := open(t, 8)
	_, err := db.Exec("CREATE UNIQUE INDEX t_name ON t (name)")
	require.NoError(t, err)
	const ins = "INSERT INTO t (name) VALUES (?)"
	_, err = db.Exec(ins, "x")
	require.NoError(t, err)
	_, err = db.Exec(ins, "x")
	require.ErrorContains(t, err, "UNIQUE")

	tx, err := db.Begin()
	require.NoError(t, err)
	_, err = tx.Exec(ins, "y")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())

	_, err = db.Exec(ins, "y")
	require.NoError(t, err)
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM t").Scan(&n))
	assert.Equal(t, 2, n)
}
