package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The printable forms of Circular 03/2025/TT-VPCP name the one-stop unit that
// receives dossiers and the committee's letters 04 and 05 carry a number and
// symbol (Decree 30/2020/NĐ-CP Annex I). Two office fields:
//   - unit_name: the unit, since 1 July 2025 the commune's "Trung tâm Phục vụ
//     hành chính công" (Decree 118/2025/NĐ-CP); existing offices get it;
//   - letter_symbol: the drafting unit's abbreviation in the symbol of letter
//     04 ("Số: 03/UBND-TTPVHCC"); empty means TTPVHCC.
func init() {
	add, remove := addFields(OfficeID,
		&core.TextField{Name: "unit_name", Max: 200,
			Help: "Tên bộ phận tiếp nhận, in trên biểu mẫu, ví dụ Trung tâm Phục vụ hành chính công"},
		&core.TextField{Name: "letter_symbol", Max: 40, Pattern: `^[A-ZĐ0-9][A-ZĐ0-9.-]*$`,
			Help: "Ký hiệu đơn vị soạn thảo trên văn bản mẫu 04, ví dụ TTPVHCC"},
	)
	m.Register(func(app core.App) error {
		if err := add(app); err != nil {
			return err
		}
		_, err := app.DB().NewQuery("UPDATE office SET unit_name = 'Trung tâm Phục vụ hành chính công' WHERE unit_name = ''").Execute()
		return err
	}, remove)
}
