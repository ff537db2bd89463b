// Package cli runs Motcua's command line in tests. It is apart from testapp
// because the commands (cmd) import packages whose own tests use testapp
// (province).
package cli

import (
	"bytes"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/cmd"
)

// Run runs Motcua's command line (cmd.Commands) on app with args and returns
// what it printed.
func Run(t testing.TB, app core.App, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "motcua", SilenceErrors: true}
	root.AddCommand(cmd.Commands(app)...)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}
