package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Feedback may name the dossier it complains about: only such a complaint
// about a dossier's handling counts against that dossier in indicator 5.4 of
// Decision 766/QĐ-TTg; feedback about the rules themselves does not (issue
// 13.13).
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(FeedbackID)
		if err != nil {
			return err
		}
		c.Fields.Add(&core.RelationField{Name: "dossier", CollectionId: DossiersID, MaxSelect: 1,
			Help: "Hồ sơ bị phản ánh về việc giải quyết (để trống khi phản ánh về quy định hành chính)"})
		c.AddIndex("idx_feedback_dossier", false, "dossier", "dossier != ''")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(FeedbackID)
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_feedback_dossier")
		c.Fields.RemoveByName("dossier")
		return app.Save(c)
	})
}
