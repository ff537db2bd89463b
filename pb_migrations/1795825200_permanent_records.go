package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Dossiers, their events, feedback and findings are never deleted (the hooks
// refuse it for the API, the admin UI and Go code, hooks/permanent.go): these
// triggers refuse it for raw SQL too.
func init() {
	tables := []string{"dossiers", "dossier_events", "feedback", "findings"}
	m.Register(func(app core.App) error {
		for _, t := range tables {
			q := `CREATE TRIGGER IF NOT EXISTS ` + t + `_no_delete BEFORE DELETE ON ` + t +
				` BEGIN SELECT RAISE(ABORT, 'Không được xóa: đây là chứng từ hành chính, phải lưu giữ.'); END`
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, t := range tables {
			if _, err := app.DB().NewQuery(`DROP TRIGGER IF EXISTS ` + t + `_no_delete`).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
