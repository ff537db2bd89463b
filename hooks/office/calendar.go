package office

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/calendar"
)

// The office calendar (lịch làm việc) is built from the `holidays` collection
// and the office hours in `office`, kept in memory (Memo) and rebuilt after
// any change of either. A change of the holidays also re-projects the
// deadlines of open dossiers, in the same transaction, each with an event
// that says so. The office profile and the procedures are kept the same way:
// every intake reads them.

// Keys of the memos in the app's store (see RegisterCalendar).
const (
	calendarKey   = "motcua.calendar"
	officeKey     = "motcua.office"
	proceduresKey = "motcua.procedures"
)

// Calendar returns the office's working-day calendar: the committed
// calendar of app (a holiday change re-projects with LoadCalendar inside its
// own transaction instead).
func Calendar(app core.App) (*calendar.Calendar, error) {
	return cachedOr(app, calendarKey, LoadCalendar)
}

// LoadCalendar reads the calendar from the database (inside a transaction, it
// sees that transaction's changes).
func LoadCalendar(app core.App) (*calendar.Calendar, error) {
	recs, err := app.FindAllRecords("holidays")
	if err != nil {
		return nil, fmt.Errorf("load holidays: %w", err)
	}
	entries := make([]calendar.Entry, 0, len(recs))
	for _, r := range recs {
		d, err := calendar.ParseDate(r.GetString("date"))
		if err != nil {
			continue // the collection's pattern keeps this from happening
		}
		entries = append(entries, calendar.Entry{
			Date: d, Kind: calendar.Kind(r.GetString("kind")), Name: r.GetString("name"),
			Official: r.GetBool("official"), Note: r.GetString("note"),
		})
	}
	hours := calendar.DefaultOfficeHours()
	if office, err := FindOffice(app); err == nil && office.GetString("office_hours") != "" {
		if h, err := calendar.ParseOfficeHours(office.GetString("office_hours")); err == nil {
			hours = h
		}
	}
	return calendar.New(entries, hours), nil
}

// FindOffice returns the office profile (one record, shared: read only).
func FindOffice(app core.App) (*core.Record, error) { return cachedOr(app, officeKey, loadOffice) }

func loadOffice(app core.App) (*core.Record, error) {
	return app.FindFirstRecordByFilter("office", "id != ''")
}

// FindProcedure returns a procedure by id (shared: read only).
func FindProcedure(app core.App, id string) (*core.Record, error) {
	all, err := cachedOr(app, proceduresKey, loadProcedures)
	if p, ok := all[id]; ok && err == nil {
		return p, nil
	}
	return app.FindRecordById("procedures", id)
}

func loadProcedures(app core.App) (map[string]*core.Record, error) {
	recs, err := app.FindAllRecords("procedures")
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*core.Record, len(recs))
	for _, r := range recs {
		byID[r.Id] = r
	}
	return byID, nil
}

// sameDayCutoff is the office's cut-off hour for same-day procedures.
func sameDayCutoff(office *core.Record, procedure *core.Record) calendar.Clock {
	for _, s := range []string{procedure.GetString("cutoff"), office.GetString("same_day_cutoff")} {
		if c, err := calendar.ParseClock(s); err == nil && s != "" {
			return c
		}
	}
	return calendar.Clock{Hour: 15}
}

// deadlineFor computes the legal deadline of a dossier of procedure received
// at received.
func deadlineFor(cal *calendar.Calendar, office, procedure *core.Record, received time.Time) calendar.Deadline {
	return cal.DueFor(procedure.GetBool("same_day"), procedure.GetInt("time_limit_days"),
		sameDayCutoff(office, procedure), received)
}

// AltLimit is an alternative time limit of a procedure with its condition
// (thời hạn có điều kiện), e.g. {5, "Trường hợp cần xác minh"} for marriage
// registration, whose standard limit is the same day. Days 0 is the same day.
type AltLimit struct {
	Days      int    `json:"days"`
	Condition string `json:"condition"`
}

// AltLimits reads a procedure's alternative time limits.
func AltLimits(procedure *core.Record) []AltLimit {
	var out []AltLimit
	if err := procedure.UnmarshalJSONField("alt_limits", &out); err != nil {
		return nil
	}
	return out
}

// LimitText writes a time limit in days for a clerk: "05 ngày làm việc".
func LimitText(days int) string {
	if days == 0 {
		return "trong ngày làm việc"
	}
	return fmt.Sprintf("%02d ngày làm việc", days)
}

// DossierDeadline is the deadline of dossier (of procedure) received at
// received, under the time limit the receiving clerk chose: the standard one,
// or the alternative time_limit_alt (1-based), whose condition the
// explanation states.
func DossierDeadline(cal *calendar.Calendar, office, procedure, dossier *core.Record, received time.Time) calendar.Deadline {
	alts, n := AltLimits(procedure), dossier.GetInt("time_limit_alt")
	if n < 1 || n > len(alts) {
		return deadlineFor(cal, office, procedure, received)
	}
	a := alts[n-1]
	dl := cal.DueFor(a.Days == 0, a.Days, sameDayCutoff(office, procedure), received)
	dl.Notes = append([]string{fmt.Sprintf("Áp dụng thời hạn có điều kiện \"%s\": %s (công chức tiếp nhận chọn khi tiếp nhận)",
		a.Condition, LimitText(a.Days))}, dl.Notes...)
	dl.NotesEN = append([]string{fmt.Sprintf("Conditional time limit \"%s\": %d working days (chosen by the receiving clerk)",
		a.Condition, a.Days)}, dl.NotesEN...)
	return dl
}

// RegisterCalendar keeps the office's calendar, the office and the
// procedures in memory, and calls reproject, in the transaction of a change
// to the holidays, to recompute the due time of every open dossier.
func RegisterCalendar(app core.App, reproject func(tx core.App, why string) error) {
	app.Store().Set(calendarKey, NewMemo(app, LoadCalendar, "holidays", "office"))
	app.Store().Set(officeKey, NewMemo(app, loadOffice, "office"))
	app.Store().Set(proceduresKey, NewMemo(app, loadProcedures, "procedures"))
	onHolidays := func(e *core.RecordEvent) error {
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return reproject(tx, "Lịch nghỉ thay đổi: "+e.Record.GetString("date")+" "+e.Record.GetString("name"))
		})
	}
	app.OnRecordCreate("holidays").BindFunc(onHolidays)
	app.OnRecordUpdate("holidays").BindFunc(onHolidays)
	app.OnRecordDelete("holidays").BindFunc(onHolidays)
}
