package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Indexes found missing by the query-plan test (hooks/queryplan_test.go) and
// the ten-year benchmarks (BENCHMARKS.md): the self-inspection and the
// indicators select the dossiers rated in a period and those rated
// "dissatisfied" with no follow-up yet; without these two indexes each
// inspection read every dossier of ten years (a full scan of 400,000 rows).
func init() {
	m.Register(alter(DossiersID, func(c *core.Collection) {
		c.AddIndex("idx_dossiers_rated_at", false, "rated_at", "")
		c.AddIndex("idx_dossiers_rating", false, "rating, rating_followup", "")
		// (ended_at, received_at) replaces (ended_at): "in progress at the
		// period's end" (ended after it, received before it) is then tested
		// in the index, without reading a year of ended dossiers' rows.
		c.RemoveIndex("idx_dossiers_ended_at")
		c.AddIndex("idx_dossiers_ended_received", false, "ended_at, received_at", "")
	}, func(c *core.Collection) {
		c.RemoveIndex("idx_dossiers_rated_at")
		c.RemoveIndex("idx_dossiers_rating")
		c.RemoveIndex("idx_dossiers_ended_received")
		c.AddIndex("idx_dossiers_ended_at", false, "ended_at", "")
	}))
}
