package roles

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
	"motcua/internal/access"
)

// RegisterRoles holds every non-admin staff member to the allow-list of
// internal/access. Two layers: a global middleware refuses every API route
// that is not on the list (settings, backups, logs, crons, SQL console,
// collection changes, impersonation, batch, ...), and record request hooks
// check the collection and action again, because batch sub-requests and
// future routes reach records without passing the path check.
func RegisterRoles(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			role, limited := principalRole(e)
			if !limited {
				return e.Next()
			}
			if e.Request.Method == http.MethodGet && e.Request.URL.Path == "/api/settings" && e.Auth != nil {
				return e.JSON(http.StatusOK, limitedSettings(e.App))
			}
			if msg := routeDenial(e.App, role, e.Request.Method, e.Request.URL.Path); msg != "" {
				return e.ForbiddenError(msg, nil)
			}
			if msg := queryDenial(e.App, role, e.Request.URL); msg != "" {
				return e.ForbiddenError(msg, nil)
			}
			return e.Next()
		})
		return se.Next()
	})

	check := func(action access.Action) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error {
			if role, limited := kit.LimitedRole(e.RequestEvent); limited && !access.Can(role, e.Collection.Name, action) {
				return e.ForbiddenError(denied(role, action, e.Collection.Name), nil)
			}
			return e.Next()
		}
	}
	// Realtime subscriptions deliver records the way a list does: a member
	// may subscribe only to what they may read.
	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		role, limited := kit.LimitedRole(e.RequestEvent)
		if !limited {
			return e.Next()
		}
		for _, sub := range e.Subscriptions {
			if msg := subscriptionDenial(e.App, role, sub); msg != "" {
				return e.ForbiddenError(msg, nil)
			}
		}
		return e.Next()
	})
	app.OnRecordCreateRequest().BindFunc(check(access.Create))
	app.OnRecordUpdateRequest().BindFunc(check(access.Update))
	app.OnRecordDeleteRequest().BindFunc(check(access.Delete))
	app.OnRecordViewRequest().BindFunc(check(access.Read))
	app.OnRecordsListRequest().BindFunc(func(e *core.RecordsListRequestEvent) error {
		if role, limited := kit.LimitedRole(e.RequestEvent); limited && !access.Can(role, e.Collection.Name, access.Read) {
			return e.ForbiddenError(denied(role, access.Read, e.Collection.Name), nil)
		}
		return e.Next()
	})
}

// limitedSettings is what a limited staff member's admin UI gets for GET
// /api/settings, which it calls on every sign-in: the few display settings
// it reads (app name, accent colour), with the collection controls hidden,
// and nothing else (an allow-list: no mail, storage, backup or token
// settings). Refusing the call would greet every clerk with an error toast.
func limitedSettings(app core.App) map[string]any {
	meta := app.Settings().Meta
	return map[string]any{"meta": map[string]any{
		"appName": meta.AppName, "appURL": meta.AppURL, "accentColor": meta.AccentColor, "hideControls": true,
	}}
}

// principalRole is limitedRole for the request's principal: the signed-in
// account, or, for a request that carries only a file token (`?token=`, as
// the admin UI uses for protected files and backup downloads), the account
// that minted it. A file token thus carries its minter's role, never more.
func principalRole(e *core.RequestEvent) (string, bool) {
	if e.Auth != nil {
		return kit.LimitedRole(e)
	}
	token := e.Request.URL.Query().Get("token")
	if token == "" {
		return "", false
	}
	rec, err := e.App.FindAuthRecordByToken(token, core.TokenTypeFile)
	if err != nil || !rec.IsSuperuser() {
		return "", false
	}
	role := kit.StaffRole(rec)
	return role, role != access.Admin
}

// queryDenial applies reachDenial to a request on a collection's routes
// (records, auth): what its filter, sort and expand name must be readable.
func queryDenial(app core.App, role string, u *url.URL) string {
	rest, ok := strings.CutPrefix(u.Path, "/api/collections/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return ""
	}
	return reachDenial(app, role, c, u.Query())
}

func denied(role string, action access.Action, collection string) string {
	verb := map[access.Action]string{
		access.Read: "xem", access.Create: "tạo", access.Update: "sửa", access.Delete: "xóa",
	}[action]
	who := access.RoleLabel(role)
	if who == "" {
		who = "Tài khoản chưa được gán vai trò"
	}
	return who + " không có quyền " + verb + " dữ liệu \"" + collection + "\"."
}

// routeDenial returns why a limited staff member may not call an API route,
// or "" when the route is on the allow-list. Paths outside /api (the public
// page, the admin UI's static files) are always allowed.
func routeDenial(app core.App, role, method, path string) string {
	if !strings.HasPrefix(path, "/api/") {
		return ""
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")[1:] // drop "api"
	refuse := access.RoleLabel(role) + " không có quyền dùng chức năng này (" + method + " " + path + ")."
	if role == "" {
		refuse = "Tài khoản chưa được gán vai trò: hãy nhờ quản trị phân quyền."
	}
	switch seg[0] {
	case "health", "motcua", "realtime":
		return ""
	case "files":
		if len(seg) == 2 && seg[1] == "token" && method == http.MethodPost {
			return ""
		}
		if method == http.MethodGet && len(seg) == 4 {
			// /api/files/{collection}/{record}/{file}: a file is read with its record.
			collection := seg[1]
			if c, err := app.FindCachedCollectionByNameOrId(collection); err == nil {
				collection = c.Name
			}
			if !access.Can(role, collection, access.Read) {
				return denied(role, access.Read, collection)
			}
			return ""
		}
		return refuse
	case "collections":
		return collectionRouteDenial(app, role, method, seg[1:], refuse)
	}
	return refuse
}

// collectionRouteDenial handles /api/collections/...: reading schemas (the admin
// UI needs them), records within the role table, and the member's own sign-in.
func collectionRouteDenial(app core.App, role, method string, seg []string, refuse string) string {
	if method == http.MethodGet && (len(seg) <= 1 || seg[0] == "meta") {
		// Reading schemas and their metadata (OAuth2 providers, scaffolds):
		// the admin UI needs them on every page.
		return ""
	}
	if len(seg) <= 1 {
		return refuse
	}
	collection := seg[0]
	if c, err := app.FindCachedCollectionByNameOrId(collection); err == nil {
		collection = c.Name
	}
	switch seg[1] {
	case "records":
		action := map[string]access.Action{
			http.MethodGet: access.Read, http.MethodPost: access.Create,
			http.MethodPatch: access.Update, http.MethodDelete: access.Delete,
		}[method]
		if action == "" || !access.Can(role, collection, action) {
			return denied(role, action, collection)
		}
		return ""
	case "auth-methods", "auth-refresh", "auth-with-password", "auth-with-otp", "request-otp",
		"request-password-reset", "confirm-password-reset":
		return ""
	}
	return refuse // impersonate, email change, truncate, ...
}
