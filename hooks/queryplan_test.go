package hooks_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/hooks/inspect"
	"motcua/internal/calendar"
	"motcua/testapp"
)

// The hot queries must never read a whole table of dossiers, events or audit
// entries: at ten years of a busy ward those are 400,000, 3 million and 5
// million rows (see BENCHMARKS.md). Rather than copies of the SQL, the test
// records every statement the real code runs — through the real router for
// the public routes, the admin UI's lists and intake, and through the Go API
// for the self-inspection and the indicators — and explains each one.
// A plan step "SCAN <table>" on one of those tables fails, unless it walks an
// index in order and the statement's LIMIT stops it.

// hotTables are the tables that grow with the office's history.
var hotTables = []string{"dossiers", "dossier_events", "audit_log"}

// sqlCapture records the SELECT statements an app runs.
type sqlCapture struct {
	mu   sync.Mutex
	seen map[string]string // statement -> what ran it
	what string
	off  bool // the test's own EXPLAINs are not recorded
}

func (c *sqlCapture) record(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := strings.TrimSpace(s)
	if c.off || !strings.HasPrefix(strings.ToUpper(t), "SELECT") {
		return
	}
	for _, tbl := range hotTables {
		if regexp.MustCompile(`(?i)[\s"\x60\[(]` + tbl + `[\s"\x60\])]`).MatchString(t + " ") {
			if _, ok := c.seen[t]; !ok {
				c.seen[t] = c.what
			}
			return
		}
	}
}

func (c *sqlCapture) step(what string) {
	c.mu.Lock()
	c.what = what
	c.mu.Unlock()
}

// aliasRe finds "FROM dossiers d", "JOIN dossier_events AS e".
var aliasRe = regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+[\x60"]?(dossiers|dossier_events|audit_log)[\x60"]?(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?`)

var sqlKeywords = map[string]bool{"where": true, "join": true, "left": true, "inner": true, "on": true, "order": true,
	"group": true, "limit": true, "cross": true, "natural": true, "union": true, "indexed": true, "not": true}

// fullScans lists the plan steps of stmt that read a hot table without an
// index.
func fullScans(t *testing.T, db dbx.Builder, stmt string) (bad []string, plan []string) {
	names := map[string]string{}
	for _, tbl := range hotTables {
		names[tbl] = tbl
	}
	for _, m := range aliasRe.FindAllStringSubmatch(stmt, -1) {
		if m[2] != "" && !sqlKeywords[strings.ToLower(m[2])] {
			names[m[2]] = m[1]
		}
	}
	var rows []struct {
		Detail string `db:"detail"`
	}
	err := db.NewQuery("EXPLAIN QUERY PLAN " + stmt).All(&rows)
	require.NoError(t, err, stmt)
	scan := regexp.MustCompile(`^SCAN ([A-Za-z_][A-Za-z0-9_]*)(.*)$`)
	limited := regexp.MustCompile(`(?i)\bLIMIT\s+\d+\s*$`).MatchString(strings.TrimSpace(stmt))
	for _, r := range rows {
		plan = append(plan, r.Detail)
		m := scan.FindStringSubmatch(r.Detail)
		// A scan in index order is fine when a LIMIT stops it (the newest
		// 40 of a list); without one it reads the whole index.
		if m == nil || (strings.Contains(m[2], "USING") && limited) {
			continue
		}
		if tbl, ok := names[m[1]]; ok {
			bad = append(bad, tbl+" ("+r.Detail+")")
		}
	}
	return bad, plan
}

func TestHotQueriesUseIndexes(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()

	capture := &sqlCapture{seen: map[string]string{}}
	for _, db := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		d := db.(*dbx.DB)
		prevQ, prevE := d.QueryLogFunc, d.ExecLogFunc
		d.QueryLogFunc = func(ctx context.Context, dur time.Duration, s string, rows *sql.Rows, err error) {
			capture.record(s)
			if prevQ != nil {
				prevQ(ctx, dur, s, rows, err)
			}
		}
		d.ExecLogFunc = func(ctx context.Context, dur time.Duration, s string, res sql.Result, err error) {
			if prevE != nil {
				prevE(ctx, dur, s, res, err)
			}
		}
	}

	var code, dossierID, procedureID, specialistID string
	require.NoError(t, app.DB().NewQuery("SELECT id, code FROM dossiers WHERE status = 'returned' LIMIT 1").Row(&dossierID, &code))
	require.NoError(t, app.DB().NewQuery("SELECT id FROM procedures LIMIT 1").Row(&procedureID))
	specialistID = testapp.Staff(t, app, "specialist").Id
	admin := testapp.Auth(t, app, "admin")
	clerk := testapp.Auth(t, app, "receptionist")

	get := func(what string, headers map[string]string, u string) {
		t.Helper()
		capture.step(what)
		rec := testapp.Do(t, app, headers, http.MethodGet, u, "")
		require.Equal(t, http.StatusOK, rec.Code, "%s: %s", u, rec.Body.String())
	}
	list := func(what, collection, filter, sortBy string) {
		t.Helper()
		q := url.Values{"page": {"1"}, "perPage": {"40"}, "skipTotal": {"1"}}
		if filter != "" {
			q.Set("filter", filter)
		}
		if sortBy != "" {
			q.Set("sort", sortBy)
		}
		get(what, admin, "/api/collections/"+collection+"/records?"+q.Encode())
	}

	// The citizens' routes.
	get("public look-up by code", nil, "/api/motcua/dossiers/"+code)
	get("public search", nil, "/api/motcua/procedures?q=khai+sinh")

	// The admin UI's lists, sorted and filtered as clerks use them.
	list("dossiers due, by status", "dossiers", "status = 'processing'", "due_at")
	list("open dossiers due soonest", "dossiers", "status = 'processing' && due_at <= '2030-01-01 00:00:00.000Z'", "due_at")
	list("dossiers by receipt", "dossiers", "", "-received_at")
	list("dossiers received in a period", "dossiers", "received_at >= '2026-01-01 00:00:00.000Z' && received_at < '2026-02-01 00:00:00.000Z'", "-received_at")
	list("dossiers of an assignee", "dossiers", "assignee = '"+specialistID+"'", "")
	list("dossiers of an assignee by status", "dossiers", "assignee = '"+specialistID+"' && status = 'processing'", "")
	list("dossier by code", "dossiers", "code = '"+code+"'", "")
	list("dossiers newest first", "dossiers", "", "-created")
	list("events of a dossier", "dossier_events", "dossier = '"+dossierID+"'", "at")
	list("events by time", "dossier_events", "", "-at")
	list("events of an officer", "dossier_events", "actor = '"+specialistID+"'", "-at")
	list("audit by seq", "audit_log", "", "-seq")
	list("audit of a record", "audit_log", "collection = 'dossiers' && record_id = '"+dossierID+"'", "-seq")
	get("dossier history (audit)", admin, "/api/motcua/dossiers/"+dossierID+"/history")

	// Intake: the dossier code of the day, the chain head of the audit log.
	capture.step("intake")
	rec := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records",
		`{"procedure":"`+procedureID+`","applicant_name":"Nguyễn Văn Kiểm","channel":"in_person"}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	// The self-inspection of a year and the indicators of a month.
	today := calendar.DateOf(time.Now())
	capture.step("self-inspection of a year")
	_, err := inspect.Run(app, inspect.Options{From: today.AddDays(-365), To: today})
	require.NoError(t, err)
	capture.step("indicators of a month")
	_, err = inspect.Report(app, inspect.Options{From: today.AddDays(-30), To: today})
	require.NoError(t, err)

	capture.mu.Lock()
	capture.off = true
	seen := capture.seen
	capture.mu.Unlock()
	// The intake's own query of the day's last code is among them (dbx
	// logs it with its values in place of the placeholders).
	dayCode := hooks.DayCodeQuery[:strings.Index(hooks.DayCodeQuery, "{:")]
	ranDayCode := false
	for s, what := range seen {
		ranDayCode = ranDayCode || what == "intake" && strings.HasPrefix(s, dayCode)
	}
	require.True(t, ranDayCode, "the intake's query of the day's last code was seen: %s", hooks.DayCodeQuery)
	require.Greater(t, len(seen), 20, "the capture saw the code's queries")
	stmts := make([]string, 0, len(seen))
	for s := range seen {
		stmts = append(stmts, s)
	}
	sort.Strings(stmts)
	for _, s := range stmts {
		bad, plan := fullScans(t, app.DB(), s)
		if testing.Verbose() {
			t.Logf("%s:\n%s\n  %s", seen[s], s, strings.Join(plan, "\n  "))
		}
		if len(bad) > 0 {
			t.Errorf("%s: full scan of %s\nSQL: %s\nplan:\n  %s", seen[s], strings.Join(bad, ", "), s, strings.Join(plan, "\n  "))
		}
		// The public look-up reads the timeline from the index alone, in
		// order: no event row, no sort (BENCHMARKS.md).
		if seen[s] == "public look-up by code" && strings.Contains(s, "dossier_events") {
			p := strings.Join(plan, "\n")
			if !strings.Contains(p, "COVERING INDEX idx_dossier_events_dossier_at") || strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("the look-up's timeline does not come from the covering index in order:\n  %s", strings.Join(plan, "\n  "))
			}
		}
	}
}
