package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The two rating indexes (1795824900) held every dossier, rated or not: each
// intake wrote an empty key into both, two more pages in the write
// transaction's commit. They now hold only the dossiers they are searched for:
// those rated (rated_at set) and those rated "dissatisfied" still without a
// follow-up. The self-inspection's queries name the same conditions, so
// SQLite can use them (hooks/queryplan_test.go).
func init() {
	m.Register(alter(DossiersID, func(c *core.Collection) {
		c.RemoveIndex("idx_dossiers_rated_at")
		c.RemoveIndex("idx_dossiers_rating")
		c.AddIndex("idx_dossiers_rated_at", false, "rated_at", "rated_at != ''")
		c.AddIndex("idx_dossiers_rating_open", false, "rating", "rating = 'dissatisfied' AND rating_followup = ''")
	}, func(c *core.Collection) {
		c.RemoveIndex("idx_dossiers_rated_at")
		c.RemoveIndex("idx_dossiers_rating_open")
		c.AddIndex("idx_dossiers_rated_at", false, "rated_at", "")
		c.AddIndex("idx_dossiers_rating", false, "rating, rating_followup", "")
	}))
}
