package migrations

import "github.com/pocketbase/pocketbase/core"

// alter returns the up and down of a migration that changes one collection,
// for the small dated edits that follow the first schema: each function edits
// the collection in memory, alter saves it.
func alter(collectionID string, up, down func(c *core.Collection)) (upFn, downFn func(core.App) error) {
	apply := func(edit func(c *core.Collection)) func(core.App) error {
		return func(app core.App) error {
			c, err := app.FindCollectionByNameOrId(collectionID)
			if err != nil {
				return err
			}
			edit(c)
			return app.Save(c)
		}
	}
	return apply(up), apply(down)
}

// addFields returns the up and down of a migration that adds fields to a
// collection.
func addFields(collectionID string, fields ...core.Field) (up, down func(core.App) error) {
	return alter(collectionID,
		func(c *core.Collection) { c.Fields.Add(fields...) },
		func(c *core.Collection) {
			for _, f := range fields {
				c.Fields.RemoveByName(f.GetName())
			}
		})
}
