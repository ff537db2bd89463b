package public

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

// Public statistics (thống kê công khai) of the current month or year: what
// the office received and ended, how much of it on time (Decision 766: early
// and on time against late), by sector, and the citizens' satisfaction. SQL
// aggregates over dossiers, cached for a minute per period.

const statsTTL = 60 * time.Second

type statsCache struct {
	mu      sync.Mutex
	entries map[string]statsEntry
}

type statsEntry struct {
	at   time.Time
	body []byte
}

func (c *statsCache) get(key string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	en, ok := c.entries[key]
	if !ok || now.Sub(en.at) > statsTTL {
		return nil, false
	}
	return en.body, true
}

func (c *statsCache) put(key string, body []byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]statsEntry{}
	}
	c.entries[key] = statsEntry{at: now, body: body}
}

func (c *statsCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

type sectorStats struct {
	Sector   string `json:"sector"`
	Name     string `json:"name"`
	Received int    `json:"received"`
	Ended    int    `json:"ended"`
	OnTime   int    `json:"on_time"` // early + on time
	Late     int    `json:"late"`
}

type satisfaction struct {
	Rated         int      `json:"rated"`
	VerySatisfied int      `json:"very_satisfied"`
	Satisfied     int      `json:"satisfied"`
	Dissatisfied  int      `json:"dissatisfied"`
	Rate          *float64 `json:"rate"` // percent of rated that are (very) satisfied; null when none
}

type statsView struct {
	Period       string        `json:"period"`
	Label        string        `json:"label"`
	LabelEN      string        `json:"label_en"`
	From         string        `json:"from"`
	To           string        `json:"to"`
	Received     int           `json:"received"`
	Ended        int           `json:"ended"`
	Early        int           `json:"early"`
	OnTime       int           `json:"on_time"` // early + on time
	Late         int           `json:"late"`
	OnTimeRate   *float64      `json:"on_time_rate"` // percent of classified ended dossiers; null when none
	InProgress   int           `json:"in_progress"`  // open now, whatever the period
	BySector     []sectorStats `json:"by_sector"`
	Satisfaction satisfaction  `json:"satisfaction"`
	Digital      digital       `json:"digital"`
	GeneratedAt  string        `json:"generated_at"`
}

// digital is the period's online service and digitisation (Decision 766
// groups 3 and 4): of the dossiers received for procedures offered online,
// those submitted online; of all received, those with digitised papers
// (dossier_files, hooks/files); of those ended with a result, those whose
// result is digitised. Rates are null when their base is zero.
type digital struct {
	OfferedOnline    int      `json:"offered_online"`
	Online           int      `json:"online"`
	OnlineRate       *float64 `json:"online_rate"`
	Digitised        int      `json:"digitised"`
	DigitisedRate    *float64 `json:"digitised_rate"`
	Results          int      `json:"results"`
	ResultsDigitised int      `json:"results_digitised"`
	ResultsRate      *float64 `json:"results_rate"`
}

// digitalStats fills st.Digital for the period of params.
func digitalStats(app core.App, st *statsView, params dbx.Params) error {
	var in struct {
		Offered   int `db:"offered"`
		Online    int `db:"online"`
		Digitised int `db:"digitised"`
	}
	err := app.DB().NewQuery(`
		SELECT COALESCE(SUM(p.online_level IN ('partial', 'full')), 0) AS offered,
			COALESCE(SUM(p.online_level IN ('partial', 'full') AND d.channel = 'online'), 0) AS online,
			COALESCE(SUM(EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier = d.id AND f.role = 'submitted')), 0) AS digitised
		FROM dossiers d JOIN procedures p ON p.id = d.procedure
		WHERE d.received_at >= {:from} AND d.received_at < {:to} AND d.status != 'refused'`).Bind(params).One(&in)
	if err != nil {
		return fmt.Errorf("stats digital: %w", err)
	}
	var out struct {
		Results   int `db:"results"`
		Digitised int `db:"digitised"`
	}
	err = app.DB().NewQuery(`
		SELECT COUNT(*) AS results,
			COALESCE(SUM(EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier = d.id AND f.role = 'result')), 0) AS digitised
		FROM dossiers d
		WHERE d.ended_at >= {:from} AND d.ended_at < {:to} AND d.status IN ('decided', 'returned')`).Bind(params).One(&out)
	if err != nil {
		return fmt.Errorf("stats results: %w", err)
	}
	st.Digital = digital{OfferedOnline: in.Offered, Online: in.Online, OnlineRate: percent(in.Online, in.Offered),
		Digitised: in.Digitised, DigitisedRate: percent(in.Digitised, st.Received),
		Results: out.Results, ResultsDigitised: out.Digitised, ResultsRate: percent(out.Digitised, out.Results)}
	return nil
}

// periodBounds is [from, to) of the current month or year in office time.
func periodBounds(period string, now time.Time) (from, to time.Time) {
	t := now.In(calendar.Location)
	if period == "year" {
		from = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, calendar.Location)
		return from, from.AddDate(1, 0, 0)
	}
	from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, calendar.Location)
	return from, from.AddDate(0, 1, 0)
}

func percent(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	v := math.Round(float64(part)*1000/float64(whole)) / 10
	return &v
}

// GET /api/motcua/stats?period=month|year
func (p *site) viewStats(e *core.RequestEvent) error {
	period := e.Request.URL.Query().Get("period")
	switch period {
	case "":
		period = "month"
	case "month", "year":
	default:
		return e.BadRequestError("Kỳ thống kê không hợp lệ: chọn month (tháng này) hoặc year (năm nay).", nil)
	}
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	now := time.Now()
	if body, ok := p.stats.get(period, now); ok {
		return e.Blob(http.StatusOK, "application/json", body)
	}
	st, err := p.computeStats(e.App, period, now)
	if err != nil {
		return e.InternalServerError("Không tải được số liệu thống kê lúc này.", err)
	}
	body, err := json.Marshal(st)
	if err != nil {
		return err
	}
	p.stats.put(period, body, now)
	return e.Blob(http.StatusOK, "application/json", body)
}

func (p *site) computeStats(app core.App, period string, now time.Time) (*statsView, error) {
	from, to := periodBounds(period, now)
	local := now.In(calendar.Location)
	st := &statsView{
		Period: period, From: from.Format("2006-01-02"), To: to.AddDate(0, 0, -1).Format("2006-01-02"),
		BySector: []sectorStats{}, GeneratedAt: local.Format(time.RFC3339),
	}
	if period == "year" {
		st.Label, st.LabelEN = fmt.Sprintf("Năm %d", local.Year()), fmt.Sprintf("Year %d", local.Year())
	} else {
		st.Label = fmt.Sprintf("Tháng %02d/%d", int(local.Month()), local.Year())
		st.LabelEN = fmt.Sprintf("%s %d", local.Month(), local.Year())
	}
	params := dbx.Params{"from": kit.DBTime(from), "to": kit.DBTime(to)}

	type row struct {
		Sector   string `db:"sector"`
		Received int    `db:"received"`
		Ended    int    `db:"ended"`
		Early    int    `db:"early"`
		OnTime   int    `db:"on_time"`
		Late     int    `db:"late"`
	}
	var received, ended []row
	err := app.DB().NewQuery(`
		SELECT p.sector AS sector, COUNT(*) AS received
		FROM dossiers d JOIN procedures p ON p.id = d.procedure
		WHERE d.received_at >= {:from} AND d.received_at < {:to} AND d.status != 'refused'
		GROUP BY p.sector`).Bind(params).All(&received)
	if err != nil {
		return nil, fmt.Errorf("stats received: %w", err)
	}
	err = app.DB().NewQuery(`
		SELECT p.sector AS sector, COUNT(*) AS ended,
			COALESCE(SUM(d.result_class = 'early'), 0) AS early,
			COALESCE(SUM(d.result_class = 'on_time'), 0) AS on_time,
			COALESCE(SUM(d.result_class = 'late'), 0) AS late
		FROM dossiers d JOIN procedures p ON p.id = d.procedure
		WHERE d.ended_at >= {:from} AND d.ended_at < {:to} AND d.result_class != ''
		GROUP BY p.sector`).Bind(params).All(&ended)
	if err != nil {
		return nil, fmt.Errorf("stats ended: %w", err)
	}

	bySector := map[string]*sectorStats{}
	c := p.catalogue()
	for _, s := range c.sectors {
		bySector[s.ID] = &sectorStats{Sector: s.ID, Name: s.Name}
	}
	at := func(id string) *sectorStats {
		if s, ok := bySector[id]; ok {
			return s
		}
		s := &sectorStats{Sector: id, Name: "Khác"}
		bySector[id] = s
		return s
	}
	for _, r := range received {
		at(r.Sector).Received += r.Received
		st.Received += r.Received
	}
	for _, r := range ended {
		s := at(r.Sector)
		s.Ended += r.Ended
		s.OnTime += r.Early + r.OnTime
		s.Late += r.Late
		st.Ended += r.Ended
		st.Early += r.Early
		st.OnTime += r.Early + r.OnTime
		st.Late += r.Late
	}
	st.OnTimeRate = percent(st.OnTime, st.OnTime+st.Late)
	if err := digitalStats(app, st, params); err != nil {
		return nil, err
	}
	for _, s := range c.sectors {
		if x := bySector[s.ID]; x.Received+x.Ended > 0 {
			st.BySector = append(st.BySector, *x)
		}
		delete(bySector, s.ID)
	}
	for _, x := range bySector {
		st.BySector = append(st.BySector, *x)
	}

	var ratings []struct {
		Rating string `db:"rating"`
		N      int    `db:"n"`
	}
	err = app.DB().NewQuery(`
		SELECT rating, COUNT(*) AS n FROM dossiers
		WHERE rating != '' AND rated_at >= {:from} AND rated_at < {:to}
		GROUP BY rating`).Bind(params).All(&ratings)
	if err != nil {
		return nil, fmt.Errorf("stats ratings: %w", err)
	}
	for _, r := range ratings {
		switch r.Rating {
		case "very_satisfied":
			st.Satisfaction.VerySatisfied = r.N
		case "satisfied":
			st.Satisfaction.Satisfied = r.N
		case "dissatisfied":
			st.Satisfaction.Dissatisfied = r.N
		}
		st.Satisfaction.Rated += r.N
	}
	st.Satisfaction.Rate = percent(st.Satisfaction.VerySatisfied+st.Satisfaction.Satisfied, st.Satisfaction.Rated)

	var open []any
	for _, s := range lifecycle.Statuses {
		if s.Open() {
			open = append(open, string(s))
		}
	}
	var n struct {
		N int `db:"n"`
	}
	if err := app.DB().Select("COUNT(*) AS n").From("dossiers").Where(dbx.In("status", open...)).
		AndWhere(dbx.NewExp("received_at != ''")).One(&n); err != nil {
		return nil, fmt.Errorf("stats open: %w", err)
	}
	st.InProgress = n.N
	return st, nil
}
