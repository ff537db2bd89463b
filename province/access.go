package province

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"

	"golang.org/x/crypto/bcrypt"
)

// Who may read the province view. Its pages name officers, dossiers and
// each commune's shortcomings, so it is closed by default: served on the
// loopback address alone (the province server's own screen), or, when
// listed in the config's "viewers", to those viewers only, through HTTP
// Basic authentication checked against a bcrypt hash
// (`motcua province password` makes one). Put it behind HTTPS (a reverse
// proxy) when it is read over a network that is not the province's own.

// Viewer is one account that may read the view.
type Viewer struct {
	User         string `json:"user"`
	PasswordHash string `json:"password_hash"` // bcrypt, from `motcua province password`
}

// HashPassword is the bcrypt hash of password for a viewer's entry.
func HashPassword(password string) (string, error) {
	if len(password) < 10 {
		return "", fmt.Errorf("mật khẩu cần ít nhất 10 ký tự")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// checkViewers names the first viewer entry that cannot be used.
func checkViewers(path string, vs []Viewer) error {
	seen := map[string]bool{}
	for i, x := range vs {
		if x.User == "" {
			return fmt.Errorf("%s: viewers[%d].user: cần tên đăng nhập", path, i)
		}
		if seen[x.User] {
			return fmt.Errorf("%s: viewers[%d].user: tên đăng nhập %q trùng", path, i, x.User)
		}
		seen[x.User] = true
		if _, err := bcrypt.Cost([]byte(x.PasswordHash)); err != nil {
			return fmt.Errorf("%s: viewers[%d].password_hash: không phải mã băm bcrypt (tạo bằng motcua province password)", path, i)
		}
	}
	return nil
}

// CheckExposure refuses to serve the view on an address other machines
// reach (anything but loopback) when no viewer is listed.
func CheckExposure(addr net.Addr, cfg *Config) error {
	tcp, ok := addr.(*net.TCPAddr)
	if len(cfg.Viewers) > 0 || (ok && tcp.IP.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("--http %s: máy khác trong mạng truy cập được trang này; khai báo người được xem trong tệp cấu hình "+
		`("viewers": [{"user": "...", "password_hash": "..."}], mã băm tạo bằng motcua province password) hoặc phục vụ ở 127.0.0.1`, addr)
}

// dummyHash is compared against for an unknown user, so that a wrong user
// takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("motcua-province-no-such-viewer"), bcrypt.DefaultCost)

// protect lets through only the listed viewers; with none listed, the
// listening address alone decides (CheckExposure).
func (v *View) protect(next http.Handler) http.Handler {
	if len(v.viewers) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if ok && v.allowed(user, pass) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="Motcua - trang tong hop cua tinh", charset="UTF-8"`)
		http.Error(w, "Cần đăng nhập bằng tài khoản được khai báo trong tệp cấu hình của trang tổng hợp (viewers).", http.StatusUnauthorized)
	})
}

func (v *View) allowed(user, pass string) bool {
	hash := dummyHash
	found := 0
	for _, x := range v.viewers {
		if subtle.ConstantTimeCompare([]byte(x.User), []byte(user)) == 1 {
			hash, found = []byte(x.PasswordHash), 1
		}
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(pass)) == nil && found == 1
}
