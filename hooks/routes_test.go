package hooks_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/testapp"
)

// TestRoutesAreListed holds hooks.Routes to the router: every route Motcua
// binds (what the app's router has after OnServe beyond bare PocketBase's) is
// in the list, and every route in the list is bound, so the list in
// register.go stays the API's table of contents.
func TestRoutesAreListed(t *testing.T) {
	app := testapp.New(t)
	bare, err := apis.NewRouter(app)
	require.NoError(t, err)
	pocketbase := routesOf(bare.RouterGroup)

	router, err := apis.NewRouter(app)
	require.NoError(t, err)
	se := &core.ServeEvent{App: app, Router: router}
	require.NoError(t, app.OnServe().Trigger(se, func(*core.ServeEvent) error { return nil }))
	var motcua []string
	for _, r := range routesOf(router.RouterGroup) {
		if !slices.Contains(pocketbase, r) && !strings.HasPrefix(r, "GET /_/") { // the admin UI's, PocketBase's
			motcua = append(motcua, r)
		}
	}
	slices.Sort(motcua)
	listed := slices.Clone(hooks.Routes)
	slices.Sort(listed)
	require.Equal(t, listed, motcua, "hooks.Routes (register.go) against the routes bound")
}

// routesOf lists a router group's routes as "METHOD /path". PocketBase keeps
// a group's children unexported; reflection reads them (nothing is written).
func routesOf(g any) []string {
	var out []string
	walkRoutes(reflect.ValueOf(g).Elem(), "", &out)
	return out
}

func walkRoutes(g reflect.Value, prefix string, out *[]string) {
	prefix += g.FieldByName("Prefix").String()
	children := g.FieldByName("children")
	for i := 0; i < children.Len(); i++ {
		c := children.Index(i).Elem().Elem() // any → *Route or *RouterGroup → struct
		if _, group := c.Type().FieldByName("children"); group {
			walkRoutes(c, prefix, out)
			continue
		}
		*out = append(*out, strings.TrimSpace(c.FieldByName("Method").String()+" "+prefix+c.FieldByName("Path").String()))
	}
}
