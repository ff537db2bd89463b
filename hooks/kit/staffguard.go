package kit

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/access"
)

// StaffRole reads a staff member's role; an unknown or empty one grants nothing.
func StaffRole(r *core.Record) string {
	role := r.GetString("role")
	if !access.IsRole(role) {
		return ""
	}
	return role
}

// LimitedRole returns the role of a signed-in staff member who is held to the
// allow-list, and false for guests and for the admin.
func LimitedRole(e *core.RequestEvent) (string, bool) {
	if e.Auth == nil || !e.Auth.IsSuperuser() {
		return "", false
	}
	role := StaffRole(e.Auth)
	return role, role != access.Admin
}

// RequireStaff is the middleware of Motcua's own staff routes (forms,
// reports, self-inspection, a dossier's history): a signed-in staff member
// holding one of roles; 401 for guests, 403 for other roles.
func RequireStaff(roles ...string) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if e.Auth == nil || !e.Auth.IsSuperuser() {
			return e.UnauthorizedError("Cần đăng nhập bằng tài khoản cán bộ.", nil)
		}
		role := StaffRole(e.Auth)
		if !slices.Contains(roles, role) {
			who := access.RoleLabel(role)
			if role == "" {
				who = "Tài khoản chưa được gán vai trò"
			}
			return e.ForbiddenError(who+" không có quyền dùng chức năng này.", nil)
		}
		return e.Next()
	}
}
