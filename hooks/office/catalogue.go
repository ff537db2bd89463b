package office

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/vntext"
)

// RegisterCatalogue keeps the procedure catalogue (danh mục thủ tục) searchable
// without diacritics: `search_text` is derived from the code, the name and the
// sector, on every save by anyone, and refreshed when a sector is renamed.
func RegisterCatalogue(app core.App) {
	app.OnRecordCreate("procedures").BindFunc(procedureSearchText)
	app.OnRecordUpdate("procedures").BindFunc(procedureSearchText)

	sectorText := func(e *core.RecordEvent) error {
		e.Record.Set("search_text", vntext.Fold(e.Record.GetString("name")))
		return e.Next()
	}
	app.OnRecordCreate("sectors").BindFunc(sectorText)
	app.OnRecordUpdate("sectors").BindFunc(func(e *core.RecordEvent) error {
		renamed := e.Record.GetString("name") != e.Record.Original().GetString("name")
		if !renamed {
			return sectorText(e)
		}
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := sectorText(e); err != nil {
				return err
			}
			procs, err := tx.FindAllRecords("procedures", dbx.HashExp{"sector": e.Record.Id})
			if err != nil {
				return err
			}
			for _, p := range procs {
				if err := tx.Save(p); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

func procedureSearchText(e *core.RecordEvent) error {
	parts := []string{e.Record.GetString("code"), e.Record.GetString("name")}
	if s, err := e.App.FindRecordById("sectors", e.Record.GetString("sector")); err == nil {
		parts = append(parts, s.GetString("name"))
	}
	e.Record.Set("search_text", vntext.Fold(strings.Join(parts, " ")))
	return e.Next()
}
