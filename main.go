// Command motcua is the electronic one-stop office (bộ phận một cửa) of a
// commune in one executable: PocketBase with Motcua's collections, rules, audit
// log, self-inspection, admin UI and public page.
package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	pbcmd "github.com/pocketbase/pocketbase/cmd"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"motcua/cmd"
	"motcua/hooks"
	"motcua/hooks/sqlite"
	_ "motcua/pb_migrations"
	"motcua/replica"
)

//go:embed all:pb_public
var publicFiles embed.FS

func main() {
	tuneGC()
	app := pocketbase.NewWithConfig(pocketbase.Config{
		// Explicit defaults: PocketBase guesses "go run" for any binary under
		// the temp dir and would switch to dev mode there.
		DefaultDataDir: defaultDataDir(),
		DefaultDev:     false,
		DBConnect:      sqlite.Connect,
	})
	app.RootCmd.Use = "motcua"
	app.RootCmd.Short = "Motcua: bộ phận một cửa điện tử của xã"

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false})
	replication := &replica.Options{} // --replica, read when the server starts
	hooks.Register(app, hooks.Options{Public: apis.MustSubFS(publicFiles, "pb_public"), Replica: replication})
	app.RootCmd.AddCommand(cmd.Commands(app)...)

	// app.Start(), with --replica on the serve command.
	serve := pbcmd.NewServeCommand(app, true)
	replica.ServeFlag(serve, replication)
	app.RootCmd.AddCommand(pbcmd.NewSuperuserCommand(app), serve)
	if err := app.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Lỗi:", err)
		os.Exit(1)
	}
}

// defaultDataDir is pb_data beside the executable, as PocketBase does.
func defaultDataDir() string {
	exe, err := os.Executable()
	if err != nil {
		return "pb_data"
	}
	return filepath.Join(filepath.Dir(exe), "pb_data")
}

// tuneGC lets the heap grow to three times what is live (GOGC 200) instead of
// two, with a soft ceiling of 128 MB on Go's own memory, unless GOGC or
// GOMEMLIMIT say otherwise. Under intake load the collector was a seventh of
// the CPU; SQLite's page caches, the larger part of the process, live outside
// Go's heap and are not affected (BENCHMARKS.md).
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(200)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(128 << 20)
	}
}
