package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/auditchain"
)

// The audit anchor (mốc đối chiếu) is the last head of the chain that the
// daily check verified, kept OUTSIDE the database: a chain cut short, or
// replaced by another one (a doctored backup restored), is still a valid
// chain by itself, and only a head recorded elsewhere shows that entries are
// gone.
//
// It is the file audit_anchor.json beside data.db. Not inside backups/,
// although PocketBase leaves that folder alone in backups and restores:
// there it would be listed, downloaded and deleted through the backups API
// and the admin UI as if it were a backup. Beside data.db it is out of the
// API's reach, and Motcua leaves it out of every backup it makes and every
// restore (BackupEvent.Exclude), so that a restored backup can neither
// bring its own anchor nor take the office's away. Someone with the data dir
// on disk can still edit it: that is why the same head is printed on the
// reports, to be signed on paper.
//
// After a restore the office accepts (a backup restore's entry names the
// head it replaced; a restore from the replica to an earlier moment, the
// replica's newer head it left out), the anchor no longer matches the
// restored chain and every check fails, naming that restore, until the IT
// officer, having compared it with the signed paper, deletes
// audit_anchor.json; the next daily check writes a new one.

// AnchorFile is the anchor's file name in the data dir.
const AnchorFile = "audit_anchor.json"

// Anchor is the head recorded by the last daily check that passed.
type Anchor struct {
	auditchain.Head        // the head as the chain verifier takes it
	VerifiedAt      string `json:"verified_at"` // UTC, RFC 3339
}

// anchorPath is where app's anchor lives.
func anchorPath(app core.App) string { return filepath.Join(app.DataDir(), AnchorFile) }

// ReadAnchor returns the office's anchor; ok is false when there is
// none yet.
func ReadAnchor(app core.App) (a Anchor, ok bool, err error) {
	raw, err := os.ReadFile(anchorPath(app))
	if errors.Is(err, fs.ErrNotExist) {
		return Anchor{}, false, nil
	}
	if err != nil {
		return Anchor{}, false, fmt.Errorf("audit: read anchor: %w", err)
	}
	if err := json.Unmarshal(raw, &a); err != nil || a.Seq < 1 || !isHexHash(a.Hash) {
		return Anchor{}, false, fmt.Errorf("audit: anchor %s is not a chain head", anchorPath(app))
	}
	return a, true, nil
}

// writeAuditAnchor replaces the anchor (write then rename: never half a file).
func writeAuditAnchor(app core.App, a Anchor) error {
	raw, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	tmp := anchorPath(app) + ".tmp"
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("audit: write anchor: %w", err)
	}
	if err := os.Rename(tmp, anchorPath(app)); err != nil {
		return fmt.Errorf("audit: write anchor: %w", err)
	}
	return nil
}

// officeAnchors is the anchor to verify against, as a list for VerifyAudit.
func officeAnchors(app core.App) ([]auditchain.Head, error) {
	a, ok, err := ReadAnchor(app)
	if err != nil || !ok {
		return nil, err
	}
	return []auditchain.Head{a.Head}, nil
}

// VerifyAnchored verifies the whole chain against the office's anchor
// (audit_anchor.json): what `motcua audit verify` and the daily check run.
func VerifyAnchored(app core.App) (auditchain.Result, error) {
	anchors, err := officeAnchors(app)
	if err != nil {
		return auditchain.Result{}, err
	}
	res, err := VerifyAudit(app, anchors...)
	if err != nil {
		return res, err
	}
	return explainAnchor(app, res, anchors), nil
}

// checkAnchor is the cheap check the reports make: the anchored entry is
// still in the chain with the same hash.
func checkAnchor(app core.App, res auditchain.Result, anchors []auditchain.Head) auditchain.Result {
	if !res.OK {
		return res
	}
	for _, a := range anchors {
		var hash string
		err := app.ConcurrentDB().NewQuery("SELECT hash FROM audit_log WHERE seq = {:s}").Bind(dbx.Params{"s": a.Seq}).Row(&hash)
		switch {
		case err != nil || a.Seq > res.HeadSeq:
			res.OK, res.FirstBadSeq, res.HeadHash = false, a.Seq, ""
			res.Reason = fmt.Sprintf("entry %d of the anchor is missing: the log ends at %d (tail truncated)", a.Seq, res.HeadSeq)
		case hash != a.Hash:
			res.OK, res.FirstBadSeq, res.HeadHash = false, a.Seq, ""
			res.Reason = fmt.Sprintf("entry %d: hash differs from the anchor %s", a.Seq, a.Hash)
		}
	}
	return explainAnchor(app, res, anchors)
}

// explainAnchor adds to a failure that concerns the anchor where the anchor
// is kept and, when the last restore explains it, what replaced the chain: a
// backup restored (the head of the chain it replaced) or a restore from the
// replica to an earlier moment (the replica's newer head, whose entries the
// restored chain does not hold).
func explainAnchor(app core.App, res auditchain.Result, anchors []auditchain.Head) auditchain.Result {
	if res.OK || len(anchors) == 0 || res.FirstBadSeq != anchors[0].Seq {
		return res
	}
	res.Reason += " (anchor kept outside the database in " + AnchorFile + ")"
	var action, changes, at string
	err := app.ConcurrentDB().NewQuery(`SELECT action, changes, at FROM audit_log WHERE action IN ({:b}, {:r}) ORDER BY seq DESC LIMIT 1`).
		Bind(dbx.Params{"b": ActionBackupRestore, "r": ActionRestoreAt}).Row(&action, &changes, &at)
	if err != nil {
		return res
	}
	// The facts of both entries (audit_backups.go, replica.RestoredAtEntry).
	var r struct {
		Name     string           `json:"name"`
		Replaced *auditchain.Head `json:"replaced_head"`
		Replica  string           `json:"replica"`
		At       string           `json:"at"`
		Latest   *auditchain.Head `json:"latest_audit_head"`
		Kept     string           `json:"latest_kept_in"`
	}
	if json.Unmarshal([]byte(changes), &r) != nil {
		return res
	}
	switch {
	case action == ActionBackupRestore && r.Replaced != nil:
		res.Reason += fmt.Sprintf("; backup %q restored at %s replaced the chain whose head was %d %s",
			r.Name, at, r.Replaced.Seq, r.Replaced.Hash)
	case action == ActionRestoreAt && r.Latest != nil:
		res.Reason += fmt.Sprintf("; replica %q restored at %s to the moment %s left out the replica's newer chain "+
			"whose head was %d %s (kept in %s)", r.Replica, at, r.At, r.Latest.Seq, r.Latest.Hash, r.Kept)
	}
	return res
}

// advanceAnchor records res's head as the anchor after a daily check passed.
func advanceAnchor(app core.App, res auditchain.Result) error {
	if !res.OK || res.HeadSeq < 1 {
		return nil
	}
	return writeAuditAnchor(app, Anchor{Head: auditchain.Head{Seq: res.HeadSeq, Hash: res.HeadHash},
		VerifiedAt: time.Now().UTC().Format(time.RFC3339)})
}
