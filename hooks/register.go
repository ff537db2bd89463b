// Package hooks binds Motcua's rules to a PocketBase app. Register is the
// table of contents: one line per domain package (hooks/kit is the base they
// share, hooks/actor who makes a change, then audit, roles, office,
// dossier, forms, desk, inspect, files, notify, public, sqlite). main.go and
// every test call it, so tests run exactly the hooks production runs. Routes
// lists every route they add and who may call it.
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
	"motcua/internal/access"
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

// Route is one route Motcua adds to PocketBase's router and who may call it.
type Route struct {
	Route string // "METHOD /path"
	// Staff is the staff roles the route admits; any other role is refused
	// (403), and a guest must sign in (401). Empty: the route is open to
	// guests, and any proof it asks of them (the look-up's second factor,
	// the e-mailed code of an online submission) is its own handler's.
	Staff []string
}

// Routes is every route Motcua adds, by the package that binds it, with who
// may call it: the HTTP API's table of contents. Each domain binds its own
// (with its guard, next to its handler). TestRoutesAreListed fails when a
// route is bound that is not here or listed here and not bound;
// TestRoutesAdmitTheirStaff sends each route a request as a guest and as
// each role and fails when the answer is not the one Staff says.
var Routes = []Route{
	// public (hooks/public): guests, rate-limited per IP.
	{"GET /api/motcua/procedures", nil}, {"GET /api/motcua/procedures/{ref}", nil}, {"GET /api/motcua/sectors", nil},
	{"GET /api/motcua/office", nil}, {"GET /api/motcua/stats", nil},
	{"GET /api/motcua/dossiers/{code}", nil}, // the look-up: a second factor before more
	{"GET /api/motcua/feedback", nil}, {"GET /api/motcua/feedback/{code}", nil}, {"POST /api/motcua/feedback", nil},
	{"POST /api/motcua/ratings", nil},
	{"GET /{path...}", nil}, // the citizens' page and the desk's files (pb_public)

	// files (hooks/files): online submission by guests (an e-mailed code
	// first); the phone upload page by a one-dossier link that staff who
	// may digitise make from the desk (or by their own sign-in).
	{"POST /api/motcua/submissions/code", nil}, {"POST /api/motcua/submissions", nil},
	{"GET /api/motcua/desk/phone-link/{dossier}", digitisers},
	{"GET /api/motcua/phone/{dossier}", digitisers}, {"POST /api/motcua/phone/{dossier}", digitisers},

	// desk (hooks/desk): the steps any staff role may take now; the letter
	// preview for leaders and the admin.
	{"GET /api/motcua/desk/steps/{dossier}", access.Roles},
	{"GET /api/motcua/desk/preview/04/{dossier}", []string{access.Admin, access.Leader}},

	// audit (hooks/audit): a dossier's history, any staff role.
	{"GET /api/motcua/dossiers/{id}/history", access.Roles},

	// forms (hooks/forms): the printable forms and the ledger (07), any staff
	// role; their stylesheet.
	{"GET /api/motcua/forms/forms.css", nil}, {"GET /api/motcua/forms/07", access.Roles},
	{"GET /api/motcua/forms/{form}/{dossier}", access.Roles},

	// inspect (hooks/inspect): a run now (admin, leader, inspector); the
	// reports, any staff role; the reports' page (its data comes from the
	// staff routes above).
	{"POST /api/motcua/inspect", []string{access.Admin, access.Leader, access.Inspector}},
	{"GET /api/motcua/reports/summary", access.Roles}, {"GET /api/motcua/reports/findings", access.Roles},
	{"GET /api/motcua/reports/report.html", access.Roles},
	{"GET /api/motcua/reports/indicators.csv", access.Roles}, {"GET /api/motcua/reports/indicators.xlsx", access.Roles},
	{"GET /reports", nil}, {"GET /reports/{path...}", nil},

	// replica (replica/, bound through Options.Replica): status and sync, the
	// admin.
	{"GET /api/motcua/replica", []string{access.Admin}}, {"POST /api/motcua/replica/sync", []string{access.Admin}},
}

// digitisers are the roles that may add digitised papers (files.Collection).
var digitisers = func() (out []string) {
	for _, r := range access.Roles {
		if access.Can(r, files.Collection, access.Create) {
			out = append(out, r)
		}
	}
	return out
}()
