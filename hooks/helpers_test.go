package hooks_test

import "motcua/testapp"

// The self-inspection's tests (inspect*_test.go) call testapp's helpers by
// these short names.
const noUpdateTrigger = testapp.NoUpdateTrigger

var (
	openFindings  = testapp.OpenFindings
	runInspection = testapp.RunInspection
	execSQL       = testapp.ExecSQL
)
