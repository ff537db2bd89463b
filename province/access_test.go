package province

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProvinceViewIsClosed: with viewers listed, every page asks for one of
// them (a wrong user or password is refused alike); with none, the view is
// served on loopback only.
func TestProvinceViewIsClosed(t *testing.T) {
	hash, err := HashPassword("mat-khau-thu-nghiem")
	require.NoError(t, err)
	_, err = HashPassword("ngan")
	assert.EqualError(t, err, "mật khẩu cần ít nhất 10 ký tự")

	cfg := &Config{Province: "Tỉnh Thử Nghiệm", Communes: []CommuneConfig{{Name: "Xã Thử Nghiệm Một", Replica: "file:///khong-co"}},
		Viewers: []Viewer{{User: "thanhtra", PasswordHash: hash}}}
	srv := httptest.NewServer(New(cfg, t.TempDir()).Handler())
	defer srv.Close()
	get := func(path, user, pass string) (int, string, string) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("WWW-Authenticate"), string(body)
	}
	refused := "Cần đăng nhập bằng tài khoản được khai báo trong tệp cấu hình của trang tổng hợp (viewers).\n"
	for _, path := range []string{"/", "/xa/xa-thu-nghiem-mot", "/bang.csv", "/bang.xlsx", "/bao-cao"} {
		for _, who := range [][2]string{{"", ""}, {"thanhtra", "sai-mat-khau-roi"}, {"nguoila", "mat-khau-thu-nghiem"}} {
			status, challenge, body := get(path, who[0], who[1])
			assert.Equal(t, http.StatusUnauthorized, status, "%s as %q", path, who[0])
			assert.Equal(t, `Basic realm="Motcua - trang tong hop cua tinh", charset="UTF-8"`, challenge)
			assert.Equal(t, refused, body)
		}
	}
	status, _, body := get("/", "thanhtra", "mat-khau-thu-nghiem")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Tự kiểm tra bộ phận một cửa các xã — Tỉnh Thử Nghiệm")

	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8091}
	wide := &net.TCPAddr{IP: net.IPv4zero, Port: 8091}
	open := &Config{Communes: cfg.Communes}
	assert.NoError(t, CheckExposure(loop, open))
	assert.EqualError(t, CheckExposure(wide, open), `--http 0.0.0.0:8091: máy khác trong mạng truy cập được trang này; khai báo người được xem trong tệp cấu hình `+
		`("viewers": [{"user": "...", "password_hash": "..."}], mã băm tạo bằng motcua province password) hoặc phục vụ ở 127.0.0.1`)
	assert.NoError(t, CheckExposure(wide, cfg))
}

func TestProvinceViewersConfigErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	load := func(s string) error {
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		_, _, err := LoadConfig(p)
		return err
	}
	communes := `"communes": [{"name": "Xã A", "replica": "file:///x"}]`
	assert.EqualError(t, load(`{`+communes+`, "viewers": [{"user": "", "password_hash": "x"}]}`), p+": viewers[0].user: cần tên đăng nhập")
	assert.EqualError(t, load(`{`+communes+`, "viewers": [{"user": "a", "password_hash": "mat-khau-de-tran"}]}`),
		p+": viewers[0].password_hash: không phải mã băm bcrypt (tạo bằng motcua province password)")
	hash, err := HashPassword("mat-khau-thu-nghiem")
	require.NoError(t, err)
	assert.EqualError(t, load(`{`+communes+`, "viewers": [{"user": "a", "password_hash": "`+hash+`"}, {"user": "a", "password_hash": "`+hash+`"}]}`),
		p+`: viewers[1].user: tên đăng nhập "a" trùng`)
	assert.NoError(t, load(`{`+communes+`, "viewers": [{"user": "a", "password_hash": "`+hash+`"}]}`))
}
