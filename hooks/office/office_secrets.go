package office

import (
	"net/url"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/access"
)

// The office record is public (the posting the public page shows, through
// its own route), but its `settings` hold secrets: the SMS gateway's request
// (settings.notify.sms: URL, headers and body carry the gateway's
// credentials; hooks/notify) and the replica's address
// (settings.replica: an S3 URL may carry a key and secret; replica/).
//
//   - The field is hidden (migration 1795840200_office_settings_hidden.go):
//     PocketBase leaves it out of every guest response and refuses a guest's
//     filter or sort on it, which would otherwise spell a secret out letter
//     by letter; the role guard refuses the same to staff other than the
//     admin (reachDenial: hidden fields are out of reach).
//   - Staff are superusers, who see hidden fields: for all but the admin,
//     the secrets are masked here, in every response and realtime message
//     (the record's enrich event). Only the admin edits the office
//     (internal/access), so no one saves a masked value back.
func RegisterOfficeSecrets(app core.App) {
	app.OnRecordEnrich("office").BindFunc(func(e *core.RecordEnrichEvent) error {
		if a := e.RequestInfo; a != nil && a.Auth != nil && a.Auth.IsSuperuser() && a.Auth.GetString("role") == access.Admin {
			return e.Next()
		}
		var s map[string]any
		if err := e.Record.UnmarshalJSONField("settings", &s); err == nil && s != nil && maskOfficeSecrets(s) {
			e.Record.Set("settings", s)
		}
		return e.Next()
	})
}

// maskOfficeSecrets masks the secrets of office settings s in place and
// reports whether it changed anything.
func maskOfficeSecrets(s map[string]any) bool {
	changed := false
	if n, ok := s["notify"].(map[string]any); ok {
		if _, ok := n["sms"]; ok {
			n["sms"] = map[string]any{"configured": true}
			changed = true
		}
	}
	if r, ok := s["replica"].(string); ok && r != "" {
		masked := "(đã cấu hình)"
		if u, err := url.Parse(r); err == nil && u.Scheme != "" {
			u.User = nil
			q := u.Query()
			for k := range q {
				switch k {
				case "endpoint", "region", "force-path-style", "sign-payload", "skip-verify":
				default:
					q.Del(k) // anything else may be a credential
				}
			}
			u.RawQuery = q.Encode()
			masked = u.String()
		}
		s["replica"] = masked
		changed = true
	}
	return changed
}
