package inspect

import (
	"fmt"
	"time"

	"motcua/internal/calendar"
)

// RuleReplicationLagging flags continuous replication (motcua serve
// --replica, or the office's settings.replica) that is behind or failing.
// Where a replica is configured it stands in for no_recent_backup: the
// replica is the office's copy off the box (issue 19).
const RuleReplicationLagging = "replication_lagging"

// SubjectReplica is the subject of replication_lagging.
const SubjectReplica = "replica"

// DefaultReplicaLag is how far behind the replica may fall before
// replication_lagging fires: a minute, sixty times the steady-state lag.
const DefaultReplicaLag = time.Minute

func init() {
	// Appended here rather than in the table of rules.go, which other work
	// edits: the rule is listed last.
	Rules = append(Rules, Rule{RuleReplicationLagging, "Sao lưu liên tục (bản sao) bị chậm hoặc lỗi", Warning, SubjectReplica, false})
}

// Replica is the state of continuous replication as the server last saw it.
type Replica struct {
	// Configured: a replica URL is set. Known: the replicating server's
	// status could be read (it runs, or wrote it recently).
	Configured bool `json:"configured"`
	Known      bool `json:"known"`
	// URL is the replica's address without credentials.
	URL string `json:"url"`
	// LocalTXID is the newest transaction Litestream has read from the
	// database's log; ReplicaTXID the newest stored at the replica.
	LocalTXID   uint64 `json:"local_txid"`
	ReplicaTXID uint64 `json:"replica_txid"`
	// BehindSince is when the replica was first seen behind the database,
	// zero while it is caught up; CaughtUpAt the last time it was.
	BehindSince time.Time `json:"behind_since"`
	CaughtUpAt  time.Time `json:"caught_up_at"`
	// LastError is the last replication error, at LastErrorAt.
	LastError   string    `json:"last_error"`
	LastErrorAt time.Time `json:"last_error_at"`
	// UpdatedAt is when this status was taken.
	UpdatedAt time.Time `json:"updated_at"`
}

// Lag is how long the replica has been behind at now: zero when caught up.
func (r Replica) Lag(now time.Time) time.Duration {
	if r.BehindSince.IsZero() || now.Before(r.BehindSince) {
		return 0
	}
	return now.Sub(r.BehindSince)
}

// Failing reports whether the last attempt failed: an error came after the
// last time the replica was caught up.
func (r Replica) Failing() bool {
	return r.LastError != "" && r.LastErrorAt.After(r.CaughtUpAt)
}

// ReplicationLagging flags a replica more than DefaultReplicaLag behind the
// database, or whose last attempt failed (serious then: nothing new reaches
// the copy off the box).
func ReplicationLagging(now time.Time, r Replica) (Finding, bool) {
	lag := r.Lag(now)
	if !r.Configured || !r.Known || (lag <= DefaultReplicaLag && !r.Failing()) {
		return Finding{}, false
	}
	rule, _ := RuleByName(RuleReplicationLagging)
	f := Finding{
		Rule: RuleReplicationLagging, Severity: rule.Severity, SubjectCollection: SubjectReplica, SubjectID: "replica",
		SubjectLabel: "Bản sao liên tục (" + r.URL + ")",
		Evidence: map[string]any{
			"url": r.URL, "local_txid": r.LocalTXID, "replica_txid": r.ReplicaTXID, "lag_seconds": int(lag.Seconds()),
			"behind_since": officeTime(r.BehindSince), "caught_up_at": officeTime(r.CaughtUpAt),
			"last_error": r.LastError, "last_error_at": officeTime(r.LastErrorAt),
			"threshold_seconds": int(DefaultReplicaLag.Seconds()),
		},
		ActionHint: "Quản trị kiểm tra kết nối tới nơi lưu bản sao (ổ mạng hoặc dịch vụ lưu trữ S3), dung lượng và quyền ghi " +
			"ở đó; xem trạng thái tại GET /api/motcua/replica. Khi chưa khắc phục được, tạo ngay một bản sao lưu (mục Settings › Backups của trang quản trị).",
	}
	if r.Failing() {
		f.Severity = Serious
		f.Message = fmt.Sprintf("Sao lưu liên tục đang lỗi từ %s: dữ liệu mới không được chép ra ngoài máy chủ.",
			calendar.FormatDateTime(r.LastErrorAt))
	} else {
		f.Message = fmt.Sprintf("Bản sao liên tục chậm %s giây so với cơ sở dữ liệu (ngưỡng %s giây), chậm từ %s.",
			FormatInt(int(lag.Seconds())), FormatInt(int(DefaultReplicaLag.Seconds())), calendar.FormatDateTime(r.BehindSince))
	}
	return f, true
}
