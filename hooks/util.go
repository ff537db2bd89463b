package hooks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// dbTime writes t as PocketBase stores dates (types.DefaultDateLayout, UTC),
// so that text comparisons in SQL compare instants. Every stored date a
// query compares against is written by it.
func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

func dbxNotIn(col string, v ...any) dbx.Expression { return dbx.NotIn(col, v...) }
func dbxHash(col string, v any) dbx.Expression     { return dbx.HashExp{col: v} }

// isEmptyValue reports whether a field value is empty: nil, "", 0, false, an
// empty list, a zero date or a JSON null.
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	case bool:
		return !x
	case float64:
		return x == 0
	case int:
		return x == 0
	case interface{ IsZero() bool }:
		return x.IsZero()
	case fmt.Stringer:
		s := strings.TrimSpace(x.String())
		return s == "" || s == "null"
	}
	return false
}

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

// changedFields lists the fields whose value differs from the stored record
// (orig: r.Original(), a copy of the whole record the caller makes once).
// A password counts as changed when its hash did.
func changedFields(r, orig *core.Record) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypePassword {
			if passwordHash(r, name) != passwordHash(orig, name) {
				out = append(out, name)
			}
			continue
		}
		if !valuesEqual(orig.Get(name), r.Get(name)) {
			out = append(out, name)
		}
	}
	return out
}

func passwordHash(r *core.Record, field string) string {
	if v, ok := r.GetRaw(field).(*core.PasswordFieldValue); ok && v != nil {
		return v.Hash
	}
	return ""
}
