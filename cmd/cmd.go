// Package cmd holds Motcua's command-line commands (lệnh quản trị), added to
// PocketBase's root command beside `serve`, `superuser` and `migrate`.
package cmd

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/actor"
)

// Commands returns every Motcua command, bound to app. Every change a command
// makes is recorded in the audit log as actor_type "cli", named after the
// command ("staff add", "demo"): the commands run on app wrapped by
// actor.AsCommand, and each names itself when it starts.
func Commands(app core.App) []*cobra.Command {
	app, named := actor.AsCommand(app)
	return withCommandName(named, []*cobra.Command{
		newStaffCommand(app),
		newDemoCommand(app),
		newInspectCommand(app),
		newCalendarCommand(app),
		newAuditCommand(app),
		newBackupCommand(app),
		newRestoreCommand(app),
		newProvinceCommand(app),
	})
}

// ready applies pending migrations, so that a command run on a new data dir
// finds Motcua's collections.
func ready(app core.App) error {
	if err := app.RunAllMigrations(); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	return nil
}
