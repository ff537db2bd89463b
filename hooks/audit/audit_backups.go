package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cast"

	"motcua/hooks/actor"
	"motcua/hooks/kit"
	"motcua/internal/access"
	"motcua/internal/auditchain"
)

// Backups in the audit log: each backup created, uploaded, downloaded,
// deleted or restored is an entry naming who, the file, its size and its
// SHA-256, so that a doctored zip uploaded and restored can be told from the
// backups the office made. A restore also names the head of the chain it
// replaces: the restored database continues the backup's chain, and the
// entries after the backup are gone with the database they were in.
//
// Creating and restoring go through PocketBase's backup events (the API,
// the admin UI, the scheduled backup, Go code); upload, download and delete
// exist only as API routes and are recorded by a middleware. A download or
// a delete is recorded before it happens, so that none happens unrecorded;
// an upload after it (the file is only then known), and the file is removed
// again when its entry cannot be written.

func registerBackupAudit(app core.App) {
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, AnchorFile, AnchorFile+".tmp")
		if err := e.Next(); err != nil {
			return err
		}
		en := EntryFor(actor.ResolveActor(e.App, e.Context), ActionBackupCreate, "", "", backupFacts(e.App, e.Name))
		return AppendEntry(e.App, en)
	})

	// A restore replaces the database and restarts the process: the entry is
	// written into the database being replaced, and passed through the
	// environment to the restarted process, which writes it into the
	// restored one (see restoredEntry).
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, AnchorFile, AnchorFile+".tmp")
		facts := backupFacts(e.App, e.Name)
		var en *auditchain.Entry
		err := e.App.RunInTransaction(func(tx core.App) error {
			if err := Check(tx); err != nil {
				// Restoring a good backup is how a broken audit is
				// repaired: the entry goes to the restored database only.
				facts["audit_not_ready"] = err.Error()
				en = EntryFor(actor.ResolveActor(e.App, e.Context), ActionBackupRestore, "", "", facts)
				return nil
			}
			// The head read in the entry's own transaction: no writer
			// can move it before the entry is linked to it.
			var head auditchain.Head
			_ = tx.NonconcurrentDB().NewQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Row(&head.Seq, &head.Hash)
			facts["replaced_head"] = head
			en = EntryFor(actor.ResolveActor(e.App, e.Context), ActionBackupRestore, "", "", facts)
			return WriteEntry(tx, en)
		})
		if err != nil {
			return err
		}
		raw, _ := json.Marshal(en)
		os.Setenv(restoreEnv, string(raw))
		err = e.Next()
		if err != nil {
			os.Unsetenv(restoreEnv)
		}
		return err
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(auditBackupRoutes)
		return se.Next()
	})
}

// auditBackupRoutes records uploads, downloads and deletes of backups.
func auditBackupRoutes(e *core.RequestEvent) error {
	rest, ok := strings.CutPrefix(e.Request.URL.Path, "/api/backups/")
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return e.Next()
	}
	switch {
	case rest == "upload" && e.Request.Method == http.MethodPost:
		if err := e.Next(); err != nil {
			return err
		}
		name := uploadedName(e)
		if name == "" {
			return nil
		}
		en := EntryFor(actor.Request(e), ActionBackupUpload, "", "", backupFacts(e.App, name))
		if err := AppendEntry(e.App, en); err != nil {
			// No upload without its entry.
			if fsys, ferr := e.App.NewBackupsFilesystem(); ferr == nil {
				_ = fsys.Delete(name)
				fsys.Close()
			}
			return err
		}
		return nil
	case e.Request.Method == http.MethodGet, e.Request.Method == http.MethodDelete:
		key, err := url.PathUnescape(rest)
		if err != nil {
			return e.Next()
		}
		who := actor.Request(e)
		action := ActionBackupDelete
		if e.Request.Method == http.MethodGet {
			// Downloads are authorised by a file token in the query,
			// not by the Authorization header.
			action = ActionBackupDownload
			rec, err := e.App.FindAuthRecordByToken(e.Request.URL.Query().Get("token"), core.TokenTypeFile)
			if err != nil || !rec.IsSuperuser() || kit.StaffRole(rec) != access.Admin {
				return e.Next() // refused further on
			}
			ip, ua := who.IP, who.UserAgent
			who = actor.Staff(rec)
			who.IP, who.UserAgent = ip, ua
		} else if e.Auth == nil || !e.Auth.IsSuperuser() || kit.StaffRole(e.Auth) != access.Admin ||
			cast.ToString(e.App.Store().Get(core.StoreKeyActiveBackup)) == key {
			return e.Next() // refused further on
		}
		facts := backupFacts(e.App, key)
		if _, found := facts["size"]; !found {
			return e.Next() // no such backup: refused further on
		}
		if err := AppendEntry(e.App, EntryFor(who, action, "", "", facts)); err != nil {
			return entryError(e, err, "Không ghi được nhật ký kiểm toán của bản sao lưu.")
		}
	}
	return e.Next()
}

// uploadedName is the name an upload was stored under (its original name).
func uploadedName(e *core.RequestEvent) string {
	if e.Request.MultipartForm == nil {
		return ""
	}
	files := e.Request.MultipartForm.File["file"]
	if len(files) == 0 {
		return ""
	}
	return files[0].Filename
}

// backupFacts describes a backup file for its entry: name, and size and
// sha256 when it can be read.
func backupFacts(app core.App, name string) map[string]any {
	facts := map[string]any{"name": name}
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		return facts
	}
	defer fsys.Close()
	r, err := fsys.GetReader(name)
	if err != nil {
		return facts
	}
	defer r.Close()
	n, sum, err := Digest(r)
	if err != nil {
		return facts
	}
	facts["size"] = n
	facts["sha256"] = sum
	return facts
}

// Digest reads r to its end: its size and hex SHA-256, as a backup's or a
// copy's audit entry records them.
func Digest(r io.Reader) (int64, string, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	return n, hex.EncodeToString(h.Sum(nil)), err
}
