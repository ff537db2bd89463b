package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
)

// A restore never reissues a dossier code or a feedback tracking code, and
// keeps what it replaced.
//
// A backup restore puts back an older data.db: the dossiers received after
// the backup are gone with the database they were in, and each day's counter
// of dossier codes went back with it, so the next intakes were given codes
// already printed on receipts handed to other citizens. PocketBase also moves
// the replaced data dir into its temp folder, which it deletes at the next
// start (the restore entry of the audit log with it).
//
// At start-up, before PocketBase empties its temp folder, the replaced data
// dir is moved to pb_data/replaced/<UTC date and time>/ and kept (backups and
// restores leave that folder alone). Then every kept dir not yet reconciled
// is read: the last code number of each day it holds (its dossiers, its
// feedback, and the floors it had itself) becomes that day's floor in the
// current database, table _motcua_code_floors, which the next code of the day
// always exceeds (nextDossierCode, pubNextTrackingCode). Floors only rise.

const (
	// ReplacedDirName is the folder of pb_data that keeps replaced data
	// dirs (a restore's, and `motcua restore --at`'s newest state).
	ReplacedDirName = "replaced"
	// reconciledMark, in a kept dir, says its codes are floors already.
	reconciledMark  = ".codes_reconciled"
	codeFloorsTable = "_motcua_code_floors"
)

func RegisterRestoreCodes(app core.App) {
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := keepReplacedDataDirs(e.App.DataDir(), time.Now()); err != nil {
			return err
		}
		if err := e.Next(); err != nil {
			return err
		}
		return reconcileCodeFloors(e.App)
	})
	exclude := func(e *core.BackupEvent) error {
		// Copies made beside the data (motcua backup's default folder)
		// would be zipped again into every backup.
		e.Exclude = append(e.Exclude, ReplacedDirName, CopiesDirName)
		return e.Next()
	}
	app.OnBackupCreate().BindFunc(exclude)
	app.OnBackupRestore().BindFunc(exclude)
}

// keepReplacedDataDirs moves the data dirs a restore replaced out of
// PocketBase's temp folder into pb_data/replaced/.
func keepReplacedDataDirs(dataDir string, now time.Time) error {
	temp := filepath.Join(dataDir, core.LocalTempDirName)
	entries, err := os.ReadDir(temp)
	if err != nil {
		return nil // no temp folder: nothing was replaced
	}
	for _, en := range entries {
		if !en.IsDir() || !strings.HasPrefix(en.Name(), "old_pb_data_") {
			continue
		}
		dest := filepath.Join(dataDir, ReplacedDirName, now.UTC().Format("20060102-150405"))
		for i := 2; ; i++ {
			if _, err := os.Stat(dest); errors.Is(err, os.ErrNotExist) {
				break
			}
			dest = filepath.Join(dataDir, ReplacedDirName, fmt.Sprintf("%s-%d", now.UTC().Format("20060102-150405"), i))
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return fmt.Errorf("keep the replaced data dir: %w", err)
		}
		if err := os.Rename(filepath.Join(temp, en.Name()), dest); err != nil {
			return fmt.Errorf("keep the replaced data dir: %w", err)
		}
	}
	return nil
}

// reconcileCodeFloors raises the current database's code floors past every
// code of the kept data dirs not yet reconciled.
func reconcileCodeFloors(app core.App) error {
	// At bootstrap the migrations have not run yet (serve and every
	// command run them after it): a restored data dir older than the
	// floors gets its table here, as the migration makes it.
	if _, err := app.NonconcurrentDB().NewQuery("CREATE TABLE IF NOT EXISTS " + codeFloorsTable +
		" (prefix TEXT PRIMARY KEY NOT NULL, last INTEGER NOT NULL) WITHOUT ROWID").Execute(); err != nil {
		return fmt.Errorf("code floors: %w", err)
	}
	kept, _ := filepath.Glob(filepath.Join(app.DataDir(), ReplacedDirName, "*", "data.db"))
	for _, db := range kept {
		dir := filepath.Dir(db)
		if _, err := os.Stat(filepath.Join(dir, reconciledMark)); err == nil {
			continue
		}
		floors, err := lastCodesOf(db)
		if err != nil {
			return fmt.Errorf("code floors from %s: %w", dir, err)
		}
		err = app.RunInTransaction(func(tx core.App) error {
			for prefix, last := range floors {
				if _, err := tx.NonconcurrentDB().NewQuery("INSERT INTO " + codeFloorsTable + " (prefix, last) VALUES ({:p}, {:l})" +
					" ON CONFLICT(prefix) DO UPDATE SET last = max(last, excluded.last)").
					Bind(dbx.Params{"p": prefix, "l": last}).Execute(); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("code floors from %s: %w", dir, err)
		}
		app.Logger().Info("dossier codes after a restore: floors raised", "from", dir, "days", len(floors))
		if err := os.WriteFile(filepath.Join(dir, reconciledMark), []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
			return fmt.Errorf("code floors: %w", err)
		}
	}
	return nil
}

// lastCodesOf reads the last code number of each day from a kept data.db:
// its dossiers, its feedback and its own floors.
func lastCodesOf(path string) (map[string]int, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := map[string]int{}
	read := func(query string) error {
		rows, err := db.Query(query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var prefix string
			var last int
			if err := rows.Scan(&prefix, &last); err != nil {
				return err
			}
			out[prefix] = max(out[prefix], last)
		}
		return rows.Err()
	}
	// Codes are "<unit>-<YYMMDD>-<NNNN>": the prefix keeps the last "-".
	if err := read(`SELECT substr(code, 1, length(code) - 4), max(CAST(substr(code, -4) AS INTEGER))
		FROM dossiers WHERE code LIKE '%-______-____' GROUP BY 1`); err != nil {
		return nil, err
	}
	// Feedback tracking codes are "PA-<YYMMDD>-<N>" (four digits or more:
	// FeedbackCode); the prefix is their first ten characters. A data dir
	// older than the feedback collection has none, one older than the
	// floors no floors.
	for _, q := range []struct{ table, query string }{
		{"feedback", `SELECT substr(tracking_code, 1, 10), max(CAST(substr(tracking_code, 11) AS INTEGER))
		FROM feedback WHERE tracking_code LIKE 'PA-______-%' GROUP BY 1`},
		{codeFloorsTable, "SELECT prefix, last FROM " + codeFloorsTable},
	} {
		ok, err := kit.HasTable(context.Background(), db, "main", q.table)
		if err != nil {
			return nil, err
		}
		if ok {
			if err := read(q.query); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// CodeFloor is the number the next code of the day (prefix) must exceed; 0
// when the day has none. The floors table is the migrations'
// (1795844117_code_floors.go), so every data dir a command or the server has
// opened has it.
func CodeFloor(app core.App, prefix string) (int, error) {
	last := 0
	err := app.ConcurrentDB().NewQuery("SELECT last FROM " + codeFloorsTable + " WHERE prefix = {:prefix}").
		Bind(dbx.Params{"prefix": prefix}).Row(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return last, err
}
