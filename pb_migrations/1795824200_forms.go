package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The printable forms (biểu mẫu in) add one field to dossiers: `print_url`,
// the link to the dossier's receipt on the staff print page. It is never
// stored: the forms hook fills it in every staff response with the address
// the clerk is using, so the admin UI shows it as a link in the list, right
// after the code (PocketBase renders URL fields as links that open a new tab).
func init() {
	m.Register(alter(DossiersID, func(c *core.Collection) {
		pos := 0
		for i, f := range c.Fields {
			if f.GetName() == "code" {
				pos = i + 1
			}
		}
		c.Fields.AddAt(pos, &core.URLField{Name: "print_url",
			Help: "Tự động: mở trang in Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01) và các phiếu khác"})
	}, func(c *core.Collection) { c.Fields.RemoveByName("print_url") }))
}
