package hooks

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// registerPublicPage serves the citizens' page (trang công khai) from the
// embedded pb_public at "/"; the admin UI at /_/ and the API keep precedence.
func registerPublicPage(app core.App, public fs.FS) {
	if public == nil {
		return
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if !se.Router.HasRoute("GET", "/{path...}") {
			se.Router.GET("/{path...}", apis.Static(public, true)).Bind(apis.Gzip())
		}
		return se.Next()
	})
}
