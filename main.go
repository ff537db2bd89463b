// Command motcua is the electronic one-stop office (bộ phận một cửa) of a
// commune in one executable: PocketBase with Motcua's collections, rules, audit
// log, self-inspection, admin UI and public page.
package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"motcua/cmd"
	"motcua/hooks"
	_ "motcua/pb_migrations"
)

//go:embed all:pb_public
var publicFiles embed.FS

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{
		// Explicit defaults: PocketBase guesses "go run" for any binary under
		// the temp dir and would switch to dev mode there.
		DefaultDataDir: defaultDataDir(),
		DefaultDev:     false,
		DBConnect:      dbConnect,
	})
	app.RootCmd.Use = "motcua"
	app.RootCmd.Short = "Motcua: bộ phận một cửa điện tử của xã"

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false})
	hooks.Register(app, hooks.Options{Public: apis.MustSubFS(publicFiles, "pb_public")})
	app.RootCmd.AddCommand(cmd.Commands(app)...)

	if err := app.Start(); err != nil {
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

// dbConnect opens SQLite as PocketBase does, with an 8 MB page cache per
// connection instead of 32 MB. Each connection of the read pool keeps its own
// cache, and under load a dozen connections read a data dir of ten years
// (gigabytes): with 32 MB each the process grew past 500 MB (BENCHMARKS.md);
// the operating system's file cache serves the pages either way. The write
// connection checkpoints the write-ahead log itself only past 8,000 pages
// (32 MB) instead of 1,000: the server checkpoints from a read connection
// every 250 ms (hooks/checkpoint.go), outside the single write lock.
func dbConnect(dbPath string) (*dbx.DB, error) {
	const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-8000)&_pragma=wal_autocheckpoint(8000)&_defensive=1"
	return dbx.Open("sqlite", dbPath+pragmas)
}
