package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/demo"
	"motcua/hooks/inspect"
	"motcua/internal/access"
)

func newDemoCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:          "demo",
		Short:        "Fill the data dir with a demo commune (idempotent)",
		Long:         "Loads xã Ninh Xuân: office profile and public posting, the procedure catalogue, the calendar, one staff account per role and a history of dossiers. Running it again updates, never duplicates.",
		Example:      "  motcua demo --dir ./pb_data",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			if err := demo.Load(app); err != nil {
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintln(out, "Đã nạp dữ liệu mẫu: UBND xã Ninh Xuân.")
			// Run the self-inspection once, as the daily job would, so the
			// findings and the reports page have life from the first login.
			rep, err := inspect.Run(app, inspect.Options{})
			if err != nil {
				return fmt.Errorf("demo self-inspection: %w", err)
			}
			fmt.Fprintf(out, "Tự kiểm tra: %d phát hiện đang mở.\n", len(rep.Findings))
			fmt.Fprintf(out, "Tài khoản cán bộ mẫu (mật khẩu: %s):\n", demo.Password)
			w := tabwriter.NewWriter(out, 2, 2, 2, ' ', 0)
			for _, a := range demo.Accounts {
				fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", a.Email, a.Role, access.RoleLabel(a.Role), a.Name)
			}
			return w.Flush()
		},
	}
}
