package dossier

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
)

// CopiesDirName is the folder of pb_data where `motcua backup` writes its
// copies unless told otherwise; backups leave it out (restore_codes.go).
const CopiesDirName = "copies"

// ActionOnlineCopy is the audit action of `motcua backup`: a consistent copy
// of data.db made while the server may be running.
const ActionOnlineCopy = "backup_copy"

// OnlineCopy writes a consistent copy of app's data.db to path with SQLite's
// VACUUM INTO: it reads one snapshot (WAL mode lets the server go on writing
// meanwhile), so the copy is whole, unlike a `cp` of a live file (issue 14:
// 1 in 8 such copies were corrupt). The copy is recorded in the audit log
// (who, file, size, sha256) after it is complete; path must not exist.
func OnlineCopy(app core.App, path string) (map[string]any, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err == nil {
		return nil, fmt.Errorf("tệp %s đã có: hãy chọn tên khác", abs)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	if _, err := app.NonconcurrentDB().NewQuery("VACUUM INTO {:path}").Bind(map[string]any{"path": abs}).Execute(); err != nil {
		return nil, fmt.Errorf("không sao chép được cơ sở dữ liệu: %w", err)
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, sum, err := audit.Digest(f)
	if err != nil {
		return nil, err
	}
	facts := map[string]any{"file": abs, "size": n, "sha256": sum}
	en := audit.EntryFor(actor.ResolveActor(app, context.Background()), ActionOnlineCopy, "", "", facts)
	if err := audit.AppendEntry(app, en); err != nil {
		os.Remove(abs) // a copy without its entry is not kept
		return nil, err
	}
	return facts, nil
}
