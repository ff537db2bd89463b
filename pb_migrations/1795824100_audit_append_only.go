package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The audit log is append-only for raw SQL too (the hooks refuse it for the
// API, the admin UI and Go code): these triggers abort any UPDATE or DELETE
// of an entry, whoever runs it. Someone with the database file can still drop
// them; the hash chain shows what they did afterwards.
func init() {
	m.Register(func(app core.App) error {
		for _, q := range []string{
			`CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
			 BEGIN SELECT RAISE(ABORT, 'Nhật ký kiểm toán chỉ được ghi thêm: không được sửa mục nhật ký.'); END`,
			`CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
			 BEGIN SELECT RAISE(ABORT, 'Nhật ký kiểm toán chỉ được ghi thêm: không được xóa mục nhật ký.'); END`,
		} {
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, q := range []string{
			`DROP TRIGGER IF EXISTS audit_log_no_update`,
			`DROP TRIGGER IF EXISTS audit_log_no_delete`,
		} {
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
