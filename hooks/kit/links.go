package kit

import "github.com/pocketbase/pocketbase/core"

// ComputedLink fills a link field of dossiers in every staff response (list
// and view) and keeps it unstored: whatever a client sends in it (the admin
// UI sends every field back with each save) is dropped.
func ComputedLink(app core.App, field string, link func(*core.Record) string) {
	app.OnRecordsListRequest("dossiers").BindFunc(func(e *core.RecordsListRequestEvent) error {
		if e.HasSuperuserAuth() {
			for _, r := range e.Records {
				r.Set(field, link(r))
			}
		}
		return e.Next()
	})
	app.OnRecordViewRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			e.Record.Set(field, link(e.Record))
		}
		return e.Next()
	})
	keep := func(e *core.RecordRequestEvent) error {
		e.Record.Set(field, "") // as stored: never anything else
		return e.Next()
	}
	app.OnRecordCreateRequest("dossiers").BindFunc(keep)
	app.OnRecordUpdateRequest("dossiers").BindFunc(keep)
}
