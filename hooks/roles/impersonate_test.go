package roles_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"

	"motcua/internal/access"
	"motcua/testapp"
)

// TestImpersonationRefused: nobody, the admin included, may impersonate
// another account, and a token minted by impersonation (non-refreshable) is
// not accepted: every act is recorded under the person who did it.
func TestImpersonationRefused(t *testing.T) {
	var target string
	scenarios := []*tests.ApiScenario{{
		Name:           "the admin impersonates a clerk",
		Method:         http.MethodPost,
		Body:           strings.NewReader(`{"duration":600}`),
		ExpectedStatus: http.StatusForbidden,
		ExpectedContent: []string{`"message":"Không ai được đăng nhập thay tài khoản của người khác (mạo danh), kể cả quản trị: ` +
			`mọi thao tác phải mang đúng tên người làm trong nhật ký kiểm toán. Quản trị có thể đặt lại mật khẩu của cán bộ."`},
		NotExpectedContent: []string{`"token"`},
	}, {
		Name:           "a clerk acts with a token minted by impersonation",
		Method:         http.MethodGet,
		URL:            "/api/collections/dossiers/records?perPage=1",
		ExpectedStatus: http.StatusUnauthorized,
		ExpectedContent: []string{`"message":"Phiên đăng nhập thay (mạo danh) không được chấp nhận: ` +
			`hãy đăng nhập bằng tài khoản của mình."`},
	}}
	scenarios[0].TestAppFactory = func(tb testing.TB) *tests.TestApp {
		app := testapp.New(tb)
		scenarios[0].Headers = testapp.Auth(tb, app, access.Admin)
		target = testapp.Staff(tb, app, access.Receptionist).Id
		scenarios[0].URL = "/api/collections/_superusers/impersonate/" + target
		return app
	}
	scenarios[1].TestAppFactory = func(tb testing.TB) *tests.TestApp {
		app := testapp.New(tb)
		tok, err := testapp.Staff(tb, app, access.Receptionist).NewStaticAuthToken(0)
		if err != nil {
			tb.Fatal(err)
		}
		scenarios[1].Headers = map[string]string{"Authorization": tok}
		return app
	}
	for _, s := range scenarios {
		s.Test(t)
	}
	assert.NotEmpty(t, target)
}
