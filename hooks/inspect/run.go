package inspect

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/office"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
	"motcua/internal/lifecycle"
)

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

func newInspection(app core.App, opts Options) (*inspection, error) {
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

// Run runs every rule now, stores the findings (new ones opened,
// those seen again updated, cleared ones resolved) and returns the report of
// the period with the open findings.
func Run(app core.App, opts Options) (*inspect.Report, error) {
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

// ReadOnly runs every rule as Run does but stores nothing:
// the province view inspects restored copies of communes with it.
func ReadOnly(app core.App, opts Options) (*inspect.Report, inspect.Result, error) {
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

// Report is the report of a period without running the rules: the
// indicators and the findings open now.
func Report(app core.App, opts Options) (*inspect.Report, error) {
	in, ind, err := prepareInspection(app, opts)
	if err != nil {
		return nil, err
	}
	return in.report(ind, auditState(app))
}

// prepareInspection reads the settings and computes the period's indicators,
// the common start of a run and of a report.
func prepareInspection(app core.App, opts Options) (*inspection, inspect.Indicators, error) {
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
