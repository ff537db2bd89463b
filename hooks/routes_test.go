package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/access"
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
	var listed []string
	for _, r := range hooks.Routes {
		listed = append(listed, r.Route)
	}
	slices.Sort(listed)
	require.Equal(t, listed, motcua, "hooks.Routes (register.go) against the routes bound")
}

// TestRoutesAdmitTheirStaff holds each route to who hooks.Routes says may
// call it, through the real router: a route open to guests answers a guest
// (whatever its own checks then say, never "sign in" or "forbidden"); a staff
// route asks a guest to sign in (401), refuses every other role by name (403),
// and lets each of its roles through. Path values are a real dossier's, so
// an admitted request reaches its handler.
func TestRoutesAdmitTheirStaff(t *testing.T) {
	app := testapp.New(t)
	var id, code string
	require.NoError(t, app.DB().NewQuery(`SELECT id, code FROM dossiers WHERE status = 'processing' ORDER BY id LIMIT 1`).Row(&id, &code))
	var procedure string
	require.NoError(t, app.DB().NewQuery(`SELECT code FROM procedures ORDER BY code LIMIT 1`).Row(&procedure))
	values := strings.NewReplacer("{dossier}", id, "{id}", id, "{code}", code,
		"{form}", "01", "{ref}", procedure, "{path...}", "")
	message := func(res *httptest.ResponseRecorder) string {
		var body struct{ Message string }
		_ = json.Unmarshal(res.Body.Bytes(), &body)
		return body.Message
	}
	for _, r := range hooks.Routes {
		method, path, _ := strings.Cut(r.Route, " ")
		path = values.Replace(path)
		guest := testapp.Do(t, app, nil, method, path, "")
		if len(r.Staff) == 0 {
			require.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, guest.Code, "%s is open to guests: %s", r.Route, guest.Body)
			continue
		}
		require.Equal(t, http.StatusUnauthorized, guest.Code, "%s as a guest: %s", r.Route, guest.Body)
		require.Equal(t, "Cần đăng nhập bằng tài khoản cán bộ.", message(guest), r.Route)
		for _, role := range access.Roles {
			res := testapp.Do(t, app, testapp.Auth(t, app, role), method, path, "")
			if !slices.Contains(r.Staff, role) {
				require.Equal(t, http.StatusForbidden, res.Code, "%s as %s", r.Route, role)
				require.True(t, strings.HasPrefix(message(res), access.RoleLabel(role)+" không có quyền "), "%s as %s: %s", r.Route, role, res.Body)
				continue
			}
			require.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, res.Code, "%s admits %s: %s", r.Route, role, res.Body)
			require.Less(t, res.Code, http.StatusInternalServerError, "%s as %s: %s", r.Route, role, res.Body)
		}
	}
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
