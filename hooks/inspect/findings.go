package inspect

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

func findingStatusRank(s string) int {
	switch s {
	case "acknowledged":
		return 1
	case "resolved":
		return 2
	}
	return 0
}

// findingFixedFields are what the inspection writes; staff change only the
// status and the resolution note.
var findingFixedFields = []string{
	"rule", "severity", "subject_collection", "subject_id", "subject_label", "message", "evidence",
	"action_hint", "first_seen", "last_seen", "resolved_by", "resolved_at", "auto_resolved",
}

func checkFindingUpdate(rec *core.Record) error {
	orig := rec.Original()
	for _, f := range findingFixedFields {
		if !kit.ValuesEqual(orig.Get(f), rec.Get(f)) {
			return kit.BadField(f, fmt.Sprintf("Trường \"%s\" do hệ thống tự kiểm tra ghi: chỉ được đổi trạng thái và ghi nội dung xử lý.", f))
		}
	}
	return nil
}

// storeFindings opens new findings, refreshes those seen again and resolves
// those whose condition cleared, in one transaction.
func storeFindings(app core.App, res inspect.Result, now time.Time) (inspect.RunStats, error) {
	stats := inspect.RunStats{Found: len(res.Findings)}
	err := app.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId("findings")
		if err != nil {
			return err
		}
		var open []*core.Record
		if err := tx.RecordQuery(col).AndWhere(dbx.NewExp("status != 'resolved'")).All(&open); err != nil {
			return err
		}
		existing := make(map[string]*core.Record, len(open))
		for _, r := range open {
			existing[inspect.Key(r.GetString("rule"), r.GetString("subject_collection"), r.GetString("subject_id"))] = r
		}
		settled, err := settledFindings(tx)
		if err != nil {
			return err
		}
		found := make(map[string]bool, len(res.Findings))
		var unchanged []any
		for _, f := range res.Findings {
			key := f.Key()
			found[key] = true
			ev, err := json.Marshal(f.Evidence)
			if err != nil {
				return err
			}
			rec := existing[key]
			if rec != nil && rec.GetString("message") == f.Message && rec.GetString("severity") == string(f.Severity) &&
				jsonEqual(rec.GetString("evidence"), ev) && rec.GetString("subject_label") == f.SubjectLabel {
				// Seen again, nothing new to say: only last_seen moves,
				// in one statement for all of them.
				unchanged = append(unchanged, rec.Id)
				continue
			}
			if rec == nil && settled[key] != nil && jsonEqual(settled[key].evidence, ev) {
				// A person resolved this very fact (same rule, subject and
				// evidence) with a note: it is not opened again. A new fact
				// (other evidence) opens a new finding.
				continue
			}
			if rec == nil {
				rec = core.NewRecord(col)
				rec.Set("rule", f.Rule)
				rec.Set("subject_collection", f.SubjectCollection)
				rec.Set("subject_id", f.SubjectID)
				rec.Set("status", "open")
				rec.Set("first_seen", now)
				stats.New++
			}
			rec.Set("severity", string(f.Severity))
			rec.Set("subject_label", truncate(f.SubjectLabel, 300))
			rec.Set("message", truncate(f.Message, 2000))
			rec.Set("evidence", types.JSONRaw(ev))
			rec.Set("action_hint", truncate(f.ActionHint, 1000))
			rec.Set("last_seen", now)
			if err := tx.Save(rec); err != nil {
				return fmt.Errorf("finding %s %s: %w", f.Rule, f.SubjectID, err)
			}
		}
		for start := 0; start < len(unchanged); start += 500 {
			batch := unchanged[start:min(start+500, len(unchanged))]
			if _, err := tx.DB().Update("findings", dbx.Params{"last_seen": kit.DBTime(now)}, dbx.In("id", batch...)).Execute(); err != nil {
				return err
			}
		}
		for key, rec := range existing {
			if !res.Clears(rec.GetString("rule"), rec.GetString("subject_collection"), rec.GetString("subject_id"), found) {
				continue
			}
			rec.Set("status", "resolved")
			rec.Set("auto_resolved", true)
			rec.Set("resolved_at", now)
			rec.Set("resolution_note", "Tự động: lần kiểm tra lúc "+calendar.FormatDateTime(now)+" không còn thấy vấn đề này.")
			if err := tx.Save(rec); err != nil {
				return fmt.Errorf("resolve finding %s: %w", key, err)
			}
			stats.Resolved++
		}
		return nil
	})
	return stats, err
}

// settledFinding is the evidence of the latest finding a person resolved
// for one rule and subject.
type settledFinding struct{ evidence string }

// settledFindings maps each rule and subject a person (not the automatic
// check) resolved to the evidence of the latest such finding.
func settledFindings(tx core.App) (map[string]*settledFinding, error) {
	var rows []struct {
		Rule              string `db:"rule"`
		SubjectCollection string `db:"subject_collection"`
		SubjectID         string `db:"subject_id"`
		Evidence          string `db:"evidence"`
	}
	err := tx.DB().NewQuery(`SELECT rule, subject_collection, subject_id, evidence FROM findings
		WHERE status = 'resolved' AND auto_resolved = FALSE ORDER BY resolved_at`).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*settledFinding, len(rows))
	for _, r := range rows {
		out[inspect.Key(r.Rule, r.SubjectCollection, r.SubjectID)] = &settledFinding{evidence: r.Evidence}
	}
	return out, nil
}

func jsonEqual(stored string, fresh []byte) bool {
	if stored == string(fresh) {
		return true
	}
	var a, b any
	if json.Unmarshal([]byte(stored), &a) != nil || json.Unmarshal(fresh, &b) != nil {
		return false
	}
	return kit.ValuesEqual(a, b)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// storedFindings lists the open (and acknowledged) findings, or all of them.
func storedFindings(app core.App, all bool) ([]inspect.StoredFinding, error) {
	filter := "status != 'resolved'"
	if all {
		filter = "id != ''"
	}
	recs, err := app.FindRecordsByFilter("findings", filter, "-last_seen", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]inspect.StoredFinding, 0, len(recs))
	for _, r := range recs {
		var ev map[string]any
		_ = json.Unmarshal([]byte(r.GetString("evidence")), &ev)
		out = append(out, inspect.StoredFinding{
			Finding: inspect.Finding{
				Rule: r.GetString("rule"), Severity: inspect.Severity(r.GetString("severity")),
				SubjectCollection: r.GetString("subject_collection"), SubjectID: r.GetString("subject_id"),
				SubjectLabel: r.GetString("subject_label"), Message: r.GetString("message"), Evidence: ev,
				ActionHint: r.GetString("action_hint"),
			},
			ID: r.Id, Status: r.GetString("status"), FirstSeen: r.GetDateTime("first_seen").Time(),
			LastSeen: r.GetDateTime("last_seen").Time(), ResolvedAt: r.GetDateTime("resolved_at").Time(),
			AutoResolved: r.GetBool("auto_resolved"), Note: r.GetString("resolution_note"),
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return severityRank(out[i].Severity) < severityRank(out[j].Severity)
	})
	return out, nil
}

func severityRank(s inspect.Severity) int {
	switch s {
	case inspect.Serious:
		return 0
	case inspect.Warning:
		return 1
	}
	return 2
}
