package kit

import (
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/stretchr/testify/assert"
)

// TestHookPrioritiesKeepTheirOrder states the orders the rules depend on
// (priorities.go says why each holds).
func TestHookPrioritiesKeepTheirOrder(t *testing.T) {
	p := map[string]int{
		"schemaGuard": PrioritySchemaGuard, "faults": PriorityFaults, "afterAuthToken": PriorityAfterAuthToken,
		"auditCarry": PriorityAuditCarry, "auditEntry": PriorityAuditEntry,
		"staleStep": PriorityStaleStep, "memoMark": PriorityMemoMark,
	}
	before := func(a string, pa int, b string, pb int) {
		t.Helper()
		assert.Less(t, pa, pb, "%s must run before %s", a, b)
	}
	// Bootstrap.
	before("the schema guard", p["schemaGuard"], "every other bootstrap handler (BindFunc)", 0)
	// Router middleware.
	before("PocketBase's panic recovery", apis.DefaultPanicRecoverMiddlewarePriority, "faults", p["faults"])
	before("faults", p["faults"], "PocketBase's auth token", apis.DefaultLoadAuthTokenMiddlewarePriority)
	before("PocketBase's auth token", apis.DefaultLoadAuthTokenMiddlewarePriority, "the audit's actor", p["afterAuthToken"])
	before("the audit's actor", p["afterAuthToken"], "the role guard (BindFunc)", 0)
	// Model hooks.
	before("the audit's actor carry", p["auditCarry"], "any model hook (BindFunc)", 0)
	before("the audit entry", p["auditEntry"], "the row's own write (the execute chain's end)", 0)
	// Record hooks.
	before("the stale-step check", p["staleStep"], "the collections' rules (BindFunc)", 0)
	before("the collections' rules (BindFunc)", 0, "the memo's mark", p["memoMark"])
	assert.Len(t, p, 7, "a new priority needs its place in this test")
}
