package hooks

import (
	"encoding/json"
	"reflect"

	"github.com/pocketbase/dbx"
)

func dbxNotIn(col string, v ...any) dbx.Expression { return dbx.NotIn(col, v...) }
func dbxHash(col string, v any) dbx.Expression     { return dbx.HashExp{col: v} }

// valuesEqual compares two field values as the API would show them.
func valuesEqual(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

func dbxIn(col string, v ...any) dbx.Expression { return dbx.In(col, v...) }
