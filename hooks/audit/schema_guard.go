package audit

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"motcua/hooks/kit"
)

// An older binary never opens a newer data dir (issue 14, row 8: a downgrade
// served the migrated data dir without a word). The data dir's schema
// version is the newest migration applied to it, which PocketBase records in
// its _migrations table; this binary's is the newest migration it knows (its
// system and app migrations). When the data dir is newer, every command, the
// server included, refuses to start before anything is opened for writing
// (this runs first at bootstrap, before PocketBase's system migrations, the
// keeping of replaced data dirs, or any write), and the process exits 1.

func RegisterSchemaGuard(app core.App) {
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Priority: kit.PrioritySchemaGuard,
		Func: func(e *core.BootstrapEvent) error {
			if err := checkSchemaVersion(e.App.DataDir(), knownMigrations()); err != nil {
				return err
			}
			return e.Next()
		},
	})
}

// knownMigrations are the files of every migration this binary carries.
func knownMigrations() []string {
	var files []string
	for _, list := range []core.MigrationsList{core.SystemMigrations, core.AppMigrations} {
		for _, m := range list.Items() {
			files = append(files, m.File)
		}
	}
	return files
}

// migrationTime is the timestamp a migration's file name starts with, -1
// when it has none.
func migrationTime(file string) int64 {
	n, err := strconv.ParseInt(strings.SplitN(file, "_", 2)[0], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// newest is the file of known with the latest timestamp.
func newest(files []string) string {
	best := ""
	for _, f := range files {
		if best == "" || migrationTime(f) > migrationTime(best) {
			best = f
		}
	}
	return best
}

// checkSchemaVersion reads the migrations applied to dataDir's data.db (read
// only) and fails when one is newer than every migration in known. A data
// dir without data.db, or without _migrations, is new: nothing to compare.
func checkSchemaVersion(dataDir string, known []string) error {
	path := filepath.Join(dataDir, "data.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	// Read-only, not only query_only: the last connection to close
	// checkpoints and deletes the write-ahead log unless it cannot write, and
	// this one, opened before any other, is the last. The log of a
	// replicated data.db is kept across a stop (replica/keeplog.go):
	// deleting it here cost the replica a whole new copy at each start. With
	// no log (or an empty one) the file is all there is: it is read
	// immutable, which creates no -wal or -shm beside it either.
	mode := "mode=ro"
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		mode = "immutable=1"
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+mode+"&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var applied string
	err = db.QueryRow("SELECT file FROM _migrations ORDER BY CAST(substr(file, 1, instr(file, '_') - 1) AS INTEGER) DESC, file DESC LIMIT 1").Scan(&applied)
	if err != nil {
		// No migrations yet, or a file that cannot be read: not the guard's
		// to judge (PocketBase fails on a damaged file, and `motcua audit
		// verify` names the damage).
		return nil
	}
	mine := newest(known)
	if migrationTime(applied) <= migrationTime(mine) {
		return nil
	}
	return fmt.Errorf("the data dir %s is newer than this binary: it was upgraded by a newer Motcua "+
		"(its newest migration %s is unknown here; this binary's newest is %s). Nothing was changed. "+
		"Run the newer binary, or restore a backup made with this version.\n"+
		"Thư mục dữ liệu %s đã được phiên bản Motcua mới hơn nâng cấp (bước nâng cấp %s không có trong bản này); "+
		"bản này không mở nó để khỏi làm hỏng dữ liệu và chưa thay đổi gì. Hãy chạy bản mới hơn, "+
		"hoặc khôi phục bản sao lưu làm bằng phiên bản này.",
		dataDir, applied, mine, dataDir, applied)
}
