package roles

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"motcua/internal/access"
)

// What a limited staff member may *see* is decided here, next to what they
// may *do* (roles.go): superusers skip PocketBase's API rules, so without this
// a clerk's `filter`, `sort` or `expand` would reach anything. A query may
// name a field only when the role may read its collection (internal/access)
// and the field is not hidden (password, tokenKey, ...); `@collection.X`,
// relation paths and back-relations (`x_via_y`) are walked segment by segment
// and every collection on the way must be readable. The walk uses
// PocketBase's own filter parser, so every identifier the query would
// resolve is checked, function arguments included.

// reachDenial returns why role may not run a query (filter, sort, expand)
// on collection, or "" when every name in it is within reach.
func reachDenial(app core.App, role string, collection *core.Collection, q url.Values) string {
	w := reachWalker{app: app, role: role, base: collection}
	if f := q.Get("filter"); f != "" {
		// A filter that does not parse is PocketBase's to refuse (400).
		_, _ = search.FilterData(f).BuildExpr(&w)
		if w.denial != "" {
			return w.denial
		}
	}
	if s := q.Get("sort"); s != "" {
		for _, f := range search.ParseSortFromString(s) {
			if f.Name == "@random" || f.Name == "@rowid" || f.Name == "" {
				continue
			}
			if msg := w.field(f.Name); msg != "" {
				return msg
			}
		}
	}
	if x := q.Get("expand"); x != "" {
		for _, path := range strings.Split(x, ",") {
			if msg := w.expand(strings.TrimSpace(path)); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// subscriptionDenial checks a realtime subscription ("coll/topic?options=
// {json}"): the collection must be readable and the options' query within
// reach.
func subscriptionDenial(app core.App, role, sub string) string {
	topic, rawQuery, _ := strings.Cut(sub, "?")
	name, _, _ := strings.Cut(topic, "/")
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		if !access.Can(role, name, access.Read) {
			return denied(role, access.Read, name)
		}
		return "" // not a collection topic; PocketBase delivers nothing for it
	}
	if !access.Can(role, c.Name, access.Read) {
		return denied(role, access.Read, c.Name)
	}
	params, _ := url.ParseQuery(rawQuery)
	var opts struct {
		Query map[string]string `json:"query"`
	}
	if raw := params.Get("options"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &opts); err != nil {
			return "Tùy chọn đăng ký nhận tin không hợp lệ."
		}
	}
	q := url.Values{}
	for k, v := range opts.Query {
		q.Set(k, v)
	}
	return reachDenial(app, role, c, q)
}

// reachWalker is a search.FieldResolver that resolves nothing: it only
// checks each name the parser hands it and remembers the first refusal.
type reachWalker struct {
	app    core.App
	role   string
	base   *core.Collection
	denial string
}

func (w *reachWalker) UpdateQuery(*dbx.SelectQuery) error { return nil }

func (w *reachWalker) Resolve(name string) (*search.ResolverResult, error) {
	if msg := w.field(name); msg != "" {
		if w.denial == "" {
			w.denial = msg
		}
		return nil, errReach
	}
	return &search.ResolverResult{Identifier: "NULL"}, nil
}

// errReach stops the parser at the first name out of reach; the sentence
// for the clerk is kept in denial.
var errReach = errors.New("field out of reach")

var viaName = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// field checks one field path of a filter or sort.
func (w *reachWalker) field(name string) string {
	parts := strings.Split(name, ".")
	coll := w.base
	switch {
	case parts[0] == "@collection":
		if len(parts) < 3 {
			return w.refuseName(name)
		}
		cname, _, _ := strings.Cut(parts[1], ":")
		c, msg := w.readable(cname)
		if msg != "" {
			return msg
		}
		coll, parts = c, parts[2:]
	case parts[0] == "@request":
		// The caller's own request: body, query, headers, method, context are
		// theirs; @request.auth.* walks their own account record like any path.
		if len(parts) < 3 || parts[1] != "auth" {
			return ""
		}
		c, msg := w.readable(core.CollectionNameSuperusers)
		if msg != "" {
			return msg
		}
		coll, parts = c, parts[2:]
	case strings.HasPrefix(parts[0], "@"):
		return "" // a macro such as @now; unknown ones fail in PocketBase
	}
	return w.walk(name, coll, parts, false)
}

// expand checks one expand path: relation fields and back-relations only.
func (w *reachWalker) expand(path string) string {
	if path == "" {
		return ""
	}
	return w.walk(path, w.base, strings.Split(path, "."), true)
}

func (w *reachWalker) walk(name string, coll *core.Collection, parts []string, relationsOnly bool) string {
	for i, part := range parts {
		seg, _, _ := strings.Cut(part, ":") // modifiers: :each, :length, :lower, :isset, :changed
		f := coll.Fields.GetByName(seg)
		if f == nil {
			m := viaName.FindStringSubmatch(seg)
			if m == nil {
				return w.refuseName(name)
			}
			back, msg := w.readable(m[1])
			if msg != "" {
				return msg
			}
			bf := back.Fields.GetByName(m[2])
			if bf == nil || bf.Type() != core.FieldTypeRelation || bf.GetHidden() {
				return w.refuseName(name)
			}
			coll = back
			continue
		}
		if f.GetHidden() && !access.Searchable(coll.Name, seg) {
			return access.RoleLabel(w.role) + " không được dùng trường ẩn \"" + seg + "\" của \"" + coll.Name + "\" trong truy vấn."
		}
		rel, ok := f.(*core.RelationField)
		if !ok {
			if relationsOnly {
				return w.refuseName(name)
			}
			return "" // a plain or JSON field: the rest of the path is inside its value
		}
		if i == len(parts)-1 {
			if relationsOnly {
				_, msg := w.readable(rel.CollectionId)
				return msg
			}
			return ""
		}
		next, msg := w.readable(rel.CollectionId)
		if msg != "" {
			return msg
		}
		coll = next
	}
	return ""
}

func (w *reachWalker) readable(name string) (*core.Collection, string) {
	c, err := w.app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, "Không có dữ liệu \"" + name + "\"."
	}
	if !access.Can(w.role, c.Name, access.Read) {
		return nil, denied(w.role, access.Read, c.Name)
	}
	return c, ""
}

func (w *reachWalker) refuseName(name string) string {
	return "Truy vấn dùng tên \"" + name + "\" không có trong dữ liệu \"" + w.base.Name + "\"."
}
