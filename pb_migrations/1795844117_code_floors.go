package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The floors of the day counters of dossier codes and feedback tracking codes
// (hooks/dossier/restore_codes.go): every code issued reads it, so it must be
// there in every data dir, also one made before the floors existed. The
// server made it at start-up only; it is created here as the server created
// it, IF NOT EXISTS for the data dirs the server already gave it. The start-up
// keeps its own CREATE: it reconciles the floors of a restored data dir at
// bootstrap, before the migrations run. Down leaves the table (and the floors
// in it): an older binary reads it too, and without it would reissue codes.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS _motcua_code_floors
			(prefix TEXT PRIMARY KEY NOT NULL, last INTEGER NOT NULL) WITHOUT ROWID`).Execute()
		return err
	}, nil)
}
