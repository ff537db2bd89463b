package inspect

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/audit"
	"motcua/internal/inspect"
)

// auditState verifies the audit chain, when there is one to verify.
func auditState(app core.App) inspect.Audit {
	a, err := verifyAuditChain(app)
	if err != nil {
		app.Logger().Warn("self-inspection: audit chain not verified", "error", err)
		return inspect.Audit{}
	}
	return a
}

// verifyAuditChain checks the audit log's hash chain from the last daily
// full check (VerifyAuditIncremental, hooks/audit_incremental.go).
func verifyAuditChain(app core.App) (inspect.Audit, error) {
	r, err := audit.VerifyAuditIncremental(app)
	if err != nil {
		return inspect.Audit{}, err
	}
	a := inspect.Audit{Known: true, Result: r}
	if anchor, ok, _ := audit.ReadAnchor(app); ok {
		a.AnchorSeq, a.AnchorHash = anchor.Seq, anchor.Hash
	}
	if !r.OK {
		// The head of a broken chain is still what the report must print.
		if seq, hash, err := audit.Head(app); err == nil {
			a.HeadSeq, a.HeadHash = seq, hash
		}
	}
	return a, nil
}

// backupState lists the backups (local or S3, as the settings say).
func backupState(app core.App) inspect.Backups {
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		return inspect.Backups{}
	}
	defer fsys.Close()
	files, err := fsys.List("")
	if err != nil {
		return inspect.Backups{}
	}
	b := inspect.Backups{Known: true}
	for _, f := range files {
		if !strings.HasSuffix(f.Key, ".zip") {
			continue
		}
		b.Count++
		if f.ModTime.After(b.Newest) {
			b.Newest = f.ModTime
		}
	}
	return b
}

// ---- indicators ----
