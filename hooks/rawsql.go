package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
)

// driverOf returns the database/sql handle under a dbx builder: the open
// transaction in a transaction's app, the pool otherwise. Pass an app's
// ConcurrentDB or NonconcurrentDB: its DB() outside a transaction is a
// builder over both, with no one handle under it. The few statements
// that run inside every intake's write transaction (the audit entry, the
// day's dossier code) are written ready for the driver and run on it
// directly: dbx runs two regular expressions over the text of every
// statement it builds (named placeholders, quoted names), and the audit
// entry's INSERT is built afresh each time.
func driverOf(b dbx.Builder) (dbx.Executor, error) {
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
