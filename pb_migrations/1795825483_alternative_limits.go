package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Conditional time limits (issue 13.6): a procedure may carry alternative
// limits with their condition ("up to 5 working days when verification is
// needed"), and the receiving clerk picks one at intake, recorded on the
// dossier.
func init() {
	m.Register(func(app core.App) error {
		p, err := app.FindCollectionByNameOrId(ProceduresID)
		if err != nil {
			return err
		}
		p.Fields.Add(&core.JSONField{Name: "alt_limits", MaxSize: 10000,
			Help: `Thời hạn thay thế có điều kiện: [{"days": 5, "condition": "Trường hợp cần xác minh"}]`})
		if err := app.Save(p); err != nil {
			return err
		}
		d, err := app.FindCollectionByNameOrId(DossiersID)
		if err != nil {
			return err
		}
		d.Fields.Add(&core.NumberField{Name: "time_limit_alt", OnlyInt: true, Min: types.Pointer(0.0),
			Help: "Thời hạn áp dụng: 0 là thời hạn thông thường, n là thời hạn thay thế thứ n của thủ tục (chọn khi tiếp nhận)"})
		return app.Save(d)
	}, func(app core.App) error {
		for id, field := range map[string]string{ProceduresID: "alt_limits", DossiersID: "time_limit_alt"} {
			c, err := app.FindCollectionByNameOrId(id)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName(field)
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
