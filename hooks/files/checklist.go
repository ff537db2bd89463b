package files

import (
	"encoding/json"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	migrations "motcua/pb_migrations"
)

// Item is one entry of a procedure's checklist (thành phần hồ sơ), as the
// `documents` JSON of procedures and dossiers holds it.
type Item struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Count int    `json:"count"`
	Note  string `json:"note,omitempty"`
}

// parseItems reads a `documents` JSON value; entries without a name are skipped.
func parseItems(raw any) []Item {
	b, err := json.Marshal(raw)
	if err != nil {
		return nil
	}
	var items []Item
	if json.Unmarshal(b, &items) != nil {
		return nil
	}
	out := items[:0]
	for _, it := range items {
		if it.Name = strings.TrimSpace(it.Name); it.Name != "" {
			out = append(out, it)
		}
	}
	return out
}

// checklist is what a paper of dossier may be: the items the dossier
// recorded at intake, then the procedure's checklist.
func checklist(app core.App, dossier *core.Record) ([]Item, error) {
	items := parseItems(dossier.Get("documents"))
	proc, err := app.FindRecordById(migrations.ProceduresID, dossier.GetString("procedure"))
	if err != nil {
		return nil, err
	}
	return append(items, parseItems(proc.Get("documents"))...), nil
}

// findItem finds an item by name, ignoring case and surrounding spaces.
func findItem(items []Item, name string) (Item, bool) {
	name = strings.TrimSpace(name)
	for _, it := range items {
		if strings.EqualFold(it.Name, name) {
			return it, true
		}
	}
	return Item{}, false
}
