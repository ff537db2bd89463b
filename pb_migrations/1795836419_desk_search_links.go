package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"motcua/internal/vntext"
)

// The staff desk (pb_public/desk) adds two computed fields to dossiers:
//   - search_text: the dossier's code, applicant name, phone and ID number
//     folded without diacritics (internal/vntext), so that staff find any
//     dossier they may read with the records API's own filter
//     (`search_text~'hoang thi'`), under the role guard that decides every
//     query. Set by the dossier hooks on every save, never typed; hidden, so
//     no API rule can ever publish it. Existing rows are filled here.
//   - desk_url: the dossier's page on the desk, a link in the admin UI's list
//     beside print_url; never stored (filled in every staff response).
func init() {
	add, remove := alter(DossiersID, func(c *core.Collection) {
		// The desk link right after the print link, so both show in the
		// admin UI's list next to the code.
		pos := len(c.Fields)
		for i, f := range c.Fields {
			if f.GetName() == "print_url" {
				pos = i + 1
			}
		}
		c.Fields.AddAt(pos, &core.URLField{Name: "desk_url",
			Help: "Tự động: mở hồ sơ trên bàn làm việc của cán bộ (/desk/)"})
		c.Fields.Add(&core.TextField{Name: "search_text", Hidden: true, Max: 2000,
			Help: "Tự động: mã, họ tên, điện thoại, số giấy tờ viết không dấu, để tìm hồ sơ"})
	}, func(c *core.Collection) {
		c.Fields.RemoveByName("desk_url")
		c.Fields.RemoveByName("search_text")
	})
	m.Register(func(app core.App) error {
		if err := add(app); err != nil {
			return err
		}
		var rows []struct {
			ID       string `db:"id"`
			Code     string `db:"code"`
			Name     string `db:"applicant_name"`
			Phone    string `db:"applicant_phone"`
			IDNumber string `db:"applicant_id_number"`
		}
		err := app.DB().NewQuery("SELECT id, code, applicant_name, applicant_phone, applicant_id_number FROM dossiers").All(&rows)
		if err != nil {
			return err
		}
		for _, r := range rows {
			_, err := app.DB().NewQuery("UPDATE dossiers SET search_text = {:t} WHERE id = {:id}").
				Bind(map[string]any{"t": vntext.SearchKey(r.Code, r.Name, r.Phone, r.IDNumber), "id": r.ID}).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	}, remove)
}
