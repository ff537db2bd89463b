package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The self-inspection reads the events of one kind in a period (supplement
// requests, receipts, transfers): an index on (action, at) turns each of
// those into a range read instead of a scan of every event of the period.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(EventsID)
		if err != nil {
			return err
		}
		c.AddIndex("idx_dossier_events_action_at", false, "action, at", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(EventsID)
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_dossier_events_action_at")
		return app.Save(c)
	})
}
