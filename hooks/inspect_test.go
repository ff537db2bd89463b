package hooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	selfcheck "motcua/hooks/inspect"
	"motcua/hooks/office"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/internal/vntext"
	"motcua/testapp"
	"motcua/testapp/cli"
)

func rulesOf(m map[string]*core.Record) map[string]int {
	out := map[string]int{}
	for _, r := range m {
		out[r.GetString("rule")]++
	}
	return out
}

func findingOf(t *testing.T, app core.App, rule, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter("findings", "rule = {:r} && subject_collection = {:c} && subject_id = {:i}",
		map[string]any{"r": rule, "c": collection, "i": id})
	require.NoError(t, err, "no finding %s %s", rule, id)
	return r
}

// TestInspectionDemo: the demo commune has late entries, stale and overdue
// dossiers, double supplements, unanswered dissatisfaction, officers under
// the on-time threshold and no backup; each finding carries its evidence.
func TestInspectionDemo(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rep := runInspection(t, app, time.Now())

	rules := rulesOf(openFindings(t, app))
	for _, rule := range []string{inspect.RuleLateEntry, inspect.RuleStaleDossier, inspect.RuleOverdueNoApology,
		inspect.RuleMultipleSupplements, inspect.RuleDissatisfiedUnresolved, inspect.RuleOfficerOnTimeRate, inspect.RuleNoRecentBackup} {
		assert.NotZero(t, rules[rule], "demo data should show %s", rule)
	}
	// The demo's catalogue and posting are complete, the audit chain intact.
	for _, rule := range []string{inspect.RuleCatalogIncomplete, inspect.RulePostingIncomplete, inspect.RuleAuditChainBroken} {
		assert.Zero(t, rules[rule], rule)
	}
	// The report also lists the open findings the notification worker and
	// steps raised (notice_failed: the demo's online dossiers), which the
	// run does not count as found.
	inspected := 0
	for _, f := range rep.Findings {
		if f.Rule != inspect.RuleNoticeFailed {
			inspected++
		}
	}
	assert.Equal(t, rep.Run.Found, inspected)
	assert.True(t, rep.Audit.Known && rep.Audit.OK, "audit %+v", rep.Audit)

	for _, f := range rep.Findings {
		assert.NotEmpty(t, f.Message, f.Rule)
		assert.NotEmpty(t, f.Evidence, f.Rule)
		assert.NotEmpty(t, f.ActionHint, f.Rule)
		assert.Equal(t, "open", f.Status)
		if f.Rule == inspect.RuleLateEntry {
			assert.GreaterOrEqual(t, f.Evidence["gap_hours"], float64(24))
			assert.NotEmpty(t, f.Evidence["entered_by"])
		}
		if f.Rule == inspect.RuleOfficerOnTimeRate {
			// The numbers, not only the verdict, and only above the minimum.
			assert.GreaterOrEqual(t, f.Evidence["handled"], float64(10))
			for _, k := range []string{"early", "on_time", "late", "rate_percent", "threshold_percent", "office_rate_percent"} {
				assert.Contains(t, f.Evidence, k)
			}
		}
	}
	tot := rep.Indicators.Totals.Counts
	assert.Positive(t, tot.Received)
	assert.Equal(t, tot.Ended, tot.Early+tot.OnTime+tot.Late)
	assert.Equal(t, tot.InProgress, tot.InProgressOnTime+tot.InProgressLate)
	assert.NotEmpty(t, rep.Indicators.ByMonth)
	assert.NotEmpty(t, rep.Indicators.BySector)
	assert.Len(t, rep.Indicators.Points766, 5)
}

// TestInspectionDedupAndAutoResolve: a second run keeps one open finding per
// rule and subject and moves last_seen; fixing the condition resolves the
// finding automatically, saying so.
func TestInspectionDedupAndAutoResolve(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	t1 := time.Now()
	runInspection(t, app, t1)
	first := openFindings(t, app)
	require.NotEmpty(t, first)

	t2 := t1.Add(time.Minute)
	rep := runInspection(t, app, t2)
	second := openFindings(t, app)
	assert.Equal(t, len(first), len(second))
	assert.Zero(t, rep.Run.New)
	for key, r := range second {
		require.Contains(t, first, key)
		assert.Equal(t, first[key].Id, r.Id, "same record for %s", key)
		assert.Equal(t, first[key].GetDateTime("first_seen").String(), r.GetDateTime("first_seen").String())
		if r.GetString("rule") == inspect.RuleNoticeFailed {
			continue // raised by the notification worker and steps (the demo's online dossiers), not seen by an inspection
		}
		assert.WithinDuration(t, t2, r.GetDateTime("last_seen").Time(), time.Millisecond, key)
	}

	// Follow up one "dissatisfied" rating: its finding resolves itself.
	var dissatisfied *core.Record
	for _, r := range second {
		if r.GetString("rule") == inspect.RuleDissatisfiedUnresolved {
			dissatisfied = r
			break
		}
	}
	require.NotNil(t, dissatisfied)
	d, err := app.FindRecordById("dossiers", dissatisfied.GetString("subject_id"))
	require.NoError(t, err)
	d.Set("rating_followup", "Đã gọi điện xin lỗi công dân, giải thích lý do chậm.")
	leader := testapp.Staff(t, app, "leader")
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: leader.Id, Name: "Lê Lãnh Đạo Mẫu", Role: "leader"}))

	rep = runInspection(t, app, t2.Add(time.Minute))
	assert.Equal(t, 1, rep.Run.Resolved)
	r, err := app.FindRecordById("findings", dissatisfied.Id)
	require.NoError(t, err)
	assert.Equal(t, "resolved", r.GetString("status"))
	assert.True(t, r.GetBool("auto_resolved"))
	assert.Contains(t, r.GetString("resolution_note"), "Tự động")
	assert.False(t, r.GetDateTime("resolved_at").IsZero())
	assert.Empty(t, r.GetString("resolved_by"))

	// Scoped findings (facts of the period) stay open though a shorter
	// period no longer looks at them.
	late := 0
	for _, r := range openFindings(t, app) {
		if r.GetString("rule") == inspect.RuleLateEntry {
			late++
		}
	}
	_, err = selfcheck.Run(app, selfcheck.Options{Now: t2.Add(2 * time.Minute), From: dateOf(t2), To: dateOf(t2)})
	require.NoError(t, err)
	assert.Equal(t, late, rulesOf(openFindings(t, app))[inspect.RuleLateEntry])
}

// TestInspectionRulesOverRealApp drives the rules the demo does not show
// into and out of their condition.
func TestInspectionRulesOverRealApp(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()

	// catalog_incomplete: a published procedure loses its legal basis.
	proc, err := app.FindFirstRecordByFilter("procedures", "published = true")
	require.NoError(t, err)
	legal := proc.GetString("legal_basis")
	proc.Set("legal_basis", "")
	require.NoError(t, app.Save(proc))
	// posting_incomplete: the office's hotlines are removed.
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	hotlines := office.Get("hotlines")
	office.Set("hotlines", []any{})
	require.NoError(t, app.Save(office))
	// feedback_overdue: feedback nobody answers, inspected 20 working days on.
	fcol, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	fb := core.NewRecord(fcol)
	fb.Load(map[string]any{"tracking_code": "PA-260101-0001", "kind": "feedback", "name": "Nguyễn Văn Mẫu",
		"address": "Thôn Mẫu 1", "phone": "0900000999", "content": "Thủ tục niêm yết chưa rõ.", "status": "new"})
	require.NoError(t, app.Save(fb))

	later := now.AddDate(0, 0, 35)
	runInspection(t, app, later)
	open := openFindings(t, app)
	assert.Contains(t, open, inspect.Key(inspect.RuleCatalogIncomplete, "procedures", proc.Id))
	assert.Contains(t, open, inspect.Key(inspect.RulePostingIncomplete, "office", office.Id))
	assert.Contains(t, open, inspect.Key(inspect.RuleFeedbackOverdue, "feedback", fb.Id))
	// officer_inactive: five weeks on, the specialists have not acted.
	spec := testapp.Staff(t, app, "specialist")
	assert.Contains(t, open, inspect.Key(inspect.RuleOfficerInactive, "_superusers", spec.Id))

	// Negative cases: restore, answer, act; inspect again: all resolved.
	proc.Set("legal_basis", legal)
	require.NoError(t, app.Save(proc))
	office.Set("hotlines", hotlines)
	require.NoError(t, app.Save(office))
	fb.Set("status", "resolved")
	fb.Set("answer", "Đã niêm yết lại.")
	fb.Set("answered_at", later)
	require.NoError(t, app.Save(fb))
	runInspection(t, app, now) // today the specialists are active
	open = openFindings(t, app)
	for _, key := range []string{
		inspect.Key(inspect.RuleCatalogIncomplete, "procedures", proc.Id),
		inspect.Key(inspect.RulePostingIncomplete, "office", office.Id),
		inspect.Key(inspect.RuleFeedbackOverdue, "feedback", fb.Id),
	} {
		assert.NotContains(t, open, key)
	}
	f := findingOf(t, app, inspect.RulePostingIncomplete, "office", office.Id)
	assert.True(t, f.GetBool("auto_resolved"))

	// no_recent_backup: a backup today clears it.
	require.Contains(t, openFindings(t, app), inspect.Key(inspect.RuleNoRecentBackup, "backups", "backups"))
	require.NoError(t, app.CreateBackup(t.Context(), "motcua_test.zip"))
	runInspection(t, app, now)
	assert.NotContains(t, openFindings(t, app), inspect.Key(inspect.RuleNoRecentBackup, "backups", "backups"))
}

func TestInspectionApologyTooLate(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d, err := app.FindFirstRecordByFilter("dossiers", "status = 'processing' && new_due_at = ''")
	require.NoError(t, err)
	due := d.GetDateTime("due_at").Time()
	admin := testapp.Staff(t, app, "admin")
	// The admin records an apology an hour before the deadline: allowed,
	// but too late by the rule of one working day.
	d.Set("new_due_at", due.AddDate(0, 0, 7))
	d.Set("apology_reason", "Chờ kết quả xác minh của cơ quan khác.")
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: admin.Id, Name: "Quản Trị Mẫu", Role: "admin", At: due.Add(-time.Hour)}))

	runInspection(t, app, time.Now())
	f := findingOf(t, app, inspect.RuleApologyTooLate, "dossiers", d.Id)
	assert.Equal(t, "open", f.GetString("status"))
	assert.Contains(t, f.GetString("message"), "Quản Trị Mẫu")

	// An apology made in time raises nothing.
	other, err := app.FindFirstRecordByFilter("dossiers", "status = 'processing' && new_due_at = '' && id != {:id}", map[string]any{"id": d.Id})
	require.NoError(t, err)
	leader := testapp.Staff(t, app, "leader")
	odue := other.GetDateTime("due_at").Time()
	other.Set("new_due_at", odue.AddDate(0, 0, 7))
	other.Set("apology_reason", "Chờ xác minh.")
	at := odue.AddDate(0, 0, -7)
	require.NoError(t, dossier.SaveAs(app, other, dossier.Actor{ID: leader.Id, Name: "Lê Lãnh Đạo Mẫu", Role: "leader", At: at}))
	runInspection(t, app, time.Now())
	assert.NotContains(t, openFindings(t, app), inspect.Key(inspect.RuleApologyTooLate, "dossiers", other.Id))
}

func TestInspectionAuditChainBroken(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	runInspection(t, app, time.Now())
	assert.NotContains(t, openFindings(t, app), inspect.Key(inspect.RuleAuditChainBroken, "audit_log", "chain"))

	var seq int64
	require.NoError(t, app.DB().NewQuery("SELECT max(seq) FROM audit_log").Row(&seq))
	require.Positive(t, seq)
	_, err := app.DB().NewQuery("DROP TRIGGER IF EXISTS audit_log_no_update").Execute()
	require.NoError(t, err)
	_, err = app.DB().NewQuery("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1").Execute()
	require.NoError(t, err)
	execSQL(t, app, noUpdateTrigger) // without it every write, the findings too, is refused

	rep := runInspection(t, app, time.Now())
	f := findingOf(t, app, inspect.RuleAuditChainBroken, "audit_log", "chain")
	assert.Equal(t, "serious", f.GetString("severity"))
	assert.False(t, rep.Audit.OK)
}

// TestFindingResolution: leaders acknowledge and resolve with a note; the
// status never goes back; inspectors and clerks change nothing.
func TestFindingResolution(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	runInspection(t, app, time.Now())
	var f *core.Record
	for _, r := range openFindings(t, app) {
		f = r
		break
	}
	require.NotNil(t, f)
	url := "/api/collections/findings/records/" + f.Id
	leader := testapp.Staff(t, app, "leader")

	for _, role := range []string{"inspector", "receptionist", "specialist"} {
		res := testapp.Do(t, app, testapp.Auth(t, app, role), http.MethodPatch, url, `{"status":"acknowledged"}`)
		assert.Equal(t, http.StatusForbidden, res.Code, role)
	}
	leaderAuth := testapp.Auth(t, app, "leader")
	res := testapp.Do(t, app, leaderAuth, http.MethodPatch, url, `{"message":"khác"}`)
	assert.Equal(t, http.StatusBadRequest, res.Code, "only status and note may change")
	res = testapp.Do(t, app, leaderAuth, http.MethodPatch, url, `{"status":"acknowledged"}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	res = testapp.Do(t, app, leaderAuth, http.MethodPatch, url, `{"status":"open"}`)
	assert.Equal(t, http.StatusBadRequest, res.Code, "no way back")
	res = testapp.Do(t, app, leaderAuth, http.MethodPatch, url, `{"status":"resolved"}`)
	assert.Equal(t, http.StatusBadRequest, res.Code, "a note is needed")
	assert.Contains(t, res.Body.String(), "resolution_note")
	res = testapp.Do(t, app, leaderAuth, http.MethodPatch, url, `{"status":"resolved","resolution_note":"Đã nhắc nhở công chức, hồ sơ đã cập nhật."}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	f, err := app.FindRecordById("findings", f.Id)
	require.NoError(t, err)
	assert.Equal(t, "resolved", f.GetString("status"))
	assert.Equal(t, leader.Id, f.GetString("resolved_by"))
	assert.False(t, f.GetBool("auto_resolved"))
	assert.False(t, f.GetDateTime("resolved_at").IsZero())
	res = testapp.Do(t, app, testapp.Auth(t, app, "admin"), http.MethodPatch, url, `{"status":"acknowledged"}`)
	assert.Equal(t, http.StatusBadRequest, res.Code, "resolved is final, even for the admin")

	res = testapp.Do(t, app, testapp.Auth(t, app, "admin"), http.MethodPost, "/api/collections/findings/records", `{"rule":"x"}`)
	assert.Equal(t, http.StatusForbidden, res.Code)
	res = testapp.Do(t, app, testapp.Auth(t, app, "admin"), http.MethodDelete, url, "")
	assert.Equal(t, http.StatusForbidden, res.Code)
}

func TestInspectionRoutes(t *testing.T) {
	type call struct {
		role   string
		method string
		url    string
		status int
		want   []string
	}
	calls := []call{
		{"", http.MethodPost, "/api/motcua/inspect", 401, nil},
		{"receptionist", http.MethodPost, "/api/motcua/inspect", 403, nil},
		{"specialist", http.MethodPost, "/api/motcua/inspect", 403, nil},
		{"inspector", http.MethodPost, "/api/motcua/inspect", 200, []string{`"findings"`, `"rule"`, `"indicators"`}},
		{"leader", http.MethodPost, "/api/motcua/inspect?from=2026-01-01&to=2026-12-31", 200, []string{`"from":"2026-01-01"`}},
		{"admin", http.MethodPost, "/api/motcua/inspect", 200, nil},
		{"leader", http.MethodPost, "/api/motcua/inspect?from=2026-12-31&to=2026-01-01", 400, nil},
		{"", http.MethodGet, "/api/motcua/reports/summary", 401, nil},
		{"specialist", http.MethodGet, "/api/motcua/reports/summary", 200, []string{`"by_officer"`, `"points_766"`}},
		{"inspector", http.MethodGet, "/api/motcua/reports/findings", 200, []string{`"rules"`}},
		{"", http.MethodGet, "/api/motcua/reports/report.html", 401, nil},
		{"inspector", http.MethodGet, "/api/motcua/reports/report.html", 200, []string{"BÁO CÁO TỰ KIỂM TRA", "<svg", "Quyết định 766"}},
		{"leader", http.MethodGet, "/api/motcua/reports/indicators.csv", 200, []string{"\ufeffNhóm,Mã,Tên", "Toàn cơ quan"}},
		{"", http.MethodGet, "/api/motcua/reports/indicators.xlsx", 401, nil},
		{"leader", http.MethodGet, "/api/motcua/reports/indicators.xlsx", 200, []string{"PK"}},
		{"", http.MethodGet, "/reports/", 200, []string{"Báo cáo tự kiểm tra", "reports.js"}},
		{"", http.MethodGet, "/reports/reports.css", 200, []string{"@page"}},
	}
	app := testapp.New(t)
	defer app.Cleanup()
	for _, c := range calls {
		var headers map[string]string
		if c.role != "" {
			headers = testapp.Auth(t, app, c.role)
		}
		res := testapp.Do(t, app, headers, c.method, c.url, "")
		require.Equal(t, c.status, res.Code, "%s %s %s: %s", c.role, c.method, c.url, res.Body.String())
		for _, w := range c.want {
			assert.Contains(t, res.Body.String(), w, "%s %s", c.role, c.url)
		}
	}
}

// TestInspectCLI: `motcua inspect --json` lists findings with their rule.
func TestInspectCLI(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	run := func(args ...string) *bytes.Buffer {
		out, err := cli.Run(t, app, args...)
		require.NoError(t, err, out)
		return bytes.NewBufferString(out)
	}
	out := run("inspect", "--json", "--from", "2026-01-01")
	var rep struct {
		Findings   []map[string]any `json:"findings"`
		Indicators map[string]any   `json:"indicators"`
		Period     map[string]any   `json:"period"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
	require.NotEmpty(t, rep.Findings)
	for _, f := range rep.Findings {
		_, known := inspect.RuleByName(f["rule"].(string))
		assert.True(t, known, "rule %v", f["rule"])
	}
	assert.Contains(t, rep.Indicators, "totals")
	assert.Equal(t, "2026-01-01", rep.Period["from"])

	out = run("inspect")
	assert.True(t, strings.Contains(out.String(), "PHÁT HIỆN ĐANG MỞ"), out.String())
}

func TestInspectionCronRegistered(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == "motcua_inspect" {
			assert.Equal(t, selfcheck.Cron, j.Expression())
			return
		}
	}
	t.Fatal("motcua_inspect is not scheduled")
}

func dateOf(t time.Time) calendar.Date { return calendar.DateOf(t) }

// processingDossier receives a dossier of procedure 1.004873 (3 working
// days) for name at received and transfers it to the specialist a minute
// later, as entered on paper then.
func processingDossier(t *testing.T, app core.App, name string, received time.Time) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	proc, err := app.FindFirstRecordByData("procedures", "code", "1.004873")
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Load(map[string]any{"procedure": proc.Id, "applicant_name": name, "received_at": received})
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{Name: "Kiểm thử", At: received}))
	d.Set("status", "processing")
	d.Set("assignee", testapp.Staff(t, app, "specialist").Id)
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{Name: "Kiểm thử", At: received.Add(time.Minute)}))
	return d
}

// TestWaitingForTheCitizenIsNotOverdue: a dossier in supplement_requested has
// its clock paused (Decree 118/2025: the wait is not counted in the time
// limit), so it is neither overdue_no_apology nor "in progress, late".
func TestWaitingForTheCitizenIsNotOverdue(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	received := now.AddDate(0, 0, -14)
	d := processingDossier(t, app, "Trần Thị Chờ Bổ Sung", received)
	require.True(t, d.GetDateTime("due_at").Time().Before(now))

	before := runInspection(t, app, now).Indicators.Totals.Counts
	require.Contains(t, openFindings(t, app), inspect.Key(inspect.RuleOverdueNoApology, "dossiers", d.Id))

	d.Set("status", "supplement_requested")
	d.Set("note", "Thiếu tờ khai")
	d.Set("missing_items", []string{"Tờ khai"})
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{Name: "Kiểm thử", At: received.Add(2 * time.Minute)}))
	after := runInspection(t, app, now).Indicators.Totals.Counts
	assert.NotContains(t, openFindings(t, app), inspect.Key(inspect.RuleOverdueNoApology, "dossiers", d.Id))
	assert.Equal(t, before.InProgress, after.InProgress)
	assert.Equal(t, before.InProgressLate-1, after.InProgressLate, "waiting for the citizen is not late")
}

// TestSatisfaction54PerDossier: indicator 5.4 counts each dossier once,
// whether late, rated dissatisfied or complained about; feedback about the
// rules (naming no dossier) is no complaint about a dossier, and the officer
// who answers feedback is not charged with it.
func TestSatisfaction54PerDossier(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	counts := func() (inspect.Counts, map[string]inspect.Counts) {
		rep := runInspection(t, app, now)
		by := map[string]inspect.Counts{}
		for _, g := range rep.Indicators.ByOfficer {
			by[g.Key] = g.Counts
		}
		return rep.Indicators.Totals.Counts, by
	}
	window := now.AddDate(0, 0, -60)
	late, err := app.FindFirstRecordByFilter("dossiers", "result_class = 'late' && ended_at > {:w}", map[string]any{"w": window})
	require.NoError(t, err)
	happy, err := app.FindFirstRecordByFilter("dossiers", "result_class = 'on_time' && rating != 'dissatisfied' && ended_at > {:w}", map[string]any{"w": window})
	require.NoError(t, err)
	clerk := testapp.Staff(t, app, "receptionist")
	before, byBefore := counts()
	require.NotNil(t, before.Ended)

	fcol, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	n := 0
	complain := func(dossier string) {
		n++
		fb := core.NewRecord(fcol)
		fb.Load(map[string]any{"tracking_code": "PA-TEST-" + string(rune('0'+n)), "kind": "feedback", "name": "Nguyễn Văn Mẫu",
			"address": "Thôn Mẫu 1", "content": "Phản ánh kiểm thử.", "status": "resolved", "answer": "Đã xử lý.",
			"answered_at": now, "answered_by": clerk.Id, "published": true, "published_at": now, "dossier": dossier})
		require.NoError(t, app.Save(fb))
	}
	complain("")      // about the rules
	complain(late.Id) // already unhappy: late
	complain(happy.Id)
	after, byAfter := counts()
	assert.Equal(t, before.Complaints+3, after.Complaints)
	assert.Equal(t, before.Unhappy+1, after.Unhappy, "one dossier newly unhappy; the late one counted once; the rules are not a dossier")
	base := float64(after.Ended + after.InProgress)
	require.NotNil(t, after.Rates().Satisfaction)
	assert.InDelta(t, 100*(base-float64(after.Unhappy))/base, *after.Rates().Satisfaction, 0.001)
	assert.Equal(t, byBefore[clerk.Id].Complaints, byAfter[clerk.Id].Complaints, "answering feedback is not being complained about")
}

// TestFeedbackMoreInfoIsNotAFinalAnswer: indicator 5.2 takes a "more
// information" answer for what it is, and counts the 2-day publication limit.
func TestFeedbackMoreInfoIsNotAFinalAnswer(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	cal, err := office.Calendar(app)
	require.NoError(t, err)
	created := cal.AddWorking(now, 0).AddDate(0, 0, -35)
	before := runInspection(t, app, now).Indicators.Totals.Counts
	fcol, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	add := func(code, status string, answered, published time.Time) *core.Record {
		fb := core.NewRecord(fcol)
		fb.Load(map[string]any{"tracking_code": code, "kind": "feedback", "name": "Nguyễn Văn Mẫu", "address": "Thôn Mẫu 1",
			"content": "Phản ánh kiểm thử.", "status": status, "answer": "Trả lời.", "answered_at": answered,
			"published": !published.IsZero(), "published_at": published})
		fb.Set("created", created)
		require.NoError(t, app.Save(fb))
		_, err := app.DB().NewQuery("UPDATE feedback SET created = {:c} WHERE id = {:id}").
			Bind(map[string]any{"c": created.UTC().Format("2006-01-02 15:04:05.000Z"), "id": fb.Id}).Execute()
		require.NoError(t, err)
		return fb
	}
	moreInfo := add("PA-TEST-M", "more_info", created.AddDate(0, 0, 1), time.Time{})
	add("PA-TEST-P", "resolved", created.AddDate(0, 0, 7), created.AddDate(0, 0, 21)) // published two weeks after the answer
	after := runInspection(t, app, now).Indicators.Totals.Counts
	assert.Equal(t, before.FeedbackLate+2, after.FeedbackLate)
	assert.Equal(t, before.FeedbackOnTime, after.FeedbackOnTime)
	assert.Contains(t, openFindings(t, app), inspect.Key(inspect.RuleFeedbackOverdue, "feedback", moreInfo.Id))
}

// TestOnlineShareCountsOnlyProceduresOfferedOnline: Decision 766's online
// share is over the dossiers of procedures offered online; full online
// services are shown apart.
func TestOnlineShareCountsOnlyProceduresOfferedOnline(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	byProc := func() map[string]inspect.Counts {
		out := map[string]inspect.Counts{}
		for _, g := range runInspection(t, app, now).Indicators.ByProcedure {
			out[g.Key] = g.Counts
		}
		return out
	}
	first := byProc()
	var proc *core.Record
	for id, c := range first {
		if c.Received > 0 {
			p, err := app.FindRecordById("procedures", id)
			if err == nil {
				proc = p
				break
			}
		}
	}
	require.NotNil(t, proc)
	for _, level := range []string{"none", "partial", "full"} {
		proc.Set("online_level", level)
		require.NoError(t, app.Save(proc))
		c := byProc()[proc.Id]
		offered := map[string]int{"none": 0, "partial": c.Received, "full": c.Received}[level]
		full := map[string]int{"none": 0, "partial": 0, "full": c.Received}[level]
		assert.Equal(t, offered, c.OfferedOnline, level)
		assert.Equal(t, full, c.OfferedFullOnline, level)
		if level == "none" {
			assert.Nil(t, c.Rates().Online, "not offered online: no online share")
		}
	}
}

// TestIntakeRulesOverRealApp: a paper dossier received after 15:00 and
// passed on the next afternoon is a late transfer; a supplement asked for on
// the 5th working day after receipt is a late supplement request; each with
// its evidence, from the dossier's own events.
func TestIntakeRulesOverRealApp(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	cal, err := office.Calendar(app)
	require.NoError(t, err)
	day := cal.AddWorkingDays(calendar.DateOf(now.AddDate(0, 0, -30)), 1)
	received := day.At(16, 0)
	spec := testapp.Staff(t, app, "specialist")
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	proc, err := app.FindFirstRecordByData("procedures", "code", "1.011607") // 15 working days
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Load(map[string]any{"procedure": proc.Id, "applicant_name": "Đỗ Văn Chuyển Muộn", "channel": "in_person", "received_at": received})
	as := func(at time.Time) dossier.Actor { return dossier.Actor{Name: "Văn Thư Mẫu", At: at} }
	require.NoError(t, dossier.SaveAs(app, d, as(received)))
	d.Set("status", "processing")
	d.Set("assignee", spec.Id)
	require.NoError(t, dossier.SaveAs(app, d, as(cal.AddWorkingDays(day, 1).At(14, 0))))
	d.Set("status", "supplement_requested")
	d.Set("note", "Thiếu giấy xác nhận")
	d.Set("missing_items", []string{"Giấy xác nhận"})
	require.NoError(t, dossier.SaveAs(app, d, as(cal.AddWorkingDays(day, 5).At(9, 0))))

	runInspection(t, app, now)
	f := findingOf(t, app, inspect.RuleLateTransfer, "dossiers", d.Id)
	assert.Contains(t, f.GetString("message"), "trước 09:00 ngày làm việc tiếp theo (nhận sau 15:00)")
	assert.Contains(t, f.GetString("evidence"), `"working_days":1`)
	f = findingOf(t, app, inspect.RuleLateSupplementRequest, "dossiers", d.Id)
	assert.Contains(t, f.GetString("evidence"), `"working_days":5`)
	assert.Contains(t, f.GetString("evidence"), `"limit_days":3`)
}

// TestResolvedFindingIsNotReopenedForTheSameFact: a finding a leader resolved
// with a note stays resolved at the next run while its evidence is the same;
// the automatic check's own resolutions do not count as settled.
func TestResolvedFindingIsNotReopenedForTheSameFact(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	runInspection(t, app, now)
	var f *core.Record
	for _, r := range openFindings(t, app) {
		if r.GetString("subject_collection") == "dossiers" {
			f = r
			break
		}
	}
	require.NotNil(t, f, "the demo has findings about dossiers")
	res := testapp.Do(t, app, testapp.Auth(t, app, "leader"), http.MethodPatch, "/api/collections/findings/records/"+f.Id,
		`{"status":"resolved","resolution_note":"Đã nhắc nhở công chức; hồ sơ đã cập nhật."}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())

	runInspection(t, app, now.Add(time.Minute))
	same, err := app.FindAllRecords("findings", dbx.HashExp{"rule": f.GetString("rule"),
		"subject_collection": "dossiers", "subject_id": f.GetString("subject_id")})
	require.NoError(t, err)
	require.Len(t, same, 1, "not opened again for the same fact")
	require.Equal(t, "resolved", same[0].GetString("status"))
}

// TestPoints766SayWhatIsScored: the report and its JSON say, group by group
// of Decision 766, what the appliance can score with its data, and that the
// points are maximum × rate (the decision's bands are not applied).
func TestPoints766SayWhatIsScored(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	inspector := testapp.Auth(t, app, "inspector")
	res := testapp.Do(t, app, inspector, http.MethodGet, "/api/motcua/reports/summary", "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var rep struct {
		Indicators struct {
			Points []struct {
				Group         string   `json:"group"`
				Coverage      string   `json:"coverage"`
				CoverageLabel string   `json:"coverage_label"`
				Value         *float64 `json:"value"`
				Items         []struct {
					Code       string `json:"code"`
					Computable bool   `json:"computable"`
				} `json:"indicators"`
			} `json:"points_766"`
			Basis string `json:"points_766_basis"`
		} `json:"indicators"`
	}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &rep))
	got := map[string]string{}
	for _, p := range rep.Indicators.Points {
		got[p.Group] = p.Coverage + " · " + p.CoverageLabel
		require.NotEmpty(t, p.Items, p.Group)
	}
	assert.Equal(t, map[string]string{
		"Công khai, minh bạch":        "partial · Tính được một phần",
		"Tiến độ, kết quả giải quyết": "full · Tính được",
		"Cung cấp dịch vụ trực tuyến": "partial · Tính được một phần",
		"Số hóa hồ sơ":                "partial · Tính được một phần",
		"Mức độ hài lòng":             "partial · Tính được một phần",
	}, got)
	// The demo keeps no digitised paper: 4.1–4.3 are computed, at 0.
	require.NotNil(t, rep.Indicators.Points[3].Value, "digitisation is scored from dossier_files")
	assert.Zero(t, *rep.Indicators.Points[3].Value)
	assert.Equal(t, inspect.PointsBasis, rep.Indicators.Basis)

	res = testapp.Do(t, app, inspector, http.MethodGet, "/api/motcua/reports/report.html", "")
	require.Equal(t, http.StatusOK, res.Code)
	html := res.Body.String()
	for _, want := range []string{
		"Nhóm chỉ số phần mềm chấm được bằng dữ liệu của mình — Tính được: Tiến độ, kết quả giải quyết. " +
			"Tính được một phần: Công khai, minh bạch; Cung cấp dịch vụ trực tuyến; Số hóa hồ sơ; Mức độ hài lòng.",
		"<tr><th>Hồ sơ có giấy tờ được số hóa</th><td>0/",
		"Điểm của mỗi chỉ số = điểm tối đa của chỉ số × tỷ lệ đạt được.",
		"5.3 Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
		"Không tính được: phần mềm chưa có thanh toán trực tuyến phí, lệ phí.",
	} {
		assert.Contains(t, html, want)
	}
}

// TestReportPageIsVietnamese: what a leader or inspector reads of the demo
// commune's self-inspection — the report page, every finding's message and
// hint, every rule's title — has no English word (issue 15).
func TestReportPageIsVietnamese(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rep := runInspection(t, app, time.Now())
	require.NotEmpty(t, rep.Findings)
	inspector := testapp.Auth(t, app, "inspector")
	res := testapp.Do(t, app, inspector, http.MethodGet, "/api/motcua/reports/report.html", "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Empty(t, vntext.EnglishWords(vntext.Text(res.Body.String())), "the report page")

	res = testapp.Do(t, app, inspector, http.MethodGet, "/api/motcua/reports/findings", "")
	require.Equal(t, http.StatusOK, res.Code)
	var list struct {
		Findings []struct {
			Rule, Message, SubjectLabel string
			Hint                        string `json:"action_hint"`
		} `json:"findings"`
		Rules []struct{ Name, Title string } `json:"rules"`
	}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &list))
	require.NotEmpty(t, list.Findings)
	for _, f := range list.Findings {
		assert.Empty(t, vntext.EnglishWords(f.Message+" "+f.Hint), "finding %s", f.Rule)
	}
	for _, r := range list.Rules {
		assert.Empty(t, vntext.EnglishWords(r.Title), "rule %s", r.Name)
	}
}

// TestStoppedOrWithdrawnIsNotAResult: a dossier whose handling is stopped
// (form 05) or that the citizen withdraws before its due time ended without a
// result: no result class, counted apart, not in the on-time rate; one that
// was already overdue stays late (lifecycle.ClassifyEnding).
func TestStoppedOrWithdrawnIsNotAResult(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	ending := func(name string, received time.Time, status, note string) *core.Record {
		d := processingDossier(t, app, name, received)
		d.Set("status", status)
		d.Set("note", note)
		require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{Name: "Kiểm thử", At: now}))
		return d
	}
	before := runInspection(t, app, now).Indicators.Totals.Counts

	stopped := ending("Lê Văn Dừng Sớm", now.Add(-time.Hour), "stopped", "Công dân đề nghị dừng giải quyết.")
	withdrawn := ending("Phạm Thị Rút Sớm", now.Add(-time.Hour), "withdrawal_requested", "Công dân có đơn xin rút hồ sơ.")
	assert.Equal(t, "", stopped.GetString("result_class"), "stopped before its due time: no result")
	assert.Equal(t, "", withdrawn.GetString("result_class"), "withdrawn before its due time: no result")
	mid := runInspection(t, app, now).Indicators.Totals.Counts
	assert.Equal(t, before.Stopped+2, mid.Stopped)
	assert.Equal(t, before.Ended, mid.Ended, "not counted as handled to a result")
	assert.Equal(t, before.Early+before.OnTime, mid.Early+mid.OnTime, "the on-time rate does not rise")

	late := ending("Hoàng Văn Dừng Muộn", now.AddDate(0, 0, -14), "stopped", "Công dân đề nghị dừng giải quyết.")
	assert.Equal(t, "late", late.GetString("result_class"), "already overdue: stays late")
	after := runInspection(t, app, now).Indicators.Totals.Counts
	assert.Equal(t, mid.Stopped, after.Stopped)
	assert.Equal(t, mid.Ended+1, after.Ended)
	assert.Equal(t, mid.Late+1, after.Late)
}

// TestUpgradeClearsTheClassOfEarlyEndings: a data dir of an older release
// holds stopped and withdrawn dossiers classed early or on time; the upgrade
// takes that class off each (with its audit entry) and leaves a late one.
func TestUpgradeClearsTheClassOfEarlyEndings(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	var rows []struct {
		ID    string `db:"id"`
		Class string `db:"result_class"`
	}
	require.NoError(t, app.DB().NewQuery(`SELECT id, result_class FROM dossiers
		WHERE id IN (SELECT dossier FROM dossier_events WHERE action IN ('stop', 'request_withdrawal'))
		ORDER BY id`).All(&rows))
	require.GreaterOrEqual(t, len(rows), 2, "the demo has stopped and withdrawn dossiers")
	// As an older release stored them: the first early, the second late.
	_, err := app.DB().NewQuery(`UPDATE dossiers SET result_class = 'early' WHERE id = {:id}`).Bind(dbx.Params{"id": rows[0].ID}).Execute()
	require.NoError(t, err)
	_, err = app.DB().NewQuery(`UPDATE dossiers SET result_class = 'late' WHERE id = {:id}`).Bind(dbx.Params{"id": rows[1].ID}).Execute()
	require.NoError(t, err)

	require.NoError(t, dossier.ClearEndingsWithoutResult(app))
	first, err := app.FindRecordById("dossiers", rows[0].ID)
	require.NoError(t, err)
	second, err := app.FindRecordById("dossiers", rows[1].ID)
	require.NoError(t, err)
	assert.Equal(t, "", first.GetString("result_class"))
	assert.Equal(t, "late", second.GetString("result_class"))
	entries, err := app.FindAllRecords("audit_log", dbx.HashExp{"record_id": rows[0].ID, "actor_type": "system", "action": "update"})
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	assert.Contains(t, entries[len(entries)-1].GetString("changes"), `"result_class":{"after":"","before":"early"}`)
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	assert.True(t, res.OK, "the chain still verifies: %+v", res)
}
