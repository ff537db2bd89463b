package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The office's `settings` hold secrets (the SMS gateway's request, the
// replica's address): hidden, so that no guest response carries them and no
// guest filter or sort can probe them (hooks/office_secrets.go). The public
// page reads the few settings it needs through its own route.
func init() {
	hide, show := alter(OfficeID, func(c *core.Collection) {
		if f := c.Fields.GetByName("settings"); f != nil {
			f.SetHidden(true)
		}
	}, func(c *core.Collection) {
		if f := c.Fields.GetByName("settings"); f != nil {
			f.SetHidden(false)
		}
	})
	m.Register(hide, show)
}
