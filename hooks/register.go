// Package hooks binds Motcua's rules to a PocketBase app. Register is the
// table of contents: one line per domain package (hooks/kit is the base they
// share, hooks/actor who makes a change, then audit, roles, office, dossier,
// forms, desk, inspect, files, notify, public, sqlite). main.go and every test call it, so
// tests run exactly the hooks production runs.
package hooks

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/hooks/desk"
	"motcua/hooks/dossier"
	"motcua/hooks/files"
	"motcua/hooks/forms"
	"motcua/hooks/inspect"
	"motcua/hooks/kit"
	"motcua/hooks/notify"
	"motcua/hooks/office"
	"motcua/hooks/public"
	"motcua/hooks/roles"
	"motcua/hooks/sqlite"
	"motcua/replica"
)

// Options carries what the hooks need from the executable.
type Options struct {
	// Public is the citizens' page (pb_public), served at "/". Nil serves nothing.
	Public fs.FS
	// Replica is continuous replication's options (serve --replica); nil
	// replicates only where the office's settings.replica names a replica.
	Replica *replica.Options
}

// Register binds every Motcua hook and route to app.
func Register(app core.App, opts Options) {
	audit.RegisterSchemaGuard(app)
	audit.RegisterAudit(app)
	roles.RegisterImpersonation(app)
	roles.RegisterStaff(app)
	roles.RegisterSignIn(app)
	roles.RegisterRoles(app)
	office.RegisterOfficeSecrets(app)
	audit.RegisterPermanent(app)
	office.RegisterCatalogue(app)
	office.RegisterCalendar(app, dossier.ReprojectOpenDossiers)
	dossier.RegisterDossiers(app)
	dossier.RegisterStaleStepChecks(app)
	dossier.RegisterPaperDates(app)
	public.RegisterFeedback(app)
	inspect.Register(app, opts.Public)
	forms.RegisterForms(app)
	desk.RegisterDesk(app)
	files.Register(app)
	public.RegisterPage(app, opts.Public)
	sqlite.Register(app)
	kit.RegisterFaults(app)
	dossier.RegisterRestoreCodes(app)
	notify.Register(app, func(a core.App) core.App { return actor.AsActor(a, actor.System("notify")) })
	if opts.Replica == nil {
		opts.Replica = &replica.Options{}
	}
	replica.Register(app, opts.Replica)
}

// Routes is every route Motcua adds to PocketBase's router, by the package
// that binds it and who may call it: the HTTP API's table of contents.
// Each domain binds its own (with its guard, next to its handler);
// TestRoutesAreListed fails when a route is bound that is not here, or listed
// here and not bound. Staff guards are kit.RequireStaff(roles...).
var Routes = []string{
	// public (hooks/public): guests, rate-limited per IP.
	"GET /api/motcua/procedures", "GET /api/motcua/procedures/{ref}", "GET /api/motcua/sectors",
	"GET /api/motcua/office", "GET /api/motcua/stats",
	"GET /api/motcua/dossiers/{code}", // the look-up: a second factor before more
	"GET /api/motcua/feedback", "GET /api/motcua/feedback/{code}", "POST /api/motcua/feedback",
	"POST /api/motcua/ratings",
	"GET /{path...}", // the citizens' page and the desk's files (pb_public)

	// files (hooks/files): online submission by guests (an e-mailed code
	// first); the phone upload page by a one-dossier link a clerk who may
	// digitise makes from the desk.
	"POST /api/motcua/submissions/code", "POST /api/motcua/submissions",
	"GET /api/motcua/desk/phone-link/{dossier}",
	"GET /api/motcua/phone/{dossier}", "POST /api/motcua/phone/{dossier}",

	// desk (hooks/desk): the steps any staff role may take now; the letter
	// preview for leaders and the admin.
	"GET /api/motcua/desk/steps/{dossier}", "GET /api/motcua/desk/preview/04/{dossier}",

	// audit (hooks/audit): a dossier's history, any staff role.
	"GET /api/motcua/dossiers/{id}/history",

	// forms (hooks/forms): the printable forms and the ledger (07), any staff
	// role; their stylesheet.
	"GET /api/motcua/forms/forms.css", "GET /api/motcua/forms/07", "GET /api/motcua/forms/{form}/{dossier}",

	// inspect (hooks/inspect): a run now (admin, leader, inspector); the
	// reports, any staff role; the reports' pages.
	"POST /api/motcua/inspect",
	"GET /api/motcua/reports/summary", "GET /api/motcua/reports/findings", "GET /api/motcua/reports/report.html",
	"GET /api/motcua/reports/indicators.csv", "GET /api/motcua/reports/indicators.xlsx",
	"GET /reports", "GET /reports/{path...}",

	// replica (replica/, bound through Options.Replica): status and sync, the
	// admin.
	"GET /api/motcua/replica", "POST /api/motcua/replica/sync",
}
