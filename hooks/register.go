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
	inspect.RegisterInspection(app, opts.Public)
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
