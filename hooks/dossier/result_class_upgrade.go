package dossier

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
)

// Releases before this one classed a dossier stopped or withdrawn before its
// due time as early or on time, which raised the on-time rate of indicator
// 2.1 (see lifecycle.ClassifyEnding). This migration takes that class off
// the dossiers so ended, each change with its audit entry, in one
// transaction; a dossier stopped or withdrawn late keeps its "late".
func init() {
	core.AppMigrations.Register(ClearEndingsWithoutResult, nil, "1795840100_result_class_endings.go")
}

func ClearEndingsWithoutResult(app core.App) error {
	if audit.Check(app) == audit.ErrAuditNotInstalled {
		return nil // a new data dir: no dossier yet
	}
	return app.RunInTransaction(func(tx core.App) error {
		var rows []struct {
			ID    string `db:"id"`
			Class string `db:"result_class"`
		}
		err := tx.DB().NewQuery(`SELECT id, result_class FROM dossiers
			WHERE result_class IN ('early', 'on_time')
			AND id IN (SELECT dossier FROM dossier_events WHERE action IN ('stop', 'request_withdrawal'))
			ORDER BY id`).All(&rows)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.DB().Update("dossiers", dbx.Params{"result_class": ""}, dbx.HashExp{"id": r.ID}).Execute(); err != nil {
				return err
			}
			en := audit.EntryFor(actor.System("upgrade"), "update", "dossiers", r.ID, map[string]any{
				"result_class": map[string]any{"before": r.Class, "after": ""},
				"message":      "Hồ sơ dừng xử lý hoặc rút trước hạn không có kết quả giải quyết: không tính vào tỷ lệ đúng hạn.",
			})
			if err := audit.WriteEntry(tx, en); err != nil {
				return err
			}
		}
		return nil
	})
}
