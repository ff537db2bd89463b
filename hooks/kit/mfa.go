package kit

import (
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/access"
)

// WantsAdminMFA reports whether a successful auth step of rec must be
// followed by a second one. PocketBase's MFA rule cannot be set on
// _superusers (a system collection), so MFA is on for the whole collection
// and this decides: the admin only.
func WantsAdminMFA(e *core.RecordAuthRequestEvent) bool {
	return e.Record != nil && e.Record.IsSuperuser() && e.Collection.MFA.Enabled && e.AuthMethod != "" &&
		StaffRole(e.Record) == access.Admin
}

// MFAStep says where a successful auth step stands with MFA (as
// apis.checkMFA will decide it once WantsAdminMFA has spoken): "" when no MFA applies, "pending" when
// this step is the first of two, "completed" when it is the second.
func MFAStep(e *core.RecordAuthRequestEvent) string {
	if !WantsAdminMFA(e) {
		return ""
	}
	info, err := e.RequestInfo()
	if err != nil {
		return ""
	}
	if id, _ := info.Body["mfaId"].(string); id != "" || e.Request.URL.Query().Get("mfaId") != "" {
		return "completed"
	}
	return "pending"
}
