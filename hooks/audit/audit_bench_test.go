package audit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"motcua/hooks/audit"
	"motcua/internal/auditchain"
	"motcua/testapp"
)

// BenchmarkAuditCreate: a dossier-like record create through app.Save, with
// Motcua's hooks (the audit entry in the same transaction) and without any.
func BenchmarkAuditCreate(b *testing.B) {
	for _, withAudit := range []bool{false, true} {
		name := "without_audit"
		if withAudit {
			name = "with_audit"
		}
		b.Run(name, func(b *testing.B) {
			var app *tests.TestApp
			if withAudit {
				app = testapp.New(b)
			} else {
				var err error
				if app, err = tests.NewTestApp(testapp.Template(b)); err != nil {
					b.Fatal(err)
				}
			}
			defer app.Cleanup()
			c := testapp.BenchCollection(b, app)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := core.NewRecord(c)
				r.Set("code", fmt.Sprintf("H15.50.05.13-261008-%04d", i%10000))
				r.Set("applicant_name", "Nguyễn Văn An")
				r.Set("applicant_phone", "0900000000")
				r.Set("status", "received")
				r.Set("note", "Hồ sơ đầy đủ")
				r.Set("received_at", time.Now())
				if err := app.Save(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuditVerify: VerifyAudit over a log of AUDIT_BENCH_ENTRIES
// entries (default 1,000,000), generated with direct SQL inserts; reports
// entries/s and the database bytes per entry.
func BenchmarkAuditVerify(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("AUDIT_BENCH_ENTRIES"); v != "" {
		fmt.Sscan(v, &n)
	}
	app := testapp.Empty(b)
	defer app.Cleanup()
	dbFile := filepath.Join(app.DataDir(), "data.db")
	size := func() int64 {
		if _, err := app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
			b.Fatal(err)
		}
		st, err := os.Stat(dbFile)
		if err != nil {
			b.Fatal(err)
		}
		return st.Size()
	}
	seq, prev, err := audit.Head(app)
	if err != nil {
		b.Fatal(err)
	}
	start := seq
	before := size()
	err = app.RunInTransaction(func(tx core.App) error {
		q := tx.DB().NewQuery(`INSERT INTO audit_log (id, seq, at, actor_type, actor_id, actor_email, actor_role,
			actor_name, ip, user_agent, action, collection, record_id, changes, prev_hash, hash) VALUES ({:id}, {:seq},
			{:at}, {:actor_type}, {:actor_id}, {:actor_email}, {:actor_role}, {:actor_name}, {:ip}, {:user_agent},
			{:action}, {:collection}, {:record_id}, {:changes}, {:prev_hash}, {:hash})`).Prepare()
		defer q.Close()
		at := time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)
		for i := 0; i < n; i++ {
			e := auditchain.Entry{
				At: at.Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05.000Z"), ActorType: "staff",
				ActorID: "a1b2c3d4e5f6g7h", ActorEmail: "tiepnhan@ninhxuan.example", ActorRole: "receptionist",
				ActorName: "Trần Thị Mẫu", IP: "192.168.1.23",
				UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
				Action:    "update", Collection: "dossiers", RecordID: fmt.Sprintf("d%014d", i%5000),
				Changes: `{"assignee":{"after":"q9w8e7r6t5y4u3i","before":""},"note":{"after":"Chuyển chuyên môn xử lý","before":""},"status":{"after":"processing","before":"received"}}`,
			}
			auditchain.Seal(&e, seq, prev)
			seq, prev = e.Seq, e.Hash
			if _, err := q.Bind(dbx.Params{"id": fmt.Sprintf("b%014d", i), "seq": e.Seq, "at": e.At,
				"actor_type": e.ActorType, "actor_id": e.ActorID, "actor_email": e.ActorEmail, "actor_role": e.ActorRole,
				"actor_name": e.ActorName, "ip": e.IP, "user_agent": e.UserAgent, "action": e.Action,
				"collection": e.Collection, "record_id": e.RecordID, "changes": e.Changes, "prev_hash": e.PrevHash,
				"hash": e.Hash}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	perEntry := float64(size()-before) / float64(seq-start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := audit.VerifyAudit(app)
		if err != nil || !res.OK || res.HeadSeq != seq {
			b.Fatalf("verify: %+v %v", res, err)
		}
	}
	b.ReportMetric(float64(int64(b.N)*seq)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(perEntry, "bytes/entry")
}
