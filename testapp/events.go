package testapp

// The hook events PocketBase fires for a request, as tests.ApiScenario's
// ExpectedEvents counts them (by name, for every collection). The audit
// entries are not among them: hooks/audit writes them by SQL in the same
// transaction, so a scenario reads them back (AuditEntries).

// NoEvents is the ExpectedEvents of a request refused before any record
// hook runs (the role guard, a rate limit, a bad body): nothing is fired.
var NoEvents = map[string]int{"*": 0}

// Events returns counts with "*": 0 added, so that any event not named fails
// the scenario. Each call returns a new map.
func Events(counts ...map[string]int) map[string]int {
	out := map[string]int{"*": 0}
	for _, c := range counts {
		for k, v := range c {
			out[k] += v
		}
	}
	return out
}

// Creates is n records created by the hooks (Save inside the request's
// transaction): each fires the create, its execution and its success.
func Creates(n int) map[string]int {
	return map[string]int{
		"OnRecordCreate": n, "OnRecordCreateExecute": n, "OnRecordAfterCreateSuccess": n,
		"OnModelCreate": n, "OnModelCreateExecute": n, "OnModelAfterCreateSuccess": n,
	}
}

// CreateRequest is a create through the records API: the request, the
// validation of the record created, the answer's enrichment (the creates
// themselves are Creates).
var CreateRequest = map[string]int{"OnRecordCreateRequest": 1, "OnRecordValidate": 1, "OnModelValidate": 1, "OnRecordEnrich": 1}

// IntakeEvents is the chain of a dossier received through the API: the
// dossier and its "receive" event created in one transaction (and, by SQL,
// their audit entries).
func IntakeEvents() map[string]int { return Events(CreateRequest, Creates(2)) }

// UpdateRequest is an update through the records API that PocketBase saves:
// the request, the validation, the update and its success, the answer's
// enrichment.
var UpdateRequest = map[string]int{
	"OnRecordUpdateRequest": 1, "OnRecordValidate": 1, "OnModelValidate": 1,
	"OnRecordUpdate": 1, "OnRecordUpdateExecute": 1, "OnRecordAfterUpdateSuccess": 1,
	"OnModelUpdate": 1, "OnModelUpdateExecute": 1, "OnModelAfterUpdateSuccess": 1,
	"OnRecordEnrich": 1,
}

// RefusedUpdateRequest is an update through the records API that a model
// hook refuses before the write: the request and the update's error, no
// validation, no execution, no create.
var RefusedUpdateRequest = map[string]int{
	"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnModelUpdate": 1,
	"OnRecordAfterUpdateError": 1, "OnModelAfterUpdateError": 1,
}

// StepEvents is the chain of an accepted step on a dossier through the API:
// the dossier's update and one dossier_events record created in its
// transaction (and, by SQL, their audit entries).
func StepEvents() map[string]int { return Events(UpdateRequest, Creates(1)) }

// RefusedStepEvents is a step the dossier rules refuse: the update's error
// and no create at all.
func RefusedStepEvents() map[string]int { return Events(RefusedUpdateRequest) }
