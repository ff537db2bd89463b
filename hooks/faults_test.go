package hooks_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/kit"
	"motcua/hooks/sqlite"
	"motcua/internal/access"
	"motcua/testapp"
)

// sqliteCode is an error with a SQLite result code, as the driver's; the
// I/O error cannot be caused on demand (the seam for it).
type sqliteCode int

func (c sqliteCode) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c sqliteCode) Code() int     { return int(c) }

// TestServerFaultsAreNamed: a full database, a database locked by another
// process past the busy timeout, a full disk and an I/O error reach the clerk
// as 507 or 503 with a Vietnamese sentence instead of 400 "Failed to create
// record.", and each is written to the log with its cause (issue 14, row 4).
func TestServerFaultsAreNamed(t *testing.T) {
	var log bytes.Buffer
	defer kit.CaptureFaultLog(&log)()

	// The intake carries a note longer than a page (2,000 letters of three
	// bytes), so that writing it needs a new page whatever room the demo's
	// pages have left (the full-database scenario).
	intake := func(app core.App) string {
		return fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","applicant_phone":"0900111222","note":%q}`,
			testapp.ProcedureID(t, app, "1.004873"), strings.Repeat("ệ", 2000))
	}
	// failWith makes every dossier intake fail with err at the write.
	failWith := func(err error) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(_ testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			app.OnRecordCreateExecute("dossiers").BindFunc(func(e *core.RecordEvent) error {
				return fmt.Errorf("ghi hồ sơ: %w", err)
			})
		}
	}
	var dossiersBefore int64
	nothingWritten := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		n, err := app.CountRecords("dossiers")
		require.NoError(t, err)
		assert.Equal(t, dossiersBefore, n, "no dossier written")
	}
	var locker *sql.DB
	scenarios := []struct {
		tests.ApiScenario
		logged string
	}{
		{tests.ApiScenario{
			Name: "the database is full (SQLite's own SQLITE_FULL)",
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				// No room for one more page, and none left inside the file:
				// the file may not grow, then its free pages and the free
				// room of its pages are filled (how much is left depends on
				// the demo's history, which depends on the day).
				db := app.NonconcurrentDB()
				_, err := db.NewQuery("CREATE TABLE t_fill (b BLOB)").Execute()
				require.NoError(t, err)
				var pages int
				require.NoError(t, db.NewQuery("PRAGMA page_count").Row(&pages))
				_, err = db.NewQuery(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Execute()
				require.NoError(t, err)
				for _, size := range []int{4000, 500, 50} {
					for i := 0; i < 100000; i++ {
						if _, err := db.NewQuery(fmt.Sprintf("INSERT INTO t_fill (b) VALUES (zeroblob(%d))", size)).Execute(); err != nil {
							require.ErrorContains(t, err, "full")
							break
						}
					}
				}
			},
			ExpectedStatus:  507,
			ExpectedContent: []string{`"message":"Máy chủ đã hết dung lượng lưu trữ; thao tác chưa được ghi. Hãy báo quản trị giải phóng ổ đĩa."`},
			AfterTestFunc:   nothingWritten,
		}, "database or disk is full"},
		{tests.ApiScenario{
			Name: "another process holds the write lock past the busy timeout",
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				dsn, err := sqlite.DSN(filepath.Join(app.DataDir(), "data.db"))
				require.NoError(t, err)
				locker, err = sql.Open("sqlite", dsn)
				require.NoError(t, err)
				locker.SetMaxOpenConns(1)
				_, err = locker.Exec("BEGIN IMMEDIATE")
				require.NoError(t, err)
				// The server's writer gives up after 50 ms instead of 10 s.
				_, err = app.NonconcurrentDB().NewQuery("PRAGMA busy_timeout = 50").Execute()
				require.NoError(t, err)
			},
			ExpectedStatus:  503,
			ExpectedContent: []string{`"message":"Hệ thống đang bận ghi dữ liệu khác; thao tác chưa được ghi. Vui lòng thử lại sau ít giây."`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				_, err := locker.Exec("ROLLBACK")
				require.NoError(t, err)
				require.NoError(t, locker.Close())
				nothingWritten(t, app, res)
			},
		}, "database is locked"},
		{tests.ApiScenario{
			Name:            "the disk is full (ENOSPC from the file testapp.System)",
			BeforeTestFunc:  failWith(&os.PathError{Op: "write", Path: "data.db-wal", Err: syscall.ENOSPC}),
			ExpectedStatus:  507,
			ExpectedContent: []string{`"message":"Máy chủ đã hết dung lượng lưu trữ; thao tác chưa được ghi. Hãy báo quản trị giải phóng ổ đĩa."`},
		}, "write data.db-wal: no space left on device"},
		{tests.ApiScenario{
			Name:            "an I/O error (SQLITE_IOERR_WRITE)",
			BeforeTestFunc:  failWith(sqliteCode(778)),
			ExpectedStatus:  503,
			ExpectedContent: []string{`"message":"Máy chủ gặp lỗi đọc ghi ổ đĩa; thao tác chưa được ghi. Hãy báo quản trị kiểm tra máy chủ."`},
		}, "ghi hồ sơ: sqlite error 778"},
	}
	for _, s := range scenarios {
		log.Reset()
		s.Method, s.URL = http.MethodPost, "/api/collections/dossiers/records"
		s.NotExpectedContent = []string{"Failed to create record"}
		s.TestAppFactory = func(t testing.TB) *tests.TestApp {
			app := testapp.New(t)
			n, err := app.CountRecords("dossiers")
			require.NoError(t, err)
			dossiersBefore = n
			s.Headers = testapp.Auth(t, app, access.Receptionist)
			s.Body = strings.NewReader(intake(app))
			return app
		}
		s.Test(t)
		assert.Contains(t, log.String(), "server fault", s.Name)
		assert.Contains(t, log.String(), "POST /api/collections/dossiers/records: ", s.Name)
		assert.Contains(t, log.String(), s.logged, s.Name)
	}
}
