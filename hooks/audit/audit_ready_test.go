package audit_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/demo"
	"motcua/hooks"
	"motcua/internal/access"
	"motcua/testapp"
)

const auditNotReady = "Nhật ký kiểm toán chưa sẵn sàng nên mọi thay đổi dữ liệu đều bị từ chối " +
	"(không có thay đổi nào được ghi mà thiếu nhật ký). Quản trị cần khôi phục nhật ký kiểm toán: "

// TestAuditFailsClosed: with a trigger dropped, or the table gone (a backup
// restored without audit_log), every write is refused with the reason, by
// the API, by Go code and at sign-in; nothing is stored without its entry.
// Putting the trigger back lets writes through again.
func TestAuditFailsClosed(t *testing.T) {
	broken := map[string]struct{ sql, why string }{
		"trigger dropped": {"DROP TRIGGER audit_log_no_update",
			"thiếu trigger chỉ-ghi-thêm audit_log_no_update của bảng audit_log."},
		"table dropped": {"DROP TABLE audit_log",
			"thiếu bảng audit_log (có thể do khôi phục một bản sao lưu không có nhật ký)."},
	}
	for name, b := range broken {
		breakIt := func(tb testing.TB, role string, s *tests.ApiScenario) *tests.TestApp {
			app := testapp.New(tb)
			if role != "" {
				s.Headers = testapp.Auth(tb, app, role)
			}
			testapp.ExecSQL(tb, app, b.sql)
			return app
		}
		scenarios := []*tests.ApiScenario{{
			Name:            name + ": a leader adds a sector",
			Method:          http.MethodPost,
			URL:             "/api/collections/sectors/records",
			Body:            strings.NewReader(`{"name":"Lĩnh vực không nhật ký"}`),
			ExpectedStatus:  http.StatusServiceUnavailable,
			ExpectedContent: []string{`"message":"` + auditNotReady + b.why + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				n, err := app.CountRecords("sectors", dbxName("Lĩnh vực không nhật ký"))
				require.NoError(t, err)
				assert.Zero(t, n, "nothing stored without its entry")
			},
		}, {
			Name:            name + ": a citizen sends feedback",
			Method:          http.MethodPost,
			URL:             "/api/motcua/feedback",
			Body:            strings.NewReader(testapp.FeedbackBody(nil)),
			ExpectedStatus:  http.StatusServiceUnavailable,
			ExpectedContent: []string{auditNotReady + b.why},
		}, {
			Name:               name + ": a clerk signs in",
			Method:             http.MethodPost,
			URL:                "/api/collections/_superusers/auth-with-password",
			Body:               strings.NewReader(`{"identity":"motcua@ninhxuan.example","password":"` + demo.Password + `"}`),
			ExpectedStatus:     http.StatusServiceUnavailable,
			ExpectedContent:    []string{auditNotReady + b.why},
			NotExpectedContent: []string{`"token"`},
		}}
		for i, s := range scenarios {
			role := ""
			if i == 0 {
				role = access.Leader
			}
			s.TestAppFactory = func(tb testing.TB) *tests.TestApp { return breakIt(tb, role, s) }
			s.Test(t)
		}
	}

	t.Run("Go code, and repaired", func(t *testing.T) {
		app := testapp.New(t)
		defer app.Cleanup()
		testapp.ExecSQL(t, app, "DROP TRIGGER audit_log_no_update")
		err := app.Save(testapp.NewSector(t, app, "Lĩnh vực từ Go"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), auditNotReady+"thiếu trigger chỉ-ghi-thêm audit_log_no_update")
		before := testapp.AuditCount(t, app)

		testapp.ExecSQL(t, app, testapp.NoUpdateTrigger)
		require.NoError(t, app.Save(testapp.NewSector(t, app, "Lĩnh vực từ Go")))
		assert.Equal(t, before+1, testapp.AuditCount(t, app))
		testapp.RequireChainOK(t, app)
	})

	t.Run("restoring a backup, the repair, is not refused", func(t *testing.T) {
		t.Setenv("MOTCUA_AUDIT_RESTORED", "")
		app := testapp.New(t)
		defer app.Cleanup()
		require.NoError(t, app.CreateBackup(context.Background(), "con_tot.zip"))
		testapp.ExecSQL(t, app, "DROP TRIGGER audit_log_no_update")
		app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error { return nil }) // stop before the swap
		require.NoError(t, app.RestoreBackup(context.Background(), "con_tot.zip"))
		// The entry waits for the restored database.
		assert.Contains(t, os.Getenv("MOTCUA_AUDIT_RESTORED"), `\"audit_not_ready\":\"`+auditNotReady)
	})

	t.Run("after a restart on a data dir without audit_log", func(t *testing.T) {
		app := testapp.New(t)
		testapp.ExecSQL(t, app, "DROP TABLE audit_log")
		dir := app.DataDir()
		require.NoError(t, app.ResetBootstrapState())
		// The restarted server: migrations are recorded as run, so nothing
		// re-creates the table, and the hooks refuse every write.
		again, err := tests.NewTestApp(dir)
		require.NoError(t, err)
		defer again.Cleanup()
		defer app.Cleanup()
		hooks.Register(again, testapp.Options())
		err = again.Save(testapp.NewSector(t, again, "Sau khôi phục"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), auditNotReady+"thiếu bảng audit_log")
	})
}
