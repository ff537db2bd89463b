package kit

import (
	"context"
	"database/sql"
	"strings"
)

// RowQuerier is what HasTable reads through: a *sql.DB, *sql.Conn or *sql.Tx.
type RowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// HasTable reports whether the database known as schema on db ("main" for
// the one opened, or the name it was attached as) has the table. Data dirs
// from before a collection existed lack its table, and SQLite's error for a
// missing table has no code of its own to tell it from any other failure:
// ask sqlite_master rather than read the error's text.
func HasTable(ctx context.Context, db RowQuerier, schema, table string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(schema, `"`, `""`)+
		`".sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n)
	return n > 0, err
}
