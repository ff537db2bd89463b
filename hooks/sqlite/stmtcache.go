package sqlite

// The statement cache keeps each SQLite connection's prepared statements and
// reuses them. database/sql prepares, runs and finalizes a statement for every
// query that is not explicitly prepared, and PocketBase prepares nothing: the
// pure-Go SQLite parsed the same few dozen statements (the insert of a
// dossier, of an audit entry, the read of a signed-in account...) again on
// every request, about a tenth of the server's CPU under load.
//
// The cache wraps a connector (modernc.org/sqlite's); each connection it opens
// keeps up to stmtCacheSize statements by SQL text, least recently used first out. A
// statement still being read (its rows open) is not shared: a second use of
// the same SQL at that moment is prepared apart, as without the cache.
// Statements are finalized when they leave the cache and when the connection
// closes. SQLite re-prepares a cached statement by itself after a schema
// change.

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
)

// stmtCacheSize is the number of statements a connection keeps.
const stmtCacheSize = 64

// newStmtCache wraps inner so that its connections keep size statements.
func newStmtCache(inner driver.Connector, size int) driver.Connector {
	if size <= 0 {
		size = stmtCacheSize
	}
	return &cacheConnector{inner: inner, size: size}
}

type cacheConnector struct {
	inner driver.Connector
	size  int
}

func (c *cacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := dc.(driver.ConnPrepareContext); !ok {
		return dc, nil // nothing to cache with
	}
	return &cachedConn{Conn: dc, size: c.size, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c *cacheConnector) Driver() driver.Driver { return c.inner.Driver() }

// conn is one connection with its statements. database/sql uses a
// connection from one goroutine at a time, so it needs no lock.
type cachedConn struct {
	driver.Conn
	size    int
	byQuery map[string]*list.Element // SQL -> element of lru holding *cachedStmt
	lru     *list.List               // front: most recently used
}

type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool // rows still open
}

// statement returns the cached statement for query, preparing and caching it
// if needed; nil when it is in use (the caller runs the query uncached).
func (c *cachedConn) statement(ctx context.Context, query string) (*cachedStmt, error) {
	if el, ok := c.byQuery[query]; ok {
		e := el.Value.(*cachedStmt)
		if e.busy {
			return nil, nil
		}
		c.lru.MoveToFront(el)
		return e, nil
	}
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	e := &cachedStmt{query: query, stmt: st}
	c.byQuery[query] = c.lru.PushFront(e)
	for c.lru.Len() > c.size {
		if !c.evictOne() {
			break
		}
	}
	return e, nil
}

// evictOne finalizes the least recently used statement that is not in use.
func (c *cachedConn) evictOne() bool {
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		e := el.Value.(*cachedStmt)
		if e.busy {
			continue
		}
		c.lru.Remove(el)
		delete(c.byQuery, e.query)
		_ = e.stmt.Close()
		return true
	}
	return false
}

func (c *cachedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if e != nil {
		if x, ok := e.stmt.(driver.StmtExecContext); ok {
			return x.ExecContext(ctx, args)
		}
	}
	if x, ok := c.Conn.(driver.ExecerContext); ok {
		return x.ExecContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *cachedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	e, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if e != nil {
		if x, ok := e.stmt.(driver.StmtQueryContext); ok {
			e.busy = true
			r, err := x.QueryContext(ctx, args)
			if err != nil {
				e.busy = false
				return nil, err
			}
			return &cachedRows{Rows: r, e: e}, nil
		}
	}
	if x, ok := c.Conn.(driver.QueryerContext); ok {
		return x.QueryContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *cachedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if x, ok := c.Conn.(driver.ConnBeginTx); ok {
		return x.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // the fallback database/sql itself uses
}

func (c *cachedConn) Ping(ctx context.Context) error {
	if x, ok := c.Conn.(driver.Pinger); ok {
		return x.Ping(ctx)
	}
	return nil
}

func (c *cachedConn) ResetSession(ctx context.Context) error {
	if x, ok := c.Conn.(driver.SessionResetter); ok {
		return x.ResetSession(ctx)
	}
	return nil
}

func (c *cachedConn) IsValid() bool {
	if x, ok := c.Conn.(driver.Validator); ok {
		return x.IsValid()
	}
	return true
}

func (c *cachedConn) CheckNamedValue(v *driver.NamedValue) error {
	if x, ok := c.Conn.(driver.NamedValueChecker); ok {
		return x.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

// Close finalizes the cached statements, then closes the connection.
func (c *cachedConn) Close() error {
	var errs []error
	for el := c.lru.Front(); el != nil; el = el.Next() {
		errs = append(errs, el.Value.(*cachedStmt).stmt.Close())
	}
	c.lru.Init()
	clear(c.byQuery)
	return errors.Join(append(errs, c.Conn.Close())...)
}

// rows gives its statement back to the cache when closed.
type cachedRows struct {
	driver.Rows
	e *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.e.busy = false
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if x, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return x.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}
