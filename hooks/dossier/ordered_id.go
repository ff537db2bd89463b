package dossier

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/security"

	"motcua/hooks/audit"
)

// orderedID is a record id for dossiers and their events that sorts by
// creation time: ten base-36 characters of the microsecond, then five random
// ones (PocketBase's 15 characters of a-z0-9).
//
// PocketBase's own ids are random, so every new dossier, event and audit
// entry about them landed on a random page of the id indexes, of the events'
// (dossier, at) index and of the audit log's (collection, record_id) index:
// at ten years those are tens of megabytes, mostly not in SQLite's cache, and
// each intake wrote five pages nobody else touched. New ids now go to the
// end of each index, where the intakes written together share their pages.
// The time they show is no secret: a dossier's received time is public.
func orderedID() string {
	t := audit.Base36(time.Now().UnixMicro(), 10)
	return t + security.RandomStringWithAlphabet(15-len(t), "abcdefghijklmnopqrstuvwxyz0123456789")
}
