package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// GuestFactorFailuresTable counts, per dossier code, the guesses of the second
// factor the public routes ask for (the last four digits of the phone given at
// receipt): the rating and the detailed look-up lock a code after a few wrong
// answers, whoever sends them and from wherever (hooks/public_factor.go).
//
// It is a plain table, not a collection: it is nobody's record, it is not
// shown in the admin UI or the API, and a bot's guesses must not grow the
// append-only audit log. Rows are forgotten a day after their last guess.
const GuestFactorFailuresTable = "motcua_guest_factor_failures"

func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS ` + GuestFactorFailuresTable + ` (
			code TEXT PRIMARY KEY NOT NULL,
			failures INTEGER NOT NULL DEFAULT 0,
			last_at INTEGER NOT NULL DEFAULT 0,
			locked_until INTEGER NOT NULL DEFAULT 0
		) WITHOUT ROWID`).Execute()
		if err != nil {
			return err
		}
		_, err = app.DB().NewQuery(`CREATE INDEX IF NOT EXISTS idx_guest_factor_failures_last_at ON ` +
			GuestFactorFailuresTable + ` (last_at)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS ` + GuestFactorFailuresTable).Execute()
		return err
	})
}
