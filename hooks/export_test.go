package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/dossier"
	"motcua/hooks/inspect"
)

// DayCodeQuery is the intake's query of the day's last dossier code, with
// its {:from} and {:to} placeholders: the query-plan test checks that the
// intake ran it.
var DayCodeQuery = dossier.LastOfDaySQL("dossiers", "code")

// SetDiskUsage makes app's self-inspection read free and total bytes for its
// data dir's filesystem.
func SetDiskUsage(app core.App, free, total uint64) {
	app.Store().Set(inspect.DiskUsageKey, inspect.DiskUsageFunc(func(string) (uint64, uint64, error) { return free, total, nil }))
}
