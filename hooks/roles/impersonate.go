package roles

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"

	"motcua/hooks/kit"
)

// Impersonation (đăng nhập thay) is refused for everyone, the admin
// included. PocketBase's `POST /api/collections/{c}/impersonate/{id}` mints
// a token of another account, and every act under it would be recorded as
// that account's: the audit could not say who really acted. Refusing it is
// simpler and more robust than carrying the impersonator through every
// entry; an admin who must act for a clerk resets the clerk's password
// instead, which is itself an entry.
//
// Such tokens are the only non-refreshable auth tokens PocketBase mints
// (record.NewStaticAuthToken); one minted before this rule (they last as
// long as their creator asked) is refused too.

const impersonationRefused = "Không ai được đăng nhập thay tài khoản của người khác (mạo danh), kể cả quản trị: " +
	"mọi thao tác phải mang đúng tên người làm trong nhật ký kiểm toán. Quản trị có thể đặt lại mật khẩu của cán bộ."

const impersonationTokenRefused = "Phiên đăng nhập thay (mạo danh) không được chấp nhận: hãy đăng nhập bằng tài khoản của mình."

func RegisterImpersonation(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "motcuaNoImpersonation",
			Priority: kit.PriorityAfterAuthToken,
			Func: func(e *core.RequestEvent) error {
				if isImpersonateRoute(e.Request.URL.Path) {
					return e.ForbiddenError(impersonationRefused, nil)
				}
				if e.Auth != nil && isStaticAuthToken(e.Request.Header.Get("Authorization")) {
					return e.UnauthorizedError(impersonationTokenRefused, nil)
				}
				return e.Next()
			},
		})
		return se.Next()
	})
}

// isImpersonateRoute matches /api/collections/{collection}/impersonate/{id}.
func isImpersonateRoute(path string) bool {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	return len(seg) >= 4 && seg[0] == "api" && seg[1] == "collections" && seg[3] == "impersonate"
}

// isStaticAuthToken reports whether the request's auth token (already
// verified by PocketBase, since it loaded e.Auth) is non-refreshable.
func isStaticAuthToken(header string) bool {
	token := strings.TrimSpace(strings.TrimPrefix(header, "Bearer "))
	claims, err := security.ParseUnverifiedJWT(token)
	if err != nil {
		return false
	}
	refreshable, ok := claims[core.TokenClaimRefreshable].(bool)
	return ok && !refreshable
}
