package audit

import (
	"fmt"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/actor"
)

// An upgrade from a release before the audit log starts the chain with an
// entry saying so (issue 14, row 8: the chain started without noting that
// older records are not covered). Releases before the audit hooks created
// the audit_log table empty and wrote dossiers without entries; on their data
// dirs this migration runs first of those not yet applied (the audit writes
// entries from then on), so its entry is the chain's first. It
// counts, per collection, the records no `create` entry covers, and writes the entry only
// when dossiers are among them: a data dir made by a release with the audit
// has every dossier in its chain (the records the schema migration itself
// creates before the audit exists are not an upgrade's).

// ActionChainStart is the action of the entry that starts the chain on an
// upgraded data dir.
const ActionChainStart = "chain_start"

// chainStartMigration runs once per data dir, before every later migration
// (its timestamp is older than theirs): on a data dir of a release before
// the audit, the schema migration has run already and this one comes first.
// On a new data dir it runs before the schema migration and finds no audit
// log: nothing to note.
const chainStartMigration = "1795823901_audit_chain_start.go"

func init() {
	core.AppMigrations.Register(writeChainStart, nil, chainStartMigration)
}

// writeChainStart writes the chain_start entry when records, dossiers among
// them, predate the chain.
func writeChainStart(app core.App) error {
	if Check(app) == ErrAuditNotInstalled {
		return nil
	}
	before, total, err := recordsBeforeChain(app)
	if err != nil || before["dossiers"] == 0 {
		return err
	}
	en := EntryFor(actor.System("upgrade"), ActionChainStart, "", "", map[string]any{
		"message": fmt.Sprintf("Nhật ký kiểm toán bắt đầu từ đây: %d bản ghi có trước (tạo bởi phiên bản chưa có nhật ký) "+
			"không được nhật ký ghi lại.", total),
		"records_before": before,
		"total":          total,
	})
	return AppendEntry(app, en)
}

// recordsBeforeChain counts, per collection (views and the log itself
// aside), the records no `create` entry of the audit log covers.
func recordsBeforeChain(app core.App) (map[string]int64, int64, error) {
	cols, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		return nil, 0, err
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	out := map[string]int64{}
	var total int64
	for _, c := range cols {
		if c.Name == Collection {
			continue
		}
		var n int64
		err := app.DB().NewQuery("SELECT count(*) FROM {{" + c.Name + "}} t WHERE NOT EXISTS " +
			"(SELECT 1 FROM audit_log a WHERE a.collection = {:c} AND a.record_id = t.id AND a.action = 'create')").
			Bind(dbx.Params{"c": c.Name}).Row(&n)
		if err != nil {
			return nil, 0, fmt.Errorf("records before the audit chain in %s: %w", c.Name, err)
		}
		if n > 0 {
			out[c.Name] = n
			total += n
		}
	}
	return out, total, nil
}
