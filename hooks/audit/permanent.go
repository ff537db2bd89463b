package audit

import (
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
)

// permanentCollections hold records that are administrative evidence and are
// never deleted, by anyone, the admin included: dossiers and their
// process-control sheet (Circular 03/2025, form 06), citizens' feedback
// (Decree 20/2008, the office must keep and answer it), the self-inspection's
// findings and the audit log (its own guards: audit.go). Their records cannot
// be deleted through the API, the admin UI, Go code or truncation (model
// hooks), nor with raw SQL (triggers, migration 1795825200); the collections
// cannot be deleted, renamed, nor lose a field (which would drop its column).
var permanentCollections = []string{"dossiers", "dossier_events", "feedback", "findings"}

func RegisterPermanent(app core.App) {
	refuseRecord := func(e *core.RecordEvent) error {
		return kit.Refusal("Không được xóa bản ghi của \"" + e.Record.Collection().Name + "\": đây là chứng từ hành chính, phải lưu giữ.")
	}
	// dossiers and dossier_events refuse with their own sentence (dossiers.go).
	app.OnRecordDelete("feedback", "findings").BindFunc(refuseRecord)

	app.OnCollectionDelete(permanentCollections...).BindFunc(func(e *core.CollectionEvent) error {
		return kit.Refusal("Không được xóa bảng \"" + e.Collection.Name + "\": dữ liệu phải lưu giữ.")
	})
	app.OnCollectionUpdate(permanentCollections...).BindFunc(func(e *core.CollectionEvent) error {
		orig, err := e.App.FindCollectionByNameOrId(e.Collection.Id)
		if err != nil {
			return e.Next() // a new collection
		}
		if orig.Name != e.Collection.Name {
			return kit.Refusal("Không được đổi tên bảng \"" + orig.Name + "\".")
		}
		for _, f := range orig.Fields {
			if e.Collection.Fields.GetById(f.GetId()) == nil {
				return kit.Refusal("Không được xóa trường \"" + f.GetName() + "\" của bảng \"" + orig.Name + "\": dữ liệu của trường sẽ mất.")
			}
		}
		return e.Next()
	})
	// Emptying one of them is refused by the record hook above, record by
	// record; PocketBase would answer the admin's truncate request with its
	// English "Failed to truncate collection": say why instead.
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			seg := strings.Split(strings.Trim(e.Request.URL.Path, "/"), "/")
			if e.Request.Method != http.MethodDelete || len(seg) != 4 || seg[0] != "api" || seg[1] != "collections" || seg[3] != "truncate" {
				return e.Next()
			}
			if c, err := e.App.FindCachedCollectionByNameOrId(seg[2]); err == nil && isPermanent(c.Name) {
				return e.BadRequestError("Không được xóa dữ liệu của bảng \""+c.Name+"\": dữ liệu phải lưu giữ.", nil)
			}
			return e.Next()
		})
		return se.Next()
	})
	// The collection-delete request answers with PocketBase's generic 400
	// otherwise: say why, for the admin.
	app.OnCollectionDeleteRequest().BindFunc(func(e *core.CollectionRequestEvent) error {
		if isPermanent(e.Collection.Name) {
			return e.BadRequestError("Không được xóa bảng \""+e.Collection.Name+"\": dữ liệu phải lưu giữ.", nil)
		}
		return e.Next()
	})
}

// isPermanent reports whether the collection name holds evidence that is
// never deleted: the permanent collections and the audit log.
func isPermanent(name string) bool {
	return name == Collection || slices.Contains(permanentCollections, name)
}
