// Package roles owns who may do what: the allow-list of internal/access
// applied to every API route, record request and realtime subscription
// (roles.go, and what a filter, sort or expand may reach: roles_reach.go),
// the staff accounts' own rules (staff.go: the last admin, a member's own
// role), the sign-in guard with the admin's second factor and the folded
// failures (signin.go), and the refusal of impersonation (impersonate.go).
package roles
