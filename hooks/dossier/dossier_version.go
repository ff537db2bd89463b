package dossier

import (
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/actor"
	"motcua/hooks/kit"
)

// Optimistic concurrency for dossier steps (and the other records whose
// changes are steps: findings, feedback).
//
// PocketBase loads the record an update is applied to before the hooks run,
// outside any transaction, and then writes every column. Two staff taking a
// step on one dossier at the same moment both start from the same row: the
// second write silently undid the first (a return undone by an apology, a
// stop by a supplement request), and its event recorded a transition from a
// status the dossier no longer had. A step is therefore checked against the
// row as it is inside the write transaction (SQLite has one writer: nothing
// changes it between this read and the write): if any column differs from
// the state the change was based on (the record's Original(), as loaded for
// the request), the step is refused with a 409 and the clerk reloads.
//
// A client that shows the dossier to a person before the step (the desk)
// states its base explicitly: `If-Match: <updated>` with the `updated` value
// it displayed; a dossier changed since is refused the same way, before
// anything is checked.

// staleMessage is what the clerk reads when the dossier changed under them.
const staleMessage = "Hồ sơ vừa được người khác cập nhật; tải lại để xem."

// staleError is the 409 naming the fields that changed since the base.
func staleError(changed []string) error {
	errs := validation.Errors{}
	for _, f := range changed {
		errs[f] = validation.NewError("validation_motcua_changed", "Trường này vừa được người khác cập nhật.")
	}
	return router.NewApiError(http.StatusConflict, staleMessage, errs)
}

// refuseStale re-reads rec's row through tx (the write transaction) and
// refuses the change when the row is no longer the one it was based on.
func refuseStale(tx core.App, rec *core.Record) error {
	if rec.IsNew() {
		return nil
	}
	fresh, err := tx.FindRecordById(rec.Collection(), rec.Id)
	if err != nil {
		return err
	}
	base := rec.Original()
	var changed []string
	for _, f := range rec.Collection().Fields {
		if name := f.GetName(); !kit.ValuesEqual(base.Get(name), fresh.Get(name)) {
			changed = append(changed, name)
		}
	}
	if len(changed) > 0 {
		return staleError(changed)
	}
	return nil
}

// stepCollections are the other records whose changes are steps: a finding
// (open → acknowledged → resolved) and a citizen's feedback (answered,
// published). Their rules run in the same transaction as the check. Dossiers
// check in their own update hook (dossiers.go), which opens the transaction.
var stepCollections = []string{"findings", "feedback"}

// The records of stepCollections updated by an API request are those
// PocketBase loaded outside the transaction: their save carries a request
// step (step, dossiers.go). Go code saving these collections reads in its own
// transaction (the inspection), or saves one in-memory record twice (the demo
// loader), whose Original() is then not the stored row; it is not checked.

// RegisterStaleStepChecks honours If-Match on dossier updates and checks the
// steps of stepCollections against the row as it is.
func RegisterStaleStepChecks(app core.App) {
	app.OnRecordUpdateRequest(stepCollections...).BindFunc(func(e *core.RecordRequestEvent) error {
		orig := e.App
		defer func() { e.App = orig }()
		e.App = actor.WithSaveValue(e.App, stepKey{}, &step{rec: e.Record, request: true})
		return e.Next()
	})
	app.OnRecordUpdate(stepCollections...).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "motcuaStaleStep",
		// Before the collections' own rules, so that they run in the
		// transaction, on the row just checked.
		Priority: kit.PriorityStaleStep,
		Func: func(e *core.RecordEvent) error {
			if s, _ := stepFor(e.Context, e.Record); !s.request {
				return e.Next()
			}
			app := e.App
			defer func() { e.App = app }()
			return e.App.RunInTransaction(func(tx core.App) error {
				if err := refuseStale(tx, e.Record); err != nil {
					return err
				}
				e.App = tx
				return e.Next()
			})
		},
	})
	app.OnRecordUpdateRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
		want := strings.Trim(strings.TrimPrefix(strings.TrimSpace(e.Request.Header.Get("If-Match")), "W/"), `"`)
		if want == "" || want == "*" {
			return e.Next()
		}
		if have := e.Record.Original().GetDateTime("updated").String(); have != want {
			return staleError([]string{"updated"})
		}
		return e.Next()
	})
}
