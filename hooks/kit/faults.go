package kit

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Server faults are named. When the database itself fails (locked by another
// writer past the busy timeout, a full disk, an I/O error), PocketBase answers
// a record change with 400 "Failed to create record.", in English, as if the
// clerk had typed something wrong, and on a full disk its request log (a
// database too) cannot record it. One middleware around every route turns
// such failures into a status that says what happened (503 Service
// Unavailable: try again later; 507 Insufficient Storage: the disk is full),
// with a sentence for the clerk, and writes the cause to the process's
// standard error (the service journal), which needs no disk space of the
// data dir.

// Sentences the clerk reads.
const (
	faultBusyMessage = "Hệ thống đang bận ghi dữ liệu khác; thao tác chưa được ghi. Vui lòng thử lại sau ít giây."
	faultFullMessage = "Máy chủ đã hết dung lượng lưu trữ; thao tác chưa được ghi. Hãy báo quản trị giải phóng ổ đĩa."
	faultIOMessage   = "Máy chủ gặp lỗi đọc ghi ổ đĩa; thao tác chưa được ghi. Hãy báo quản trị kiểm tra máy chủ."
)

// SQLite's primary result codes (https://sqlite.org/rescode.html); an
// extended code carries its primary code in its low byte.
const (
	sqliteIOErr  = 10
	sqliteBusy   = 5
	sqliteLocked = 6
	sqliteFull   = 13

	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// IsUniqueViolation reports whether err is SQLite refusing a row because a
// unique index (or the primary key) already holds its value.
func IsUniqueViolation(err error) bool {
	var code interface{ Code() int }
	if !errors.As(err, &code) {
		return false
	}
	return code.Code() == sqliteConstraintUnique || code.Code() == sqliteConstraintPrimaryKey
}

// faultLog is where faults are written (the tests read it).
var (
	faultLogMu sync.Mutex
	faultLog   io.Writer = os.Stderr
)

// fault is a server failure named for the clerk: nil when err is not one.
func fault(err error) *router.ApiError {
	status, msg := 0, ""
	walkErrors(err, func(e error) bool {
		var code interface{ Code() int }
		switch {
		case errors.As(e, &code):
			switch code.Code() & 0xff {
			case sqliteBusy, sqliteLocked:
				status, msg = http.StatusServiceUnavailable, faultBusyMessage
			case sqliteFull:
				status, msg = http.StatusInsufficientStorage, faultFullMessage
			case sqliteIOErr:
				status, msg = http.StatusServiceUnavailable, faultIOMessage
			}
		case errors.Is(e, syscall.ENOSPC), errors.Is(e, syscall.EDQUOT):
			status, msg = http.StatusInsufficientStorage, faultFullMessage
		case errors.Is(e, syscall.EIO):
			status, msg = http.StatusServiceUnavailable, faultIOMessage
		default:
			// Errors that kept only SQLite's text (wrapped with %v).
			text := e.Error()
			switch {
			case strings.Contains(text, "database or disk is full"):
				status, msg = http.StatusInsufficientStorage, faultFullMessage
			case strings.Contains(text, "database is locked"), strings.Contains(text, "database table is locked"):
				status, msg = http.StatusServiceUnavailable, faultBusyMessage
			case strings.Contains(text, "disk I/O error"):
				status, msg = http.StatusServiceUnavailable, faultIOMessage
			}
		}
		return status != 0
	})
	if status == 0 {
		return nil
	}
	return router.NewApiError(status, msg, nil)
}

// walkErrors visits err and everything it wraps, including the cause an
// ApiError keeps as its raw data, until visit returns true.
func walkErrors(err error, visit func(error) bool) bool {
	if err == nil {
		return false
	}
	if visit(err) {
		return true
	}
	var api *router.ApiError
	if errors.As(err, &api) {
		if raw, ok := api.RawData().(error); ok && raw != err && walkErrors(raw, visit) {
			return true
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return walkErrors(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walkErrors(e, visit) {
				return true
			}
		}
	}
	return false
}

// causeText is the innermost description of err that is not PocketBase's
// generic sentence.
func causeText(err error) string {
	var api *router.ApiError
	if errors.As(err, &api) {
		if raw, ok := api.RawData().(error); ok {
			return causeText(raw)
		}
	}
	return err.Error()
}

func RegisterFaults(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "motcuaFaults",
			// Inside the request logger and the panic recovery, so that
			// the log holds the named status.
			Priority: PriorityFaults,
			Func: func(e *core.RequestEvent) error {
				err := e.Next()
				if err == nil {
					return nil
				}
				named := fault(err)
				if named == nil {
					return err
				}
				cause := causeText(err)
				faultLogMu.Lock()
				fmt.Fprintf(faultLog, "%s motcua: server fault %d on %s %s: %s\n",
					time.Now().UTC().Format(time.RFC3339), named.Status, e.Request.Method, e.Request.URL.Path, cause)
				faultLogMu.Unlock()
				e.App.Logger().Error("server fault", "status", named.Status, "method", e.Request.Method,
					"url", e.Request.URL.Path, "error", cause)
				return named
			},
		})
		return se.Next()
	})
}

// CaptureFaultLog sends the server-fault log to w until restore is called
// (for tests).
func CaptureFaultLog(w io.Writer) (restore func()) {
	faultLogMu.Lock()
	defer faultLogMu.Unlock()
	old := faultLog
	faultLog = w
	return func() {
		faultLogMu.Lock()
		defer faultLogMu.Unlock()
		faultLog = old
	}
}
