package inspect

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/internal/inspect"
	"motcua/internal/lifecycle"
	"motcua/replica/replstate"
)

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
	// Each look-up in a dossier's events goes through its timeline,
	// (dossier, at, …): "+e.action" keeps SQLite from the (action, at) index
	// instead. Without ANALYZE's figures (a commune that never ran it, as
	// bench/gen's) it took that index for the supplement and apology
	// look-ups and read every supplement request of the office for each
	// dossier: 10 s of the 10.5 s of a province reading of a commune-year
	// of 10,000 dossiers (BENCHMARKS.md).
	var rows []dossierRow
	err := in.app.DB().NewQuery(`
		SELECT d.id, d.code, d.status, d.received_at, d.due_at, d.new_due_at, d.apology_at, d.supplement_count,
			d.rating, d.rating_followup, d.rated_at, d.channel,
			COALESCE(p.name, '') AS procedure_name,
			COALESCE((SELECT COALESCE(NULLIF(r.name, ''), r.email) FROM _superusers r WHERE r.id = d.received_by), '') AS receiver_name,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND e.from_status = 'received'
				AND +e.action IN ('transfer', 'request_supplement', 'request_withdrawal', 'stop') ORDER BY e.at LIMIT 1), '') AS first_step,
			COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e WHERE e.dossier = d.id AND +e.action = 'request_supplement'
				AND e.from_status NOT IN ('', 'submitted') ORDER BY e.at LIMIT 1), '') AS supplement,
			COALESCE(NULLIF(s.name, ''), s.email, '') AS assignee_name,
			CASE WHEN d.received_at < {:s} OR d.received_at >= {:e} THEN COALESCE((SELECT e.at || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id ORDER BY e.at LIMIT 1), '') ELSE '' END AS entered,
			CASE WHEN d.apology_at != '' THEN COALESCE((SELECT COALESCE(json_extract(e.data, '$.too_late'), 0) || '|' || e.actor_name
				FROM dossier_events e WHERE e.dossier = d.id AND +e.action = 'apologize' ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS apology,
			CASE WHEN d.status IN ` + active + ` THEN COALESCE((SELECT e.at || '|' || e.actor_name FROM dossier_events e
				WHERE e.dossier = d.id AND +e.action NOT IN ('reproject', 'rate') ORDER BY e.at DESC LIMIT 1), '') ELSE '' END AS last_step
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
	// receipt, refusal or online registration), read as one range of the
	// (action, at) index. Not "ORDER BY at": SQLite would then walk the (at)
	// index through every event of the period, a row read each to see its
	// action (a sixth of the CPU of a reading of a busy ward's year). The
	// first is picked here, in the order that walk gave: by time, then rowid.
	var entries []struct {
		RowID   int64  `db:"rid"`
		Dossier string `db:"dossier"`
		At      string `db:"at"`
		Actor   string `db:"actor_name"`
	}
	err = in.app.DB().NewQuery(`SELECT rowid AS rid, dossier, at, actor_name FROM dossier_events
		WHERE action IN ('receive', 'refuse', 'register') AND at >= {:s}`).
		Bind(dbx.Params{"s": kit.DBTime(in.period.Start())}).All(&entries)
	if err != nil {
		return input, fmt.Errorf("entries: %w", err)
	}
	first := make(map[string]int, len(entries))
	for i, x := range entries {
		j, seen := first[x.Dossier]
		if !seen || x.At < entries[j].At || (x.At == entries[j].At && x.RowID < entries[j].RowID) {
			first[x.Dossier] = i
		}
	}
	entered := make(map[string]string, len(first))
	for d, i := range first {
		entered[d] = entries[i].At + "|" + entries[i].Actor
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
