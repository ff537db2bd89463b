package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
)

// Executor returns the database/sql handle under a dbx builder: the open
// transaction in a transaction's app, the pool otherwise. Pass an app's
// ConcurrentDB or NonconcurrentDB: its DB() outside a transaction is a
// builder over both, with no one handle under it.
//
// The few statements that run inside every intake's write transaction (the
// audit entry, the day's dossier code) are written ready for the driver, with
// `?` placeholders, and run on it directly: dbx runs two regular expressions
// over the text of every statement it builds (named placeholders, quoted
// names), and the audit entry's INSERT would be built afresh each time.
func Executor(b dbx.Builder) (dbx.Executor, error) {
	if off(TrickDriver) {
		return viaDBX{b}, nil
	}
	switch v := b.(type) {
	case *dbx.Tx:
		b = v.Builder
	case *dbx.DB:
		b = v.Builder
	}
	if e, ok := b.(interface{ Executor() dbx.Executor }); ok {
		return e.Executor(), nil
	}
	return nil, fmt.Errorf("unexpected database handle %T", b)
}

// viaDBX runs the statements through dbx's query builder, as PocketBase's
// own are: the benchmarks' way of switching TrickDriver off.
type viaDBX struct{ b dbx.Builder }

// named rewrites the `?` placeholders of q (none inside quotes in the
// statements run here) as dbx's {:pN}.
func named(q string, args []any) (string, dbx.Params) {
	params := dbx.Params{}
	var out strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' && n < len(args) {
			k := "p" + strconv.Itoa(n)
			out.WriteString("{:" + k + "}")
			params[k] = args[n]
			n++
			continue
		}
		out.WriteRune(r)
	}
	return out.String(), params
}

func (v viaDBX) Exec(q string, args ...any) (sql.Result, error) {
	return v.ExecContext(context.Background(), q, args...)
}

func (v viaDBX) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s, p := named(q, args)
	return v.b.NewQuery(s).WithContext(ctx).Bind(p).Execute()
}

func (v viaDBX) Query(q string, args ...any) (*sql.Rows, error) {
	return v.QueryContext(context.Background(), q, args...)
}

func (v viaDBX) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, p := named(q, args)
	rows, err := v.b.NewQuery(s).WithContext(ctx).Bind(p).Rows()
	if err != nil {
		return nil, err
	}
	return rows.Rows, nil
}

func (v viaDBX) Prepare(q string) (*sql.Stmt, error) {
	return nil, fmt.Errorf("sqlite: no prepared statements through dbx")
}
