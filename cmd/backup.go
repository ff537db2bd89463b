package cmd

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/dossier"
	"motcua/internal/calendar"
)

func newBackupCommand(app core.App) *cobra.Command {
	var to string
	c := &cobra.Command{
		Use:   "backup [--to FILE]",
		Short: "Write a consistent copy of the database, also beside a running server",
		Long: "Copies data.db with SQLite's VACUUM INTO: one consistent snapshot, safe while the server runs " +
			"(a plain cp of a live database can be incomplete or corrupt). The copy is recorded in the audit log. " +
			"Default file: copies/data-YYYYMMDD-HHMMSS.db in the data dir. To use it, stop the server and put it in " +
			"place of data.db (and remove data.db-wal, data.db-shm).",
		Example:      "  motcua backup --dir ./pb_data\n  motcua backup --to /mnt/usb/motcua-2026-12-01.db",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			if to == "" {
				to = filepath.Join(app.DataDir(), "copies", "data-"+time.Now().In(calendar.Location).Format("20060102-150405")+".db")
			}
			facts, err := dossier.OnlineCopy(app, to)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "Đã sao lưu cơ sở dữ liệu vào %s (%d byte, sha256 %s).\n", facts["file"], facts["size"], facts["sha256"])
			return nil
		},
	}
	c.Flags().StringVar(&to, "to", "", "the copy's file (must not exist)")
	return c
}
