// Package cmd holds Motcua's command-line commands (lệnh quản trị), added to
// PocketBase's root command beside `serve`, `superuser` and `migrate`.
package cmd

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Commands returns every Motcua command, bound to app.
func Commands(app core.App) []*cobra.Command {
	return withCLIActor(app, []*cobra.Command{
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
