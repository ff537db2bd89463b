package kit

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// DBTime writes t as PocketBase stores dates (types.DefaultDateLayout, UTC),
// so that text comparisons in SQL compare instants. Every stored date a
// query compares against is written by it.
func DBTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// IsEmptyValue reports whether a field value is empty: nil, "", 0, false, an
// empty list, a zero date or a JSON null.
func IsEmptyValue(v any) bool {
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

// ValuesEqual compares two field values as the API would show them.
func ValuesEqual(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// ChangedFields lists the fields whose value differs from the stored record
// (orig: r.Original(), a copy of the whole record the caller makes once).
// A password counts as changed when its hash did.
func ChangedFields(r, orig *core.Record) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypePassword {
			if PasswordHash(r, name) != PasswordHash(orig, name) {
				out = append(out, name)
			}
			continue
		}
		if !ValuesEqual(orig.Get(name), r.Get(name)) {
			out = append(out, name)
		}
	}
	return out
}

func PasswordHash(r *core.Record, field string) string {
	if v, ok := r.GetRaw(field).(*core.PasswordFieldValue); ok && v != nil {
		return v.Hash
	}
	return ""
}
