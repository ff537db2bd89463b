package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The public look-up shows a dossier's steps (action, time, status). With an
// index on (dossier, at) alone, each step was a row read from wherever the
// events table had put it: seven-odd random pages per look-up in a data dir
// of ten years, where a bare view by id reads one row. The index now also
// holds created, action and to_status, so the timeline is read from the index
// alone, in order, from one or two neighbouring pages. Every other use of
// (dossier, at) keeps working on the wider index.
func init() {
	m.Register(alter(EventsID, func(c *core.Collection) {
		c.RemoveIndex("idx_dossier_events_dossier_at")
		c.AddIndex("idx_dossier_events_dossier_at", false, "dossier, at, created, action, to_status", "")
	}, func(c *core.Collection) {
		c.RemoveIndex("idx_dossier_events_dossier_at")
		c.AddIndex("idx_dossier_events_dossier_at", false, "dossier, at", "")
	}))
}
