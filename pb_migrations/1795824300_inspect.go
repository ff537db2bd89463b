package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The self-inspection reads the events of one kind in a period (supplement
// requests, receipts, transfers): an index on (action, at) turns each of
// those into a range read instead of a scan of every event of the period.
func init() {
	m.Register(alter(EventsID,
		func(c *core.Collection) { c.AddIndex("idx_dossier_events_action_at", false, "action, at", "") },
		func(c *core.Collection) { c.RemoveIndex("idx_dossier_events_action_at") }))
}
