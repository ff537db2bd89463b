package testapp

// The hook events PocketBase fires for a request, as tests.ApiScenario's
// ExpectedEvents counts them (by name, for every collection). The audit
// entries are not among them: hooks/audit writes them by SQL in the same
// transaction, so a scenario reads them back (AuditEntries).

// NoEvents is the ExpectedEvents of a request refused before any record
// hook runs (the role guard, a rate limit, a bad body, a wrong phone): nothing
// is fired.
var NoEvents = map[string]int{"*": 0}

// NoWrites is the ExpectedEvents of a refusal, wherever it comes from (the
// role guard, a request hook, a model hook before the write): no create,
// update or delete of any record or model was executed or succeeded. It
// names only those events, so the hooks that refused may fire.
var NoWrites = func() map[string]int {
	out := map[string]int{}
	for _, kind := range []string{"Record", "Model"} {
		for _, op := range []string{"Create", "Update", "Delete"} {
			out["On"+kind+op+"Execute"] = 0
			out["On"+kind+"After"+op+"Success"] = 0
		}
	}
	return out
}()

// Events adds counts up, with "*": 0, so that any event not named fails the
// scenario. Each call returns a new map.
func Events(counts ...map[string]int) map[string]int {
	out := map[string]int{"*": 0}
	for _, c := range counts {
		for k, v := range c {
			out[k] += v
		}
	}
	return out
}

// Creates is n records created by Save: each fires the create, its
// execution and its success (validated or not: see Validates).
func Creates(n int) map[string]int {
	return map[string]int{
		"OnRecordCreate": n, "OnRecordCreateExecute": n, "OnRecordAfterCreateSuccess": n,
		"OnModelCreate": n, "OnModelCreateExecute": n, "OnModelAfterCreateSuccess": n,
	}
}

// Updates is n records updated by Save: the update, its execution and its
// success.
func Updates(n int) map[string]int {
	return map[string]int{
		"OnRecordUpdate": n, "OnRecordUpdateExecute": n, "OnRecordAfterUpdateSuccess": n,
		"OnModelUpdate": n, "OnModelUpdateExecute": n, "OnModelAfterUpdateSuccess": n,
	}
}

// Validates is n records validated before their save (the hooks save the
// records they add in a step, such as dossier_events, without it).
func Validates(n int) map[string]int {
	return map[string]int{"OnRecordValidate": n, "OnModelValidate": n}
}

// CreateRequest and UpdateRequest are the records API's own events around a
// create or an update: the request and the answer's enrichment.
var (
	CreateRequest = map[string]int{"OnRecordCreateRequest": 1, "OnRecordEnrich": 1}
	UpdateRequest = map[string]int{"OnRecordUpdateRequest": 1, "OnRecordEnrich": 1}
)

// RefusedUpdate is an update through the records API that a model hook
// refuses before the write: the request and the update's error, no
// validation, no execution, no create.
var RefusedUpdate = map[string]int{
	"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnModelUpdate": 1,
	"OnRecordAfterUpdateError": 1, "OnModelAfterUpdateError": 1,
}

// RefusedUpdateRequest is an update through the records API refused by a
// request hook (a rule on who may change which field) before any save.
var RefusedUpdateRequest = map[string]int{"OnRecordUpdateRequest": 1}

// StepEvents is the chain of an accepted step on a dossier through the
// records API: the dossier validated and updated, and one dossier_events
// record created in its transaction (their audit entries by SQL).
func StepEvents() map[string]int { return Events(UpdateRequest, Validates(1), Updates(1), Creates(1)) }

// RefusedStepEvents is a step the dossier rules refuse: the update's error
// and no create at all.
func RefusedStepEvents() map[string]int { return Events(RefusedUpdate) }

// IntakeEvents is the chain of a dossier received through the records API:
// the dossier validated and created, and its "receive" event created in the
// same transaction (their audit entries by SQL).
func IntakeEvents() map[string]int { return Events(CreateRequest, Validates(1), Creates(2)) }
