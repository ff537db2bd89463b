package cmd

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/roles"
	"motcua/internal/access"
)

func newStaffCommand(app core.App) *cobra.Command {
	root := &cobra.Command{
		Use:   "staff",
		Short: "Manage staff accounts (tài khoản cán bộ)",
	}
	var role, name string
	add := &cobra.Command{
		Use:          "add EMAIL PASSWORD --role ROLE [--name NAME]",
		Short:        "Add a staff account with a role",
		Example:      "  motcua staff add tiepnhan@ninhxuan.example 'M4t-khau-dai' --role receptionist --name 'Trần Thị Mẫu'",
		Args:         cobra.ExactArgs(2),
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			rec, err := roles.AddStaff(app, args[0], args[1], role, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "Đã tạo tài khoản %s (%s, vai trò %s).\n", rec.GetString("email"), rec.Id, role)
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "role: "+strings.Join(access.Roles, ", "))
	add.Flags().StringVar(&name, "name", "", "full name shown in the dossiers")
	root.AddCommand(add)
	return root
}
