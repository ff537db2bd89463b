package kit

import "github.com/pocketbase/pocketbase/apis"

// Hook priorities: where Motcua's handlers run, relative to each other and to
// PocketBase's own (tools/hook: a lower priority runs first; handlers bound
// with BindFunc have priority 0). Each order below is one a rule depends on;
// TestHookPrioritiesKeepTheirOrder states them.
const (
	// Bootstrap.

	// PrioritySchemaGuard refuses a data dir newer than this binary before
	// any other bootstrap handler opens it (schema_guard.go); the others are
	// bound with priority 0.
	PrioritySchemaGuard = -1000

	// Router middleware.

	// PriorityFaults names a database failure (faults.go) inside PocketBase's
	// panic recovery and request log, so that the log holds the named status.
	PriorityFaults = apis.DefaultPanicRecoverMiddlewarePriority + 1
	// PriorityAfterAuthToken runs right after PocketBase reads the auth token
	// and before every route: the Refusal of impersonation (impersonate.go),
	// and the audit's actor and the closed SQL console (audit.go). The role
	// guard (roles.go) is bound with priority 0, after them.
	PriorityAfterAuthToken = apis.DefaultLoadAuthTokenMiddlewarePriority + 1

	// Model hooks.

	// PriorityAuditCarry is the first OnModelCreate/Update/Delete handler: it
	// carries the request's actor into the model event (audit.go).
	PriorityAuditCarry = -1000
	// PriorityAuditEntry writes a change's audit entry in the transaction of
	// the change, just before the row itself (audit.go).
	PriorityAuditEntry = -100

	// Record hooks.

	// PriorityStaleStep re-reads a dossier, feedback or finding inside the
	// write transaction and refuses a step taken on a stale copy
	// (dossier_version.go), before the collections' own rules (priority 0),
	// so that they run in that transaction on the row just checked.
	PriorityStaleStep = -10
	// PriorityMemoMark is late in a record event's chain, where the hooks
	// that open a transaction have put it in e.App (memo.go).
	PriorityMemoMark = 1000
)
