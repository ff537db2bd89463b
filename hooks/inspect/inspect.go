package inspect

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/internal/lifecycle"
	"motcua/replica/replstate"
)

// The self-inspection (tự kiểm tra): every morning, on demand from the CLI
// and from the staff reports page, the rules of internal/inspect look at the
// office's data and leave `findings` records with their evidence. A finding
// stays open, one per rule and subject, until its condition clears (then it
// is resolved automatically and says so) or a leader resolves it with a note.
// The data is read with SQL aggregates and a few indexed look-ups per
// dossier, so that a year of a busy ward inspects in well under two seconds.

// InspectCron is the daily run: 23:00 UTC is 06:00 office time, before the
// office opens, so the leader's morning list is fresh.
const InspectCron = "0 23 * * *"

// InspectOptions choose the period of an inspection.
type InspectOptions struct {
	// From and To are the period's first and last office days; zero means
	// the settings' window (window_days) ending today.
	From, To calendar.Date
	// Now is the time of the inspection; zero means now.
	Now time.Time
}

func RegisterInspection(app core.App, public fs.FS) {
	app.Cron().MustAdd("motcua_inspect", InspectCron, func() {
		if _, err := RunInspection(app, InspectOptions{}); err != nil {
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
			rep, err := RunInspection(e.App, InspectOptions{From: p.From, To: p.To})
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

func findingStatusRank(s string) int {
	switch s {
	case "acknowledged":
		return 1
	case "resolved":
		return 2
	}
	return 0
}

// findingFixedFields are what the inspection writes; staff change only the
// status and the resolution note.
var findingFixedFields = []string{
	"rule", "severity", "subject_collection", "subject_id", "subject_label", "message", "evidence",
	"action_hint", "first_seen", "last_seen", "resolved_by", "resolved_at", "auto_resolved",
}

func checkFindingUpdate(rec *core.Record) error {
	orig := rec.Original()
	for _, f := range findingFixedFields {
		if !kit.ValuesEqual(orig.Get(f), rec.Get(f)) {
			return kit.BadField(f, fmt.Sprintf("Trường \"%s\" do hệ thống tự kiểm tra ghi: chỉ được đổi trạng thái và ghi nội dung xử lý.", f))
		}
	}
	return nil
}

// periodFromRequest reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (or the same keys
// of a JSON body); missing ends take the settings' window.
func periodFromRequest(e *core.RequestEvent) (inspect.Period, error) {
	q := e.Request.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if e.Request.Method == http.MethodPost && from == "" && to == "" {
		var body struct{ From, To string }
		if err := e.BindBody(&body); err == nil {
			from, to = body.From, body.To
		}
	}
	var p inspect.Period
	var err error
	if from != "" {
		if p.From, err = calendar.ParseDateInput(from); err != nil {
			return p, kit.BadField("from", "Ngày bắt đầu không hợp lệ: dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
		}
	}
	if to != "" {
		if p.To, err = calendar.ParseDateInput(to); err != nil {
			return p, kit.BadField("to", "Ngày kết thúc không hợp lệ: dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
		}
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return p, kit.BadField("to", "Ngày kết thúc phải sau ngày bắt đầu.")
	}
	if !p.From.IsZero() {
		end := p.To
		if end.IsZero() {
			end = calendar.DateOf(time.Now())
		}
		if p.From.AddDays(maxReportDays).Before(end) {
			return p, kit.BadField("from", fmt.Sprintf("Mỗi báo cáo tối đa %d ngày: hãy chọn kỳ ngắn hơn.", maxReportDays))
		}
	}
	return p, nil
}

// maxReportDays bounds a report's period (a year and a month, enough for
// the yearly self-inspection), so that a request cannot cost minutes of CPU.
const maxReportDays = 400

func reportFromRequest(e *core.RequestEvent) (*inspect.Report, error) {
	p, err := periodFromRequest(e)
	if err != nil {
		return nil, err
	}
	return InspectionReport(e.App, InspectOptions{From: p.From, To: p.To})
}

// inspection is one run's context.
type inspection struct {
	app      core.App
	now      time.Time
	period   inspect.Period
	settings inspect.Settings
	cal      *calendar.Calendar
	office   *core.Record
	// onlineLevel is each procedure's online_level (none, partial, full),
	// read with the labels.
	onlineLevel map[string]string
}

func newInspection(app core.App, opts InspectOptions) (*inspection, error) {
	in := &inspection{app: app, now: opts.Now, settings: inspect.DefaultSettings()}
	if in.now.IsZero() {
		in.now = time.Now()
	}
	if office, err := office.FindOffice(app); err == nil {
		in.office = office
		s, err := inspect.ParseSettings([]byte(office.GetString("settings")))
		if err != nil {
			app.Logger().Warn("self-inspection: settings ignored", "error", err)
		}
		in.settings = s
	}
	cal, err := office.Calendar(app)
	if err != nil {
		return nil, err
	}
	in.cal = cal
	in.period = inspect.Period{From: opts.From, To: opts.To}
	if in.period.To.IsZero() {
		in.period.To = calendar.DateOf(in.now)
	}
	if in.period.From.IsZero() {
		in.period.From = in.period.To.AddDays(1 - in.settings.WindowDays)
	}
	return in, nil
}

// RunInspection runs every rule now, stores the findings (new ones opened,
// those seen again updated, cleared ones resolved) and returns the report of
// the period with the open findings.
func RunInspection(app core.App, opts InspectOptions) (*inspect.Report, error) {
	in, ind, err := prepareInspection(app, opts)
	if err != nil {
		return nil, err
	}
	input, err := in.input(ind)
	if err != nil {
		return nil, fmt.Errorf("inspect: read data: %w", err)
	}
	res := inspect.Check(input)
	stats, err := storeFindings(app, res, in.now)
	if err != nil {
		return nil, fmt.Errorf("inspect: store findings: %w", err)
	}
	rep, err := in.report(ind, input.Audit)
	if err != nil {
		return nil, err
	}
	rep.Run = &stats
	return rep, nil
}

// InspectReadOnly runs every rule as RunInspection does but stores nothing:
// the province view inspects restored copies of communes with it.
func InspectReadOnly(app core.App, opts InspectOptions) (*inspect.Report, inspect.Result, error) {
	in, ind, err := prepareInspection(app, opts)
	if err != nil {
		return nil, inspect.Result{}, err
	}
	input, err := in.input(ind)
	if err != nil {
		return nil, inspect.Result{}, fmt.Errorf("inspect: read data: %w", err)
	}
	res := inspect.Check(input)
	rep, err := in.report(ind, input.Audit)
	return rep, res, err
}

// InspectionReport is the report of a period without running the rules: the
// indicators and the findings open now.
func InspectionReport(app core.App, opts InspectOptions) (*inspect.Report, error) {
	in, ind, err := prepareInspection(app, opts)
	if err != nil {
		return nil, err
	}
	return in.report(ind, auditState(app))
}

// prepareInspection reads the settings and computes the period's indicators,
// the common start of a run and of a report.
func prepareInspection(app core.App, opts InspectOptions) (*inspection, inspect.Indicators, error) {
	in, err := newInspection(app, opts)
	if err != nil {
		return nil, inspect.Indicators{}, err
	}
	ind, err := in.indicators()
	if err != nil {
		return nil, inspect.Indicators{}, fmt.Errorf("inspect: indicators: %w", err)
	}
	return in, ind, nil
}

func (in *inspection) report(ind inspect.Indicators, audit inspect.Audit) (*inspect.Report, error) {
	list, err := storedFindings(in.app, false)
	if err != nil {
		return nil, err
	}
	rep := &inspect.Report{
		Period: inspect.NewReportPeriod(in.period), Span: in.period, GeneratedAt: in.now,
		Settings: in.settings, Findings: list, Indicators: ind, Audit: audit,
	}
	if in.office != nil {
		rep.Office = in.office.GetString("name")
	}
	return rep, nil
}

// ---- reading the data ----

func parseDBTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	dt, err := types.ParseDateTime(s)
	if err != nil {
		return time.Time{}
	}
	return dt.Time()
}

// splitPair reads "a|b" as built by the SQL below.
func splitPair(s string) (string, string) {
	a, b, _ := strings.Cut(s, "|")
	return a, b
}

// activeStatuses are the open statuses in which the office owes the next
// step (an online registration not yet received is not counted).
var activeStatuses = []any{
	string(lifecycle.Received), string(lifecycle.Processing),
	string(lifecycle.SupplementRequested), string(lifecycle.PaymentRequested),
}

func sqlList(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "''") + "'"
	}
	return "(" + strings.Join(parts, ",") + ")"
}

type dossierRow struct {
	ID              string `db:"id"`
	Code            string `db:"code"`
	Status          string `db:"status"`
	ReceivedAt      string `db:"received_at"`
	DueAt           string `db:"due_at"`
	NewDueAt        string `db:"new_due_at"`
	ApologyAt       string `db:"apology_at"`
	SupplementCount int    `db:"supplement_count"`
	Rating          string `db:"rating"`
	RatingFollowup  string `db:"rating_followup"`
	RatedAt         string `db:"rated_at"`
	ProcedureName   string `db:"procedure_name"`
	AssigneeName    string `db:"assignee_name"`
	Entered         string `db:"entered"`
	Apology         string `db:"apology"`
	LastStep        string `db:"last_step"`
	Channel         string `db:"channel"`
	ReceiverName    string `db:"receiver_name"`
	FirstStep       string `db:"first_step"`
	Supplement      string `db:"supplement"`
}

func (in *inspection) input(ind inspect.Indicators) (inspect.Input, error) {
	input := inspect.Input{
		Now: in.now, Period: in.period, Settings: in.settings, Calendar: in.cal,
		Audit: auditState(in.app), Backups: backupState(in.app), Disk: diskState(in.app, in.settings),
		Replica: replstate.Current(in.app, in.now),
	}
	if r := ind.Totals.Rates.OnTime; r != nil {
		input.OfficeRate = *r
	}
	active := sqlList(activeStatuses)
	var rows []dossierRow
	err := in.app.DB().NewQuery(`
		SELECT d.id, d.code, d.status, d.received_at, d.due_at, d.new_due_at, d.apology_at, d.supplement_count,
			d.rating, d.rating_followup, d.rated_at, d.channel,
			COALESCE(p.name, '') AS procedure_name,
			COALESCE((SELECT COALESCE(NULLIF(r.name, ''), r.email) FROM _superusers r WHERE r.id = d.received_by), '') AS receiver_name,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND e.from_status = 'received'
				AND e.action IN ('transfer', 'request_supplement', 'request_withdrawal', 'stop') ORDER BY e.at LIMIT 1), '') AS first_step,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND e.action = 'request_supplement'
				AND e.from_status NOT IN ('', 'submitted') ORDER BY e.at LIMIT 1), '') AS supplement,
			COALESCE(NULLIF(s.name, ''), s.email, '') AS assignee_name,
			CASE WHEN d.received_at < {:s} OR d.received_at >= {:e} THEN COALESCE((SELECT e.at || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id ORDER BY e.at LIMIT 1), '') ELSE '' END AS entered,
			CASE WHEN d.apology_at != '' THEN COALESCE((SELECT COALESCE(json_extract(e.data, '$.too_late'), 0) || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id AND e.action = 'apologize' ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS apology,
			CASE WHEN d.status IN ` + active + ` THEN COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e
				WHERE e.dossier = d.id AND e.action NOT IN ('reproject', 'rate') ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS last_step
		FROM dossiers d
		LEFT JOIN procedures p ON p.id = d.procedure
		LEFT JOIN _superusers s ON s.id = d.assignee
		WHERE (d.received_at >= {:s} AND d.received_at < {:e} AND d.status != 'submitted')
			OR d.status IN ` + active + `
			OR (d.rating = 'dissatisfied' AND d.rating_followup = '')
			OR d.id IN (SELECT subject_id FROM findings WHERE status != 'resolved' AND subject_collection = 'dossiers')`).
		Bind(dbx.Params{"s": kit.DBTime(in.period.Start()), "e": kit.DBTime(in.period.End())}).All(&rows)
	if err != nil {
		return input, fmt.Errorf("dossiers: %w", err)
	}
	// The entry of a dossier received in the period is its first event (a
	// receipt, refusal or online registration), read as one index range.
	var entries []struct {
		Dossier string `db:"dossier"`
		At      string `db:"at"`
		Actor   string `db:"actor_name"`
	}
	err = in.app.DB().NewQuery(`SELECT dossier, at, actor_name FROM dossier_events
		WHERE action IN ('receive', 'refuse', 'register') AND at >= {:s} ORDER BY at`).
		Bind(dbx.Params{"s": kit.DBTime(in.period.Start())}).All(&entries)
	if err != nil {
		return input, fmt.Errorf("entries: %w", err)
	}
	entered := make(map[string]string, len(entries))
	for _, x := range entries {
		if _, seen := entered[x.Dossier]; !seen {
			entered[x.Dossier] = x.At + "|" + x.Actor
		}
	}
	input.Dossiers = make([]inspect.Dossier, 0, len(rows))
	for _, r := range rows {
		if r.Entered == "" {
			r.Entered = entered[r.ID]
		}
		d := inspect.Dossier{
			ID: r.ID, Code: r.Code, ProcedureName: r.ProcedureName, Status: lifecycle.Status(r.Status),
			ReceivedAt: parseDBTime(r.ReceivedAt), DueAt: parseDBTime(r.DueAt), NewDueAt: parseDBTime(r.NewDueAt),
			ApologyAt: parseDBTime(r.ApologyAt), SupplementCount: r.SupplementCount, Rating: r.Rating,
			RatingFollowup: r.RatingFollowup, RatedAt: parseDBTime(r.RatedAt), Assignee: r.AssigneeName,
		}
		at, who := splitPair(r.Entered)
		d.EnteredAt, d.EnteredBy = parseDBTime(at), who
		tooLate, who := splitPair(r.Apology)
		d.ApologyTooLate, d.ApologyBy = tooLate == "1", who
		at, who = splitPair(r.LastStep)
		d.LastStepAt, d.LastStepBy = parseDBTime(at), who
		d.Channel, d.ReceivedBy = lifecycle.Channel(r.Channel), r.ReceiverName
		at, who = splitPair(r.FirstStep)
		d.FirstStepAt, d.FirstStepBy = parseDBTime(at), who
		at, who = splitPair(r.Supplement)
		d.SupplementAt, d.SupplementBy = parseDBTime(at), who
		input.Dossiers = append(input.Dossiers, d)
	}

	if input.Officers, err = in.officers(ind); err != nil {
		return input, fmt.Errorf("officers: %w", err)
	}
	if input.Procedures, err = publishedProcedures(in.app); err != nil {
		return input, fmt.Errorf("procedures: %w", err)
	}
	if in.office != nil {
		input.Office = &inspect.Office{
			ID: in.office.Id, Name: in.office.GetString("name"), Hotlines: dossier.CountItems(in.office.Get("hotlines")),
			FeedbackAddress: in.office.GetString("feedback_address"), OfficeHours: in.office.GetString("office_hours"),
		}
	}
	var fb []struct {
		ID       string `db:"id"`
		Code     string `db:"tracking_code"`
		Subject  string `db:"subject"`
		Status   string `db:"status"`
		Created  string `db:"created"`
		Answered string `db:"answered_at"`
	}
	// Only feedback without a final answer can be overdue: unanswered, or
	// answered with a request for more information (not a final answer).
	err = in.app.DB().NewQuery(`SELECT id, tracking_code, subject, status, created, answered_at FROM feedback
		WHERE (answered_at = '' AND (status = '' OR status = 'new')) OR status = 'more_info'`).All(&fb)
	if err != nil {
		return input, fmt.Errorf("feedback: %w", err)
	}
	for _, f := range fb {
		input.Feedback = append(input.Feedback, inspect.Feedback{
			ID: f.ID, TrackingCode: f.Code, Subject: f.Subject, Status: f.Status,
			CreatedAt: parseDBTime(f.Created), AnsweredAt: parseDBTime(f.Answered),
		})
	}
	return input, nil
}

type staffRow struct {
	ID    string `db:"id"`
	Name  string `db:"name"`
	Role  string `db:"role"`
	Email string `db:"email"`
}

func staffList(app core.App) ([]staffRow, error) {
	var rows []staffRow
	err := app.DB().NewQuery("SELECT id, COALESCE(NULLIF(name, ''), email) AS name, role, email FROM _superusers ORDER BY name").All(&rows)
	return rows, err
}

func (in *inspection) officers(ind inspect.Indicators) ([]inspect.Officer, error) {
	staff, err := staffList(in.app)
	if err != nil {
		return nil, err
	}
	var open []struct {
		ID      string `db:"assignee"`
		N       int    `db:"n"`
		Overdue int    `db:"overdue"`
	}
	// Waiting for the citizen's supplement is not the officer's work.
	err = in.app.DB().NewQuery(`SELECT assignee, count(*) AS n, COALESCE(sum(due_at != '' AND due_at < {:now}), 0) AS overdue
		FROM dossiers WHERE status IN ('received', 'processing', 'payment_requested') AND assignee != '' GROUP BY assignee`).
		Bind(dbx.Params{"now": kit.DBTime(in.now)}).All(&open)
	if err != nil {
		return nil, err
	}
	byID := map[string]*inspect.Officer{}
	var out []inspect.Officer
	for _, s := range staff {
		out = append(out, inspect.Officer{ID: s.ID, Name: s.Name, Role: s.Role})
	}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for _, o := range open {
		if p := byID[o.ID]; p != nil {
			p.OpenAssigned, p.OpenOverdue = o.N, o.Overdue
		}
	}
	for _, g := range ind.ByOfficer {
		if p := byID[g.Key]; p != nil {
			p.Handled, p.Early, p.OnTime, p.Late = g.Counts.Ended, g.Counts.Early, g.Counts.OnTime, g.Counts.Late
		}
	}
	for i := range out {
		if out[i].OpenAssigned == 0 {
			continue
		}
		var last string
		if err := in.app.DB().NewQuery("SELECT COALESCE(max(at), '') FROM dossier_events WHERE actor = {:a}").
			Bind(dbx.Params{"a": out[i].ID}).Row(&last); err != nil {
			return nil, err
		}
		out[i].LastActivity = parseDBTime(last)
	}
	return out, nil
}

func publishedProcedures(app core.App) ([]inspect.Procedure, error) {
	recs, err := app.FindRecordsByFilter("procedures", "published = true", "code", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]inspect.Procedure, 0, len(recs))
	for _, r := range recs {
		out = append(out, inspect.Procedure{
			ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name"), Documents: dossier.CountItems(r.Get("documents")),
			SameDay: r.GetBool("same_day"), TimeLimitDays: r.GetInt("time_limit_days"), TimeLimitText: r.GetString("time_limit_text"),
			HasFee:     r.GetFloat("fee_amount") > 0 || strings.TrimSpace(r.GetString("fee_text")) != "",
			LegalBasis: r.GetString("legal_basis"), Result: r.GetString("result"),
		})
	}
	return out, nil
}

// auditState verifies the audit chain, when there is one to verify.
func auditState(app core.App) inspect.Audit {
	a, err := verifyAuditChain(app)
	if err != nil {
		app.Logger().Warn("self-inspection: audit chain not verified", "error", err)
		return inspect.Audit{}
	}
	return a
}

// verifyAuditChain checks the audit log's hash chain from the last daily
// full check (VerifyAuditIncremental, hooks/audit_incremental.go).
func verifyAuditChain(app core.App) (inspect.Audit, error) {
	r, err := audit.VerifyAuditIncremental(app)
	if err != nil {
		return inspect.Audit{}, err
	}
	a := inspect.Audit{Known: true, Result: r}
	if anchor, ok, _ := audit.ReadAnchor(app); ok {
		a.AnchorSeq, a.AnchorHash = anchor.Seq, anchor.Hash
	}
	if !r.OK {
		// The head of a broken chain is still what the report must print.
		if seq, hash, err := audit.Head(app); err == nil {
			a.HeadSeq, a.HeadHash = seq, hash
		}
	}
	return a, nil
}

// backupState lists the backups (local or S3, as the settings say).
func backupState(app core.App) inspect.Backups {
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		return inspect.Backups{}
	}
	defer fsys.Close()
	files, err := fsys.List("")
	if err != nil {
		return inspect.Backups{}
	}
	b := inspect.Backups{Known: true}
	for _, f := range files {
		if !strings.HasSuffix(f.Key, ".zip") {
			continue
		}
		b.Count++
		if f.ModTime.After(b.Newest) {
			b.Newest = f.ModTime
		}
	}
	return b
}

// ---- indicators ----

// periodDossier is one dossier that counts in the period: received, ended,
// rated in it, or in progress at its end.
type periodDossier struct {
	ID          string `db:"id"`
	Procedure   string `db:"procedure"`
	Channel     string `db:"channel"`
	Status      string `db:"status"`
	ReceivedAt  string `db:"received_at"`
	EndedAt     string `db:"ended_at"`
	DueAt       string `db:"due_at"`
	ResultClass string `db:"result_class"`
	Rating      string `db:"rating"`
	RatedAt     string `db:"rated_at"`
	ReceivedBy  string `db:"received_by"`
	Assignee    string `db:"assignee"`
}

// noOfficer is the officer key of counts that charge no officer.
const noOfficer = "\x00"

// breakdown accumulates counts per key of one dimension.
type breakdown map[string]*inspect.Counts

func (b breakdown) at(k string) *inspect.Counts {
	c := b[k]
	if c == nil {
		c = &inspect.Counts{}
		b[k] = c
	}
	return c
}

// monthOf is the office-time month "YYYY-MM" of a stored date.
func monthOf(s string) string {
	t := parseDBTime(s)
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location).Format("2006-01")
}

// countsByDimension reads the period's dossiers once (dates are stored as
// sortable text, so each condition is an index range) and aggregates them in
// Go for every breakdown at once: the office, months, officers, sectors and
// procedures.
//
// An officer is credited with the dossiers they received, the results of the
// dossiers last transferred or reassigned to them for handling (or, when a
// dossier never went further, of the clerk who received it; the leader who
// signs is not credited), the dossiers assigned to them at the end of the
// period and the supplement requests they made.
func (in *inspection) countsByDimension(sectorOf map[string]string) (map[string]breakdown, error) {
	end := in.period.End()
	cut := end
	if in.now.Before(cut) {
		cut = in.now
	}
	s, e, c := kit.DBTime(in.period.Start()), kit.DBTime(end), kit.DBTime(cut)
	params := dbx.Params{"s": s, "e": e}
	var rows []periodDossier
	err := in.app.DB().NewQuery(`SELECT id, procedure, channel, status, received_at, ended_at, due_at, result_class,
			rating, rated_at, received_by, assignee
		FROM dossiers
		WHERE (received_at >= {:s} AND received_at < {:e})
			OR (ended_at >= {:s} AND ended_at < {:e})
			OR (rated_at >= {:s} AND rated_at < {:e} AND rated_at != '')
			OR (status IN ` + sqlList(activeStatuses) + ` AND received_at < {:e})
			OR (ended_at >= {:e} AND received_at < {:e})`).Bind(params).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("period dossiers: %w", err)
	}
	// The officer each dossier was last handed to before the period's end,
	// read through the (dossier, at) index for the period's dossiers only:
	// a range of every transfer of the last years read 80,000 rows for a
	// month of a busy ward (BENCHMARKS.md).
	handler := map[string]string{}
	ids := make([]any, len(rows))
	for i, d := range rows {
		ids[i] = d.ID
	}
	for start := 0; start < len(ids); start += 500 {
		var transfers []struct {
			Dossier string `db:"dossier"`
			To      string `db:"to_officer"`
		}
		err = in.app.DB().Select("dossier", "to_officer").From("dossier_events").
			Where(dbx.In("dossier", ids[start:min(start+500, len(ids))]...)).
			// "+action": not through the (action, at) index, which would
			// read every transfer before the period's end for each batch.
			AndWhere(dbx.NewExp("+action IN ('transfer', 'reassign') AND at < {:e} AND to_officer != ''", dbx.Params{"e": e})).
			OrderBy("dossier", "at").All(&transfers)
		if err != nil {
			return nil, fmt.Errorf("transfers: %w", err)
		}
		for _, t := range transfers {
			handler[t.Dossier] = t.To
		}
	}

	// Dossiers complained about (feedback naming them) before the period's
	// end: indicator 5.4 counts them once each, with the late and the
	// dissatisfied ones.
	var complaints []struct {
		Dossier string `db:"dossier"`
	}
	err = in.app.DB().NewQuery(`SELECT DISTINCT dossier FROM feedback WHERE dossier != '' AND created < {:e}`).
		Bind(params).All(&complaints)
	if err != nil {
		return nil, fmt.Errorf("complaints: %w", err)
	}
	complained := make(map[string]bool, len(complaints))
	for _, x := range complaints {
		complained[x.Dossier] = true
	}

	papers, err := digitisedBefore(in.app, e)
	if err != nil {
		return nil, err
	}

	out := map[string]breakdown{"office": {}, "month": {}, "officer": {}, "sector": {}, "procedure": {}}
	each := func(month, officer, procedure string, f func(*inspect.Counts)) {
		f(out["office"].at(""))
		if month != "" {
			f(out["month"].at(month))
		}
		if officer != noOfficer {
			f(out["officer"].at(officer))
		}
		f(out["procedure"].at(procedure))
		f(out["sector"].at(sectorOf[procedure]))
	}
	for _, d := range rows {
		responsible := handler[d.ID]
		if responsible == "" {
			responsible = d.ReceivedBy
		}
		// A dossier refused at intake was never received (Decree 118/2025,
		// form 03 of Circular 03/2025): counted only as a refusal, never as
		// received, ended or in progress.
		refused := d.Status == string(lifecycle.Refused)
		if refused {
			if d.EndedAt >= s && d.EndedAt < e {
				each(monthOf(d.EndedAt), d.ReceivedBy, d.Procedure, func(c *inspect.Counts) { c.Refused++ })
			}
			continue
		}
		if d.ReceivedAt >= s && d.ReceivedAt < e && d.Status != string(lifecycle.Submitted) {
			online := d.Channel == string(lifecycle.Online)
			level := in.onlineLevel[d.Procedure]
			dig := papers[d.ID]
			each(monthOf(d.ReceivedAt), d.ReceivedBy, d.Procedure, func(c *inspect.Counts) {
				c.Received++
				if online {
					c.Online++
				}
				if dig.Papers {
					c.Digitised++
				}
				if dig.Reused {
					c.Reused++
				}
				// Only procedures offered online count in the online share.
				if level == "partial" || level == "full" {
					c.OfferedOnline++
					if online {
						c.OnlineOfOffered++
					}
				}
				if level == "full" {
					c.OfferedFullOnline++
					if online {
						c.OnlineOfFullOffered++
					}
				}
			})
		}
		unhappy := d.Rating == "dissatisfied" || complained[d.ID]
		if d.EndedAt >= s && d.EndedAt < e && d.ResultClass == "" {
			// Stopped or withdrawn before its due time: ended without a
			// result, listed apart, not in indicator 2.1
			// (lifecycle.ClassifyEnding).
			each(monthOf(d.EndedAt), responsible, d.Procedure, func(c *inspect.Counts) { c.Stopped++ })
		} else if d.EndedAt >= s && d.EndedAt < e {
			class := d.ResultClass
			unhappy := unhappy || class == "late"
			withResult := d.Status == string(lifecycle.Decided) || d.Status == string(lifecycle.Returned)
			resultDigitised := papers[d.ID].Result
			each(monthOf(d.EndedAt), responsible, d.Procedure, func(c *inspect.Counts) {
				c.Ended++
				if withResult {
					c.Results++
					if resultDigitised {
						c.ResultsDigitised++
					}
				}
				if unhappy {
					c.Unhappy++
				}
				switch class {
				case "early":
					c.Early++
				case "on_time":
					c.OnTime++
				case "late":
					c.Late++
				}
			})
		}
		if d.ReceivedAt != "" && d.ReceivedAt < e && d.Status != string(lifecycle.Submitted) && (d.EndedAt == "" || d.EndedAt >= e) {
			// Waiting for the citizen's supplement is not late (the clock is paused).
			late := d.DueAt != "" && d.DueAt < c && lifecycle.Status(d.Status).Counting()
			unhappy := unhappy || late
			each("", d.Assignee, d.Procedure, func(c *inspect.Counts) {
				c.InProgress++
				if unhappy {
					c.Unhappy++
				}
				if late {
					c.InProgressLate++
				} else {
					c.InProgressOnTime++
				}
			})
		}
		if d.Rating != "" && d.RatedAt >= s && d.RatedAt < e {
			dissatisfied := d.Rating == "dissatisfied"
			each(monthOf(d.RatedAt), responsible, d.Procedure, func(c *inspect.Counts) {
				c.Rated++
				if dissatisfied {
					c.Dissatisfied++
				}
			})
		}
	}

	var supplements []struct {
		Actor     string `db:"actor"`
		At        string `db:"at"`
		Procedure string `db:"procedure"`
	}
	err = in.app.DB().NewQuery(`SELECT e.actor, e.at, COALESCE(d.procedure, '') AS procedure
		FROM dossier_events e LEFT JOIN dossiers d ON d.id = e.dossier
		WHERE e.action = 'request_supplement' AND e.at >= {:s} AND e.at < {:e}`).Bind(params).All(&supplements)
	if err != nil {
		return nil, fmt.Errorf("supplements: %w", err)
	}
	for _, x := range supplements {
		each(monthOf(x.At), x.Actor, x.Procedure, func(c *inspect.Counts) { c.Supplements++ })
	}

	var fb []struct {
		Procedure string `db:"procedure"`
		By        string `db:"answered_by"`
		Status    string `db:"status"`
		Created   string `db:"created"`
		Answered  string `db:"answered_at"`
		Published string `db:"published_at"`
	}
	err = in.app.DB().NewQuery(`SELECT procedure, answered_by, status, created, answered_at, published_at
		FROM feedback WHERE created >= {:s} AND created < {:e}`).Bind(params).All(&fb)
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	for _, f := range fb {
		class := feedbackClass(in.cal, in.settings, f.Status, parseDBTime(f.Created), parseDBTime(f.Answered), parseDBTime(f.Published), in.now)
		// The officer who answers feedback is not charged with it: it
		// counts for the office, the month, the procedure and its sector.
		each(monthOf(f.Created), noOfficer, f.Procedure, func(c *inspect.Counts) {
			c.Complaints++
			switch class {
			case lifecycle.Late:
				c.FeedbackLate++
			case lifecycle.OnTime:
				c.FeedbackOnTime++
			default:
				c.FeedbackPending++
			}
		})
	}
	return out, nil
}

// feedbackClass applies indicator 5.2 (Decision 766/QĐ-TTg, and Decree
// 20/2008/NĐ-CP on feedback handling): refuse within 2 working days, ask for
// more information within 5, resolve within FeedbackDays (15), and publish
// the answer within 2 working days of it. A "more information" answer is
// not a final answer: late if it came after 5 days, else the feedback is
// still pending against the 15-day limit. "" is pending.
func feedbackClass(cal *calendar.Calendar, s inspect.Settings, status string, created, answered, published, now time.Time) lifecycle.Class {
	days := func(from, to time.Time) int {
		return cal.WorkingDaysBetween(calendar.DateOf(from), calendar.DateOf(to))
	}
	pending := func() lifecycle.Class {
		if days(created, now) > s.FeedbackDays {
			return lifecycle.Late
		}
		return ""
	}
	switch {
	case answered.IsZero():
		return pending()
	case status == "refused":
		if days(created, answered) > 2 {
			return lifecycle.Late
		}
		return lifecycle.OnTime
	case status == "more_info":
		if days(created, answered) > 5 {
			return lifecycle.Late
		}
		return pending()
	}
	if days(created, answered) > s.FeedbackDays {
		return lifecycle.Late
	}
	// The answer must be made public within 2 working days.
	if published.IsZero() {
		if days(answered, now) > 2 {
			return lifecycle.Late
		}
		return ""
	}
	if days(answered, published) > 2 {
		return lifecycle.Late
	}
	return lifecycle.OnTime
}

func (in *inspection) indicators() (inspect.Indicators, error) {
	var ind inspect.Indicators
	labels, sectorOf, err := in.labels()
	if err != nil {
		return ind, err
	}
	dims, err := in.countsByDimension(sectorOf)
	if err != nil {
		return ind, err
	}
	total := inspect.Counts{}
	if c := dims["office"][""]; c != nil {
		total = *c
	}
	ind.Totals = inspect.Group{Key: "office", Label: "Toàn cơ quan", Counts: total, Rates: total.Rates()}

	months := dims["month"]
	for d := (calendar.Date{Year: in.period.From.Year, Month: in.period.From.Month, Day: 1}); !d.After(in.period.To); d = (calendar.Date{Year: d.Year, Month: d.Month + 1, Day: 1}).AddDays(0) {
		months.at(fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)))
	}
	for _, b := range []struct {
		kind string
		dest *[]inspect.Group
	}{
		{"month", &ind.ByMonth}, {"officer", &ind.ByOfficer}, {"sector", &ind.BySector}, {"procedure", &ind.ByProcedure},
	} {
		for k, c := range dims[b.kind] {
			label := labels[b.kind][k]
			switch {
			case b.kind == "month":
				if len(k) != 7 {
					continue
				}
				label = k[5:] + "/" + k[:4]
			case label == "" && b.kind == "officer":
				label = "(chưa giao công chức)"
			case label == "":
				label = "(không xác định)"
			}
			if k == "" {
				k = "-"
			}
			*b.dest = append(*b.dest, inspect.Group{Key: k, Label: label, Counts: *c, Rates: c.Rates()})
		}
		month := b.kind == "month"
		sort.Slice(*b.dest, func(i, j int) bool {
			x, y := (*b.dest)[i], (*b.dest)[j]
			if month {
				return x.Key < y.Key
			}
			if x.Counts.Ended+x.Counts.InProgress != y.Counts.Ended+y.Counts.InProgress {
				return x.Counts.Ended+x.Counts.InProgress > y.Counts.Ended+y.Counts.InProgress
			}
			return x.Label < y.Label
		})
	}
	procs, err := publishedProcedures(in.app)
	if err != nil {
		return ind, err
	}
	ind.Catalogue.Published = len(procs)
	for _, p := range procs {
		if len(p.Missing()) == 0 {
			ind.Catalogue.Complete++
		}
	}
	ind.Catalogue.PostingItems = 3
	if in.office != nil {
		for _, ok := range []bool{dossier.CountItems(in.office.Get("hotlines")) > 0, strings.TrimSpace(in.office.GetString("feedback_address")) != "",
			strings.TrimSpace(in.office.GetString("office_hours")) != ""} {
			if ok {
				ind.Catalogue.PostingPresent++
			}
		}
	}
	ind.Points766 = inspect.Score766(total, ind.Catalogue)
	ind.PointsBasis = inspect.PointsBasis
	return ind, nil
}

// labels names the keys of the breakdowns (officers, sectors, procedures)
// and gives each procedure's sector.
func (in *inspection) labels() (map[string]map[string]string, map[string]string, error) {
	out := map[string]map[string]string{"officer": {}, "sector": {}, "procedure": {}}
	staff, err := staffList(in.app)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range staff {
		out["officer"][s.ID] = s.Name
	}
	var rows []struct {
		ID     string `db:"id"`
		Name   string `db:"name"`
		Sector string `db:"sector"`
		Level  string `db:"online_level"`
	}
	if err := in.app.DB().NewQuery("SELECT id, name, '' AS sector, '' AS online_level FROM sectors").All(&rows); err != nil {
		return nil, nil, err
	}
	for _, r := range rows {
		out["sector"][r.ID] = r.Name
	}
	rows = nil
	if err := in.app.DB().NewQuery("SELECT id, code || ' — ' || name AS name, sector, online_level FROM procedures").All(&rows); err != nil {
		return nil, nil, err
	}
	sectorOf := map[string]string{}
	in.onlineLevel = map[string]string{}
	for _, r := range rows {
		out["procedure"][r.ID] = r.Name
		sectorOf[r.ID] = r.Sector
		in.onlineLevel[r.ID] = r.Level
	}
	return out, sectorOf, nil
}

// ---- storing findings ----

// storeFindings opens new findings, refreshes those seen again and resolves
// those whose condition cleared, in one transaction.
func storeFindings(app core.App, res inspect.Result, now time.Time) (inspect.RunStats, error) {
	stats := inspect.RunStats{Found: len(res.Findings)}
	err := app.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId("findings")
		if err != nil {
			return err
		}
		var open []*core.Record
		if err := tx.RecordQuery(col).AndWhere(dbx.NewExp("status != 'resolved'")).All(&open); err != nil {
			return err
		}
		existing := make(map[string]*core.Record, len(open))
		for _, r := range open {
			existing[inspect.Key(r.GetString("rule"), r.GetString("subject_collection"), r.GetString("subject_id"))] = r
		}
		settled, err := settledFindings(tx)
		if err != nil {
			return err
		}
		found := make(map[string]bool, len(res.Findings))
		var unchanged []any
		for _, f := range res.Findings {
			key := f.Key()
			found[key] = true
			ev, err := json.Marshal(f.Evidence)
			if err != nil {
				return err
			}
			rec := existing[key]
			if rec != nil && rec.GetString("message") == f.Message && rec.GetString("severity") == string(f.Severity) &&
				jsonEqual(rec.GetString("evidence"), ev) && rec.GetString("subject_label") == f.SubjectLabel {
				// Seen again, nothing new to say: only last_seen moves,
				// in one statement for all of them.
				unchanged = append(unchanged, rec.Id)
				continue
			}
			if rec == nil && settled[key] != nil && jsonEqual(settled[key].evidence, ev) {
				// A person resolved this very fact (same rule, subject and
				// evidence) with a note: it is not opened again. A new fact
				// (other evidence) opens a new finding.
				continue
			}
			if rec == nil {
				rec = core.NewRecord(col)
				rec.Set("rule", f.Rule)
				rec.Set("subject_collection", f.SubjectCollection)
				rec.Set("subject_id", f.SubjectID)
				rec.Set("status", "open")
				rec.Set("first_seen", now)
				stats.New++
			}
			rec.Set("severity", string(f.Severity))
			rec.Set("subject_label", truncate(f.SubjectLabel, 300))
			rec.Set("message", truncate(f.Message, 2000))
			rec.Set("evidence", types.JSONRaw(ev))
			rec.Set("action_hint", truncate(f.ActionHint, 1000))
			rec.Set("last_seen", now)
			if err := tx.Save(rec); err != nil {
				return fmt.Errorf("finding %s %s: %w", f.Rule, f.SubjectID, err)
			}
		}
		for start := 0; start < len(unchanged); start += 500 {
			batch := unchanged[start:min(start+500, len(unchanged))]
			if _, err := tx.DB().Update("findings", dbx.Params{"last_seen": kit.DBTime(now)}, dbx.In("id", batch...)).Execute(); err != nil {
				return err
			}
		}
		for key, rec := range existing {
			if !res.Clears(rec.GetString("rule"), rec.GetString("subject_collection"), rec.GetString("subject_id"), found) {
				continue
			}
			rec.Set("status", "resolved")
			rec.Set("auto_resolved", true)
			rec.Set("resolved_at", now)
			rec.Set("resolution_note", "Tự động: lần kiểm tra lúc "+calendar.FormatDateTime(now)+" không còn thấy vấn đề này.")
			if err := tx.Save(rec); err != nil {
				return fmt.Errorf("resolve finding %s: %w", key, err)
			}
			stats.Resolved++
		}
		return nil
	})
	return stats, err
}

// settledFinding is the evidence of the latest finding a person resolved
// for one rule and subject.
type settledFinding struct{ evidence string }

// settledFindings maps each rule and subject a person (not the automatic
// check) resolved to the evidence of the latest such finding.
func settledFindings(tx core.App) (map[string]*settledFinding, error) {
	var rows []struct {
		Rule              string `db:"rule"`
		SubjectCollection string `db:"subject_collection"`
		SubjectID         string `db:"subject_id"`
		Evidence          string `db:"evidence"`
	}
	err := tx.DB().NewQuery(`SELECT rule, subject_collection, subject_id, evidence FROM findings
		WHERE status = 'resolved' AND auto_resolved = FALSE ORDER BY resolved_at`).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*settledFinding, len(rows))
	for _, r := range rows {
		out[inspect.Key(r.Rule, r.SubjectCollection, r.SubjectID)] = &settledFinding{evidence: r.Evidence}
	}
	return out, nil
}

func jsonEqual(stored string, fresh []byte) bool {
	if stored == string(fresh) {
		return true
	}
	var a, b any
	if json.Unmarshal([]byte(stored), &a) != nil || json.Unmarshal(fresh, &b) != nil {
		return false
	}
	return kit.ValuesEqual(a, b)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// storedFindings lists the open (and acknowledged) findings, or all of them.
func storedFindings(app core.App, all bool) ([]inspect.StoredFinding, error) {
	filter := "status != 'resolved'"
	if all {
		filter = "id != ''"
	}
	recs, err := app.FindRecordsByFilter("findings", filter, "-last_seen", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]inspect.StoredFinding, 0, len(recs))
	for _, r := range recs {
		var ev map[string]any
		_ = json.Unmarshal([]byte(r.GetString("evidence")), &ev)
		out = append(out, inspect.StoredFinding{
			Finding: inspect.Finding{
				Rule: r.GetString("rule"), Severity: inspect.Severity(r.GetString("severity")),
				SubjectCollection: r.GetString("subject_collection"), SubjectID: r.GetString("subject_id"),
				SubjectLabel: r.GetString("subject_label"), Message: r.GetString("message"), Evidence: ev,
				ActionHint: r.GetString("action_hint"),
			},
			ID: r.Id, Status: r.GetString("status"), FirstSeen: r.GetDateTime("first_seen").Time(),
			LastSeen: r.GetDateTime("last_seen").Time(), ResolvedAt: r.GetDateTime("resolved_at").Time(),
			AutoResolved: r.GetBool("auto_resolved"), Note: r.GetString("resolution_note"),
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return severityRank(out[i].Severity) < severityRank(out[j].Severity)
	})
	return out, nil
}

func severityRank(s inspect.Severity) int {
	switch s {
	case inspect.Serious:
		return 0
	case inspect.Warning:
		return 1
	}
	return 2
}

// digitisedPapers says what of a dossier is digitised (dossier_files,
// hooks/files): papers of the applicant, one of them reused, the result.
type digitisedPapers struct {
	Papers, Reused, Result bool
}

// digitisedBefore reads, per dossier, what was digitised before end
// (Decision 766 group 4, Circular 01/2023/TT-VPCP).
func digitisedBefore(app core.App, end string) (map[string]digitisedPapers, error) {
	var rows []struct {
		Dossier string `db:"dossier"`
		Papers  int    `db:"papers"`
		Reused  int    `db:"reused"`
		Result  int    `db:"result"`
	}
	err := app.DB().NewQuery(`SELECT dossier, MAX(role = 'submitted') AS papers,
			MAX(role = 'submitted' AND reused_from != '') AS reused, MAX(role = 'result') AS result
		FROM dossier_files WHERE created < {:e} GROUP BY dossier`).Bind(dbx.Params{"e": end}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("digitised papers: %w", err)
	}
	out := make(map[string]digitisedPapers, len(rows))
	for _, r := range rows {
		out[r.Dossier] = digitisedPapers{Papers: r.Papers > 0, Reused: r.Reused > 0, Result: r.Result > 0}
	}
	return out, nil
}
