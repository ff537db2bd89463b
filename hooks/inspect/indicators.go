package inspect

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/internal/lifecycle"
)

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
