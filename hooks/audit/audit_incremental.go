package audit

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/auditchain"
)

// The self-inspection and the reports page show the state of the audit
// chain. Verifying the whole chain takes seconds per million entries (ten
// years of a busy ward are about five million: see BENCHMARKS.md), far too
// long for a report opened many times a day. They therefore check the chain
// from the verified head: the head recorded by the last full verification,
// the daily job's `verify` entry (itself in the chain). Only the entries
// after it are read; the seam is checked against its hash. (Not to be
// confused with SQLite's WAL checkpoints: hooks/sqlite/walcheckpoint.go.) The full
// check stays where it belongs: the daily job (01:30) and `motcua audit
// verify` read every entry, so an edit of an entry older than the last daily
// check is caught by the next one, within a day; a failed daily check makes
// every report verify everything again, so it shows the break. With no
// daily check recorded yet (a new install, tests), the whole chain is read.

type verifiedHead struct {
	seq  int64
	hash string
}

// VerifyAuditIncremental verifies the audit chain from the last checkpoint
// (see above) to its head. With no usable checkpoint it verifies the whole
// chain, as VerifyAudit does.
//
// It also checks that the office's anchor (audit_anchor.json) is still in
// the chain: a restored chain shorter than the anchor, or another chain,
// fails here too, naming the anchor.
func VerifyAuditIncremental(app core.App) (auditchain.Result, error) {
	anchors, err := officeAnchors(app)
	if err != nil {
		return auditchain.Result{}, err
	}
	cp, ok := lastVerifiedHead(app)
	var res auditchain.Result
	if ok {
		res, err = verifyFrom(app, cp)
	} else {
		res, err = VerifyAudit(app)
	}
	if err != nil {
		return res, err
	}
	return checkAnchor(app, res, anchors), nil
}

// lastCheckpoint is the head recorded by the last daily verification; none
// when there is none or when it failed.
func lastVerifiedHead(app core.App) (verifiedHead, bool) {
	var changes string
	// The newest `verify` entry, found through the (collection, record_id)
	// index: verify entries are the log's own, with no record id.
	err := app.ConcurrentDB().NewQuery(`SELECT changes FROM audit_log WHERE collection = {:c} AND record_id = ''
		AND action = {:a} ORDER BY seq DESC LIMIT 1`).Bind(dbx.Params{"a": ActionVerify, "c": Collection}).Row(&changes)
	if err != nil {
		return verifiedHead{}, false
	}
	var rec auditchain.Result
	if json.Unmarshal([]byte(changes), &rec) != nil || !rec.OK || rec.HeadSeq <= 0 || rec.HeadHash == "" {
		// The last full check failed (or says nothing usable): check
		// everything, so that the report shows where.
		return verifiedHead{}, false
	}
	return verifiedHead{seq: rec.HeadSeq, hash: rec.HeadHash}, true
}

// verifyFrom checks the entries after cp and that the chain still passes
// through cp.
func verifyFrom(app core.App, cp verifiedHead) (auditchain.Result, error) {
	var hash string
	err := app.ConcurrentDB().NewQuery("SELECT hash FROM audit_log WHERE seq = {:s}").
		Bind(dbx.Params{"s": cp.seq}).Row(&hash)
	if err != nil || hash != cp.hash {
		// The checkpoint entry is gone or changed: only a full check can
		// say where the chain breaks.
		return VerifyAudit(app)
	}
	v := auditchain.NewSegmentVerifier(cp.seq + 1)
	rows, err := app.ConcurrentDB().NewQuery(`SELECT seq, at, actor_type, actor_id, actor_email, actor_role,
		actor_name, ip, user_agent, action, collection, record_id, changes, prev_hash, hash
		FROM audit_log WHERE seq > {:s} ORDER BY seq`).Bind(dbx.Params{"s": cp.seq}).Rows()
	if err != nil {
		return auditchain.Result{}, fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()
	var e auditchain.Entry
	first := true
	for rows.Next() {
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorType, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.ActorName,
			&e.IP, &e.UserAgent, &e.Action, &e.Collection, &e.RecordID, &e.Changes, &e.PrevHash, &e.Hash); err != nil {
			return auditchain.Result{}, fmt.Errorf("audit: read entry: %w", err)
		}
		if first && e.PrevHash != cp.hash {
			return auditchain.Result{Entries: cp.seq, HeadSeq: cp.seq, FirstBadSeq: e.Seq,
				Reason: fmt.Sprintf("entry %d: prev_hash does not match the hash of entry %d", e.Seq, cp.seq)}, nil
		}
		first = false
		if !v.Add(&e) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return auditchain.Result{}, fmt.Errorf("audit: read log: %w", err)
	}
	r := v.Result()
	if first {
		// Nothing after the checkpoint: the head is the checkpoint.
		r = auditchain.Result{OK: true, HeadSeq: cp.seq, HeadHash: cp.hash}
	}
	// The entries before the checkpoint were verified when it was taken.
	r.Entries += cp.seq
	if !r.OK {
		r.HeadHash = ""
	}
	return r, nil
}
