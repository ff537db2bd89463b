package inspect

import (
	"testing"
	"time"
)

// TestReplicationLagging: a replica behind by more than a minute, or whose
// last attempt failed, is a finding; a configured replica replaces the zip
// backups' rule.
func TestReplicationLagging(t *testing.T) {
	now := at("2026-06-15 10:00")
	base := Replica{Configured: true, Known: true, URL: "file:///mnt/nas/motcua", LocalTXID: 9, ReplicaTXID: 7, CaughtUpAt: now.Add(-2 * time.Minute)}

	behind := base
	behind.BehindSince = now.Add(-30 * time.Second)
	if _, ok := ReplicationLagging(now, behind); ok {
		t.Error("30 s behind flagged")
	}
	behind.BehindSince = now.Add(-90 * time.Second)
	f, ok := ReplicationLagging(now, behind)
	if !ok {
		t.Fatal("90 s behind not flagged")
	}
	checkFinding(t, f, RuleReplicationLagging, SubjectReplica, "replica")
	if f.Severity != Warning || f.Evidence["lag_seconds"] != 90 {
		t.Errorf("lagging: %s %v", f.Severity, f.Evidence)
	}
	if f.Message != "Bản sao liên tục chậm 90 giây so với cơ sở dữ liệu (ngưỡng 60 giây), chậm từ 09:58 15/06/2026." {
		t.Errorf("message %q", f.Message)
	}

	failing := base
	failing.LastError, failing.LastErrorAt = "dial tcp 10.0.0.5:8333: connection refused", now.Add(-10*time.Second)
	f, ok = ReplicationLagging(now, failing)
	if !ok || f.Severity != Serious {
		t.Fatalf("failing replica: %v %+v", ok, f)
	}
	checkFinding(t, f, RuleReplicationLagging, SubjectReplica, "replica")
	recovered := failing
	recovered.CaughtUpAt = now
	if _, ok := ReplicationLagging(now, recovered); ok {
		t.Error("an error before the last catch-up flagged")
	}

	// With a replica, no zip backup is asked for; without, it is.
	in := Input{Now: now, Settings: DefaultSettings(), Backups: Backups{Known: true}, Replica: behind}
	rules := map[string]bool{}
	for _, f := range Check(in).Findings {
		rules[f.Rule] = true
	}
	if rules[RuleNoRecentBackup] || !rules[RuleReplicationLagging] {
		t.Errorf("with a lagging replica: %v", rules)
	}
	in.Replica = Replica{}
	rules = map[string]bool{}
	for _, f := range Check(in).Findings {
		rules[f.Rule] = true
	}
	if !rules[RuleNoRecentBackup] || rules[RuleReplicationLagging] {
		t.Errorf("without a replica: %v", rules)
	}
	// A replica whose server is not running is not judged.
	in.Replica = Replica{Configured: true}
	if res := Check(in); !res.Skipped[RuleReplicationLagging] {
		t.Error("an unknown replica status was judged")
	}
}
