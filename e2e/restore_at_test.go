package e2e

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRestoreAtNeverReissuesCodes: `motcua restore --at T` goes back before
// dossiers and feedback whose codes citizens already hold; the restored
// office numbers its next intake and feedback past them, says how many codes
// it skips, and keeps the replica's newest state under replaced/.
func TestRestoreAtNeverReissuesCodes(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	url := "file://" + t.TempDir()

	c := serveReplicating(t, data, url)
	before := c.receive(3, "Nguyễn Văn Trước")
	c.feedback(1, "Nguyễn Văn Trước")
	require.True(t, c.status(true).InSync)
	at := time.Now()
	// The moment lies strictly between the two batches' transactions.
	time.Sleep(1100 * time.Millisecond)
	later := c.receive(5, "Trần Thị Sau") // on receipts, then gone with the restore
	laterFeedback := c.feedback(2, "Trần Thị Sau")
	// The daily check runs after the moment: its anchor names an entry
	// the restored chain does not hold.
	anchor := filepath.Join(data, "audit_anchor.json")
	was, _ := os.ReadFile(anchor)
	code, body := c.call(c.admin, http.MethodPost, "/api/crons/audit_verify", "")
	require.Equal(t, 204, code, body)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) { // the job runs in the background
		if now, _ := os.ReadFile(anchor); len(now) > 0 && string(now) != string(was) {
			break
		}
		require.False(t, time.Now().After(deadline), "the daily check wrote no anchor")
	}
	newest := c.status(true)
	require.True(t, newest.InSync)
	c.kill()

	dir, head, report := restoreReporting(t, url, "--at", at.Format(time.RFC3339Nano))
	require.Equal(t, before, codesIn(t, dir, slices.Concat(before, later)), "the restore is the state at the moment")
	assert.Contains(t, report, "Không cấp lại 5 mã hồ sơ và 2 mã phản ánh đã cấp sau thời điểm khôi phục; "+
		"bản mới nhất của bản sao được giữ ở "+filepath.Join(dir, "replaced"))
	kept, err := filepath.Glob(filepath.Join(dir, "replaced", "*-replica-latest", "data.db"))
	require.NoError(t, err)
	require.Len(t, kept, 1)
	assert.Equal(t, later, codesIn(t, filepath.Dir(kept[0]), later), "what came after the moment stays readable")
	_, err = os.Stat(filepath.Join(filepath.Dir(kept[0]), ".codes_reconciled"))
	assert.NoError(t, err, "the restore made its codes floors")

	// The restored chain records the restore and the gap it leaves: its
	// head (the one printed, which audit verify found) is that entry.
	db, err := sql.Open("sqlite", filepath.Join(dir, "data.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var seq int64
	var hash, action, actorType, actorName, changes string
	require.NoError(t, db.QueryRow(`SELECT seq, hash, action, actor_type, actor_name, changes FROM audit_log ORDER BY seq DESC LIMIT 1`).
		Scan(&seq, &hash, &action, &actorType, &actorName, &changes))
	assert.Equal(t, fmt.Sprintf("Đầu chuỗi: #%d %s", seq, hash), head)
	assert.Equal(t, []string{"replica_restore_at", "system", "restore"}, []string{action, actorType, actorName})
	assert.JSONEq(t, fmt.Sprintf(`{"replica":%q,"at":%q,"txid":%d,`+
		`"skipped_dossier_codes":5,"skipped_feedback_codes":2,"newest_dossier_code":%q,"newest_feedback_code":%q,`+
		`"latest_audit_head":{"seq":%d,"hash":%q},"latest_kept_in":%q}`,
		url, at.UTC().Format(time.RFC3339Nano), restoredTXID(t, report), later[len(later)-1], laterFeedback[len(laterFeedback)-1],
		newest.AuditHead.Seq, newest.AuditHead.Hash, "replaced/"+filepath.Base(filepath.Dir(kept[0]))), changes)

	// Served back to the same replica, the restored office's history goes
	// on there (Litestream finds the database behind the replica and writes
	// it whole as the replica's next transaction): a restore of the newest
	// state is the restored office's, with what it received since, and its
	// chain verifies against the anchor it brings back.
	r := serveReplicating(t, dir, url)
	next := r.receive(1, "Lê Văn Mới")[0]
	assert.NotContains(t, later, next, "code %s was already issued after the moment", next)
	assert.Greater(t, next, later[len(later)-1], "numbering continues past the last code issued")
	nextFeedback := r.feedback(1, "Lê Văn Mới")[0]
	assert.NotContains(t, laterFeedback, nextFeedback)
	assert.Greater(t, nextFeedback, laterFeedback[len(laterFeedback)-1], fmt.Sprintf("after %v", laterFeedback))
	back := r.status(true)
	require.True(t, back.InSync)
	r.kill()
	again, againHead := restoreTo(t, url)
	assert.Equal(t, fmt.Sprintf("Đầu chuỗi: #%d %s", back.AuditHead.Seq, back.AuditHead.Hash), againHead)
	all := slices.Concat(before, later, []string{next})
	assert.Equal(t, append(slices.Clone(before), next), codesIn(t, again, all), "the restored office's dossiers, not the replica's old ones")
}

// restoredTXID is the replica transaction the restore printed.
func restoredTXID(t *testing.T, report string) uint64 {
	var n uint64
	m := regexp.MustCompile(`: giao dịch (\d+),`).FindStringSubmatch(report)
	require.Len(t, m, 2, report)
	_, err := fmt.Sscan(m[1], &n)
	require.NoError(t, err)
	return n
}
