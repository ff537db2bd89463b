package inspect

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/kit"
	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// The self-inspection (tự kiểm tra): every morning, on demand from the CLI
// and from the staff reports page, the rules of internal/inspect look at the
// office's data and leave `findings` records with their evidence. A finding
// stays open, one per rule and subject, until its condition clears (then it
// is resolved automatically and says so) or a leader resolves it with a note.
// The data is read with SQL aggregates and a few indexed look-ups per
// dossier, so that a year of a busy ward inspects in well under two seconds.

// Cron is the daily run: 23:00 UTC is 06:00 office time, before the
// office opens, so the leader's morning list is fresh.
const Cron = "0 23 * * *"

// Options choose the period of an inspection.
type Options struct {
	// From and To are the period's first and last office days; zero means
	// the settings' window (window_days) ending today.
	From, To calendar.Date
	// Now is the time of the inspection; zero means now.
	Now time.Time
}

func Register(app core.App, public fs.FS) {
	app.Cron().MustAdd("motcua_inspect", Cron, func() {
		if _, err := Run(app, Options{}); err != nil {
			app.Logger().Error("self-inspection failed", "error", err)
		}
	})

	// Findings are written by the inspection; people only acknowledge and
	// resolve them (leaders and the admin, per internal/access).
	app.OnRecordCreateRequest("findings").BindFunc(func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("Phát hiện do hệ thống tự kiểm tra tạo, không nhập tay.", nil)
	})
	app.OnRecordDeleteRequest("findings").BindFunc(func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("Không được xóa phát hiện: hãy xử lý và ghi kết quả.", nil)
	})
	app.OnRecordUpdateRequest("findings").BindFunc(func(e *core.RecordRequestEvent) error {
		if err := checkFindingUpdate(e.Record); err != nil {
			return err
		}
		if e.Record.GetString("status") == "resolved" && e.Record.Original().GetString("status") != "resolved" {
			if e.Auth != nil {
				e.Record.Set("resolved_by", e.Auth.Id)
			}
			e.Record.Set("resolved_at", time.Now())
			e.Record.Set("auto_resolved", false)
		}
		return e.Next()
	})
	// The invariants hold for every save, the inspection's own included.
	app.OnRecordUpdate("findings").BindFunc(func(e *core.RecordEvent) error {
		orig, rec := e.Record.Original(), e.Record
		from, to := orig.GetString("status"), rec.GetString("status")
		if from == "resolved" {
			return kit.BadField("status", "Phát hiện đã giải quyết: không mở lại hay sửa được; nếu vấn đề tái diễn, lần kiểm tra sau sẽ tạo phát hiện mới.")
		}
		if findingStatusRank(to) < findingStatusRank(from) {
			return kit.BadField("status", "Trạng thái phát hiện chỉ đi theo một chiều: mở → đã ghi nhận → đã giải quyết.")
		}
		if to == "resolved" {
			if strings.TrimSpace(rec.GetString("resolution_note")) == "" {
				return kit.BadField("resolution_note", "Cần ghi nội dung đã xử lý khi đóng phát hiện.")
			}
			if rec.GetDateTime("resolved_at").IsZero() {
				rec.Set("resolved_at", time.Now())
			}
		}
		return e.Next()
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/motcua/inspect", func(e *core.RequestEvent) error {
			p, err := periodFromRequest(e)
			if err != nil {
				return err
			}
			rep, err := Run(e.App, Options{From: p.From, To: p.To})
			if err != nil {
				return err
			}
			return e.JSON(http.StatusOK, rep)
		}).BindFunc(kit.RequireStaff(access.Admin, access.Leader, access.Inspector))

		g := se.Router.Group("/api/motcua/reports")
		g.BindFunc(kit.RequireStaff(access.Roles...))
		g.Bind(apis.Gzip())
		g.GET("/summary", func(e *core.RequestEvent) error {
			rep, err := reportFromRequest(e)
			if err != nil {
				return err
			}
			return e.JSON(http.StatusOK, rep)
		})
		g.GET("/findings", func(e *core.RequestEvent) error {
			list, err := storedFindings(e.App, e.Request.URL.Query().Get("status") == "all")
			if err != nil {
				return err
			}
			return e.JSON(http.StatusOK, map[string]any{"findings": list, "rules": inspect.Rules})
		})
		g.GET("/report.html", func(e *core.RequestEvent) error {
			rep, err := reportFromRequest(e)
			if err != nil {
				return err
			}
			var b strings.Builder
			if err := inspect.RenderReport(&b, rep); err != nil {
				return err
			}
			e.Response.Header().Set("Cache-Control", "no-store")
			return e.HTML(http.StatusOK, b.String())
		})
		g.GET("/indicators.csv", func(e *core.RequestEvent) error {
			rep, err := reportFromRequest(e)
			if err != nil {
				return err
			}
			e.Response.Header().Set("Content-Type", "text/csv; charset=utf-8")
			e.Response.Header().Set("Content-Disposition", `attachment; filename="chi-tieu-`+rep.Period.From+`_`+rep.Period.To+`.csv"`)
			return inspect.WriteCSV(e.Response, rep)
		})
		g.GET("/indicators.xlsx", func(e *core.RequestEvent) error {
			rep, err := reportFromRequest(e)
			if err != nil {
				return err
			}
			e.Response.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			e.Response.Header().Set("Content-Disposition", `attachment; filename="chi-tieu-`+rep.Period.From+`_`+rep.Period.To+`.xlsx"`)
			return inspect.WriteXLSX(e.Response, rep)
		})

		// The staff reports page, pb_public/reports/, served here rather
		// than by the public page: it needs its own route (the public page
		// answers unknown paths with its index) and talks to staff routes.
		if public != nil {
			if sub, err := fs.Sub(public, "reports"); err == nil {
				serve := func(e *core.RequestEvent) error {
					h := e.Response.Header()
					kit.SecurityHeaders(h, kit.PagePolicy)
					h.Set("Cache-Control", "no-cache")
					name := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue("path")), "/")
					if name == "" {
						name = "index.html"
					}
					if fi, err := fs.Stat(sub, name); err != nil || fi.IsDir() {
						return router.ErrFileNotFound
					}
					return e.FileFS(sub, name)
				}
				se.Router.GET("/reports", func(e *core.RequestEvent) error {
					return e.Redirect(http.StatusFound, "/reports/")
				})
				se.Router.GET("/reports/{path...}", serve)
			}
		}
		return se.Next()
	})
}
