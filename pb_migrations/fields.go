package migrations

import "github.com/pocketbase/pocketbase/core"

// addFields returns the up and down of a migration that adds fields to a
// collection, for the small dated edits that follow the first schema.
func addFields(collectionID string, fields ...core.Field) (up, down func(core.App) error) {
	up = func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(collectionID)
		if err != nil {
			return err
		}
		c.Fields.Add(fields...)
		return app.Save(c)
	}
	down = func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(collectionID)
		if err != nil {
			return err
		}
		for _, f := range fields {
			c.Fields.RemoveByName(f.GetName())
		}
		return app.Save(c)
	}
	return up, down
}
