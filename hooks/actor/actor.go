// Package actor owns who makes a change (người thực hiện): the actor named in
// every audit entry, and the audit's state of each open transaction
// (txstate.go).
//
// The actor travels one way: in the save context. Every model hook that needs
// it reads it from the event's context (ResolveActor); everything else is an
// entry into that context:
//
//   - NewContext(ctx, a): Go code saving with app.SaveWithContext(ctx, m).
//   - AsActor(app, a): an app whose Save, Delete, transactions and backups
//     put a into the context of every save made through it (unless that
//     context names an actor already). A global middleware gives every
//     request one (e.App = AsActor(e.App, Request(e))), cron jobs run
//     through AsActor(app, System("job-name")), and commands through
//     AsCommand(app) (cmd/ does it for every Motcua command).
//   - Nested saves: the first model hook (the carry, below) makes e.App such
//     an app from the event's context, so that records saved through e.App,
//     or through a transaction opened from it, inherit the actor.
//   - A save through a bare transaction app (a cascade PocketBase makes, its
//     collection import) has no context of its own: it is recorded under the
//     transaction's actor, the first one named in the transaction, which the
//     audit keeps with the transaction's chain head (txstate.go) and
//     forgets when the transaction ends.
//   - Writes with no actor at all (PocketBase's own `superuser` and `migrate`
//     commands, migrations at start-up) are recorded as actor_type "system".
//
// Rules for hook authors: in a model hook, save derived records through
// e.App (or e.App.SaveWithContext(e.Context, rec)); in a request handler,
// save through e.App, never through a captured app. app.UnsafeWithoutHooks()
// skips every hook, the audit included: never use it for data changes.
//
// What travels with one save besides its actor travels in the same context,
// tied to the record it is about: the dossier step (dossiers.go: stepFor),
// the checked intake (dossiers.go: intakeFor) and the writes that follow a
// change's audit entry (audit.go: afterEntryOf).
package actor

import (
	"context"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"motcua/hooks/kit"
	"motcua/internal/auditchain"
)

// Actor types stored in audit_log.actor_type.
const (
	TypeStaff  = "staff"  // a signed-in staff member (superuser)
	TypeUser   = "user"   // a signed-in record of another auth collection
	TypeGuest  = "guest"  // an anonymous request (the public page)
	TypeSystem = "system" // cron jobs, start-up migrations, PocketBase internals
	TypeCLI    = "cli"    // a Motcua command run on the server
)

// Actor is who made a change (người thực hiện).
type Actor struct {
	Type      string
	ID        string
	Email     string
	Role      string
	Name      string
	IP        string
	UserAgent string
}

type actorKey struct{}

// NewContext returns ctx carrying a. Saves with this context
// (app.SaveWithContext) are recorded under a.
func NewContext(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// FromContext returns the actor carried by ctx.
func FromContext(ctx context.Context) (Actor, bool) {
	if ctx == nil {
		return Actor{}, false
	}
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// System is the actor of a cron job or another unattended task.
func System(job string) Actor { return Actor{Type: TypeSystem, Name: job} }

// Staff is the actor of a staff member (or another auth record).
func Staff(rec *core.Record) Actor {
	if rec == nil {
		return Actor{Type: TypeGuest}
	}
	a := Actor{Type: TypeUser, ID: rec.Id, Email: rec.Email(), Name: rec.GetString("name")}
	if rec.IsSuperuser() {
		a.Type = TypeStaff
		a.Role = rec.GetString("role")
	}
	return a
}

// Request is the actor of an HTTP request: the signed-in record (or a
// guest) with the client's IP and user agent.
func Request(e *core.RequestEvent) Actor {
	a := Staff(e.Auth)
	a.IP = e.RealIP()
	a.UserAgent = auditchain.Clip(e.Request.UserAgent(), 500)
	return a
}

// Command is the actor of a Motcua command run on the server.
func Command(name string) Actor { return Actor{Type: TypeCLI, Name: name} }

// actorApp is an app whose saves carry an actor in their context, and the
// values of one save (WithSaveValue).
type actorApp struct {
	core.App
	// actor is shared with the transaction apps made from this one; it is
	// set once, or named when a command starts (AsCommand). Nil: no actor.
	actor  *atomic.Pointer[Actor]
	values []saveValue
}

type saveValue struct{ key, val any }

// WithSaveValue returns app whose saves also carry val under key in their
// context (unless the context has a value there): what a request hook knows
// of the record it is about to save, which PocketBase saves with a context of
// its own.
func WithSaveValue(app core.App, key, val any) core.App {
	aa, ok := app.(*actorApp)
	if !ok {
		return &actorApp{App: app, values: []saveValue{{key, val}}}
	}
	return &actorApp{App: aa.App, actor: aa.actor, values: append(aa.values[:len(aa.values):len(aa.values)], saveValue{key, val})}
}

// AsActor returns app with every Save, Delete, transaction and backup made
// through it recorded under a (unless the save context already names an
// actor).
func AsActor(app core.App, a Actor) core.App {
	p := new(atomic.Pointer[Actor])
	p.Store(&a)
	return &actorApp{App: unwrapApp(app), actor: p}
}

// AsCommand returns app for a command line and the function that names the
// command when it starts: every change made through the returned app is
// recorded under actor_type "cli" and that name. Before it is named, the
// changes are the system's.
func AsCommand(app core.App) (core.App, func(name string)) {
	p := new(atomic.Pointer[Actor])
	p.Store(&Actor{Type: TypeSystem})
	return &actorApp{App: unwrapApp(app), actor: p}, func(name string) {
		a := Command(name)
		p.Store(&a)
	}
}

func unwrapApp(app core.App) core.App {
	if aa, ok := app.(*actorApp); ok {
		return aa.App
	}
	return app
}

func (a *actorApp) who() (Actor, bool) {
	if a.actor == nil {
		return Actor{}, false
	}
	return *a.actor.Load(), true
}

func (a *actorApp) ctx(ctx context.Context) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := FromContext(ctx); !ok {
		if who, ok := a.who(); ok {
			ctx = NewContext(ctx, who)
		}
	}
	for _, v := range a.values {
		if ctx.Value(v.key) == nil {
			ctx = context.WithValue(ctx, v.key, v.val)
		}
	}
	return ctx
}

func (a *actorApp) Save(m core.Model) error {
	return a.App.SaveWithContext(a.ctx(nil), m)
}

func (a *actorApp) SaveWithContext(ctx context.Context, m core.Model) error {
	return a.App.SaveWithContext(a.ctx(ctx), m)
}

func (a *actorApp) SaveNoValidate(m core.Model) error {
	return a.App.SaveNoValidateWithContext(a.ctx(nil), m)
}

func (a *actorApp) SaveNoValidateWithContext(ctx context.Context, m core.Model) error {
	return a.App.SaveNoValidateWithContext(a.ctx(ctx), m)
}

func (a *actorApp) Delete(m core.Model) error {
	return a.App.DeleteWithContext(a.ctx(nil), m)
}

func (a *actorApp) DeleteWithContext(ctx context.Context, m core.Model) error {
	return a.App.DeleteWithContext(a.ctx(ctx), m)
}

// RunInTransaction gives fn the transaction's app wrapped the same way, and
// names the actor as the transaction's (for the saves made through the bare
// transaction app: see the package comment above).
func (a *actorApp) RunInTransaction(fn func(tx core.App) error) error {
	return a.App.RunInTransaction(func(tx core.App) error {
		if who, ok := a.who(); ok {
			BindTxActor(tx, who)
		}
		return fn(&actorApp{App: tx, actor: a.actor, values: a.values})
	})
}

// The methods below save through the embedded app's own methods, which would
// lose the wrapper: they run in a transaction whose actor is a's.

func (a *actorApp) ImportCollections(data []map[string]any, deleteMissing bool) error {
	return a.RunInTransaction(func(tx core.App) error { return unwrapApp(tx).ImportCollections(data, deleteMissing) })
}

func (a *actorApp) ImportCollectionsByMarshaledJSON(raw []byte, deleteMissing bool) error {
	return a.RunInTransaction(func(tx core.App) error {
		return unwrapApp(tx).ImportCollectionsByMarshaledJSON(raw, deleteMissing)
	})
}

func (a *actorApp) TruncateCollection(c *core.Collection) error {
	return a.RunInTransaction(func(tx core.App) error { return unwrapApp(tx).TruncateCollection(c) })
}

// Migrations run by a command are the command's: they run through a.
func (a *actorApp) RunAllMigrations() error {
	list := core.MigrationsList{}
	list.Copy(core.SystemMigrations)
	list.Copy(core.AppMigrations)
	_, err := core.NewMigrationsRunner(a, list).Up()
	return err
}

// Backups made or restored through the API are started with a fresh
// context: carry the request's actor into them.

func (a *actorApp) CreateBackup(ctx context.Context, name string) error {
	return a.App.CreateBackup(a.ctx(ctx), name)
}

func (a *actorApp) RestoreBackup(ctx context.Context, name string) error {
	return a.App.RestoreBackup(a.ctx(ctx), name)
}

// ResolveActor finds who is making a change seen by a model hook (or by
// another event with a context): the context's actor, the wrapper's, the
// transaction's, or the system.
func ResolveActor(app core.App, ctx context.Context) Actor {
	if a, ok := FromContext(ctx); ok {
		return a
	}
	if aa, ok := app.(*actorApp); ok {
		if who, ok := aa.who(); ok {
			return who
		}
	}
	if a, ok := txActor(app); ok {
		return a
	}
	return Actor{Type: TypeSystem}
}

// RegisterActorCarry binds the first model hook: later hooks, and the
// records they save through e.App, see the actor of the save context.
func RegisterActorCarry(app core.App) {
	carry := func(e *core.ModelEvent) error {
		if a, ok := FromContext(e.Context); ok {
			if aa, wrapped := e.App.(*actorApp); !wrapped || aa.actor == nil {
				orig := e.App
				e.App = AsActor(e.App, a)
				defer func() { e.App = orig }()
			}
		}
		return e.Next()
	}
	for _, h := range []*hook.TaggedHook[*core.ModelEvent]{app.OnModelCreate(), app.OnModelUpdate(), app.OnModelDelete()} {
		h.Bind(&hook.Handler[*core.ModelEvent]{Id: "motcuaAuditCarry", Func: carry, Priority: kit.PriorityAuditCarry})
	}
}

// BindTxActor names a as the actor of the transaction tx, unless it has one.
func BindTxActor(tx core.App, a Actor) {
	if heads, ok := tx.Store().Get(ChainHeadKey).(*ChainHeads); ok {
		heads.bindActor(unwrapApp(tx), a)
	}
}

// txActor is the actor of the transaction app runs in, if it has one.
func txActor(app core.App) (Actor, bool) {
	if heads, ok := app.Store().Get(ChainHeadKey).(*ChainHeads); ok {
		return heads.actor(unwrapApp(app))
	}
	return Actor{}, false
}
