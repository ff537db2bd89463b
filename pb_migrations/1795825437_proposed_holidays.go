package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A holiday entry may be "proposed": a day off proposed but not enacted (24
// November, Ngày Văn hóa Việt Nam). It is not a day off until the IT officer
// confirms it by changing its kind to "holiday" (issue 13.7).
func init() {
	m.Register(func(app core.App) error {
		return setHolidayKinds(app, "holiday", "substitute", "makeup", "proposed")
	}, func(app core.App) error {
		return setHolidayKinds(app, "holiday", "substitute", "makeup")
	})
}

func setHolidayKinds(app core.App, kinds ...string) error {
	c, err := app.FindCollectionByNameOrId(HolidaysID)
	if err != nil {
		return err
	}
	f, ok := c.Fields.GetByName("kind").(*core.SelectField)
	if !ok {
		return nil
	}
	f.Values = kinds
	f.Help = "holiday: ngày nghỉ lễ, Tết; substitute: nghỉ bù; makeup: làm bù; proposed: đề xuất, chưa tính là ngày nghỉ"
	return app.Save(c)
}
