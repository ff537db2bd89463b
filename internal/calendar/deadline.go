package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Skip is a day the count passed over, and why (a weekend, a holiday, a
// substitute day off).
type Skip struct {
	Date     Date
	Reason   string // Vietnamese, e.g. "Thứ Bảy", "Tết Nguyên đán"
	ReasonEN string // English, e.g. "Saturday", "Lunar New Year (Tết)"
}

// Deadline is an appointment date (ngày hẹn trả kết quả) with everything
// needed to explain it.
type Deadline struct {
	Received time.Time // as given
	Start    time.Time // effective start: Received, or the next opening when received outside office hours
	Due      time.Time // closing time of the last counted day, in Location
	Days     int       // N working days (0 for same-day)
	SameDay  bool
	Counted  []Date   // the working days counted; for N = 0 or same-day, the day of the appointment
	Skipped  []Skip   // non-working days passed over, with reasons, in date order
	Notes    []string // Vietnamese sentences about the receipt, e.g. "Nhận sau 15:00: hẹn ngày làm việc tiếp theo"
	NotesEN  []string // the same notes in English
}

// Due is the deadline of a procedure of days working days: the closing time
// of the last session of the days-th working day after the receipt day.
//
// The receipt day is the day received falls on when it is a working day and
// received is before closing time; a dossier received before opening counts
// from that day's opening, and one received during the lunch break counts as
// received that day. A dossier received after closing or on a day off counts
// from the next working day's opening, which becomes the receipt day. So
// Monday 10:00 with 3 days is due Thursday 17:00, and a Saturday receipt is
// treated as Monday 07:00, also due Thursday 17:00.
//
// days == 0 is due at the closing time of the receipt day; negative days count
// as 0.
func (c *Calendar) Due(received time.Time, days int) Deadline {
	days = max(days, 0)
	dl := Deadline{Received: received, Days: days}
	day, _ := c.begin(&dl)
	if days == 0 {
		dl.Counted = []Date{day}
	}
	for range days {
		day = c.step(&dl, day)
		dl.Counted = append(dl.Counted, day)
	}
	dl.Due = c.hours.closing().On(day)
	return dl
}

// DueSameDay is the deadline of a same-day procedure (trả trong ngày): the
// closing time of the receipt day (as in Due), or of the next working day when
// the dossier arrived on a working day during office hours after cutoff, e.g.
// 15:00. A receipt at exactly the cut-off time is still on time. A zero cutoff
// (00:00) means no cut-off.
func (c *Calendar) DueSameDay(received time.Time, cutoff Clock) Deadline {
	dl := Deadline{Received: received, SameDay: true}
	day, inHours := c.begin(&dl)
	if inHours && !cutoff.IsZero() && received.After(cutoff.On(day)) {
		dl.Notes = append(dl.Notes, fmt.Sprintf("Nhận sau %s: hẹn ngày làm việc tiếp theo", cutoff))
		dl.NotesEN = append(dl.NotesEN, fmt.Sprintf("Received after %s: due the next working day", cutoff))
		day = c.step(&dl, day)
	}
	dl.Counted = []Date{day}
	dl.Due = c.hours.closing().On(day)
	return dl
}

// begin sets Start and the receipt notes and returns the receipt day;
// inHours is false when the receipt was moved to a later opening (received
// before opening, after closing or on a day off).
func (c *Calendar) begin(dl *Deadline) (day Date, inHours bool) {
	r := dl.Received.In(Location)
	day = DateOf(r)
	open := c.hours.opening()
	if c.working(day) && r.Before(c.hours.closing().On(day)) {
		switch {
		case r.Before(open.On(day)):
			dl.Start = open.On(day)
			dl.Notes = append(dl.Notes, fmt.Sprintf("Nhận trước giờ làm việc: tính từ %s ngày %s", open, day.VN()))
			dl.NotesEN = append(dl.NotesEN, fmt.Sprintf("Received before office hours: counting from %s on %s", open, day.VN()))
			return day, false
		case !c.inSession(r, day):
			dl.Start = r
			dl.Notes = append(dl.Notes, fmt.Sprintf("Nhận trong giờ nghỉ giữa ca: tính là nhận trong ngày %s", day.VN()))
			dl.NotesEN = append(dl.NotesEN, fmt.Sprintf("Received during the midday break: counted as received on %s", day.VN()))
			return day, true
		}
		dl.Start = r
		return day, true
	}
	if !c.working(day) {
		c.skip(dl, day)
	}
	day = c.step(dl, day)
	dl.Start = open.On(day)
	dl.Notes = append(dl.Notes, fmt.Sprintf("Nhận ngoài giờ làm việc: tính từ %s ngày %s", open, day.VN()))
	dl.NotesEN = append(dl.NotesEN, fmt.Sprintf("Received outside office hours: counting from %s on %s", open, day.VN()))
	return day, false
}

// step returns the next working day after d, recording the days off between.
func (c *Calendar) step(dl *Deadline, d Date) Date {
	for range maxSearchDays {
		d = d.AddDays(1)
		if c.working(d) {
			return d
		}
		c.skip(dl, d)
	}
	panic("calendar: no working day within ten years after " + d.String())
}

func (c *Calendar) skip(dl *Deadline, d Date) {
	_, vi, en := c.dayStatus(d)
	dl.Skipped = append(dl.Skipped, Skip{Date: d, Reason: vi, ReasonEN: en})
}

// inSession reports whether t is inside one of the sessions of day d.
func (c *Calendar) inSession(t time.Time, d Date) bool {
	for _, s := range c.hours.Sessions {
		if !t.Before(s.Open.On(d)) && t.Before(s.Close.On(d)) {
			return true
		}
	}
	return false
}

// Explain tells, in Vietnamese and one fact a line, how the deadline was
// reached: receipt, notes, the time limit, the days counted, the days skipped
// and why, and the appointment.
func (d Deadline) Explain() string { return d.explain(explainVI, d.Notes) }

// ExplainEN is Explain in English.
func (d Deadline) ExplainEN() string { return d.explain(explainEN, d.NotesEN) }

// explainWords are the phrases of an explanation in one language.
type explainWords struct {
	received, note, sameDay, dayOf, limit, counted, skipped, due string
	weekday                                                      func(time.Weekday) string
	reason                                                       func(Skip) string
}

var explainVI = explainWords{
	received: "Nhận hồ sơ", note: "Ghi chú",
	sameDay: "Thời hạn giải quyết: trong ngày làm việc", dayOf: "Thời hạn giải quyết: trong ngày nhận hồ sơ",
	limit:   "Thời hạn giải quyết: %d ngày làm việc, tính từ ngày làm việc sau ngày nhận",
	counted: "Ngày làm việc được tính", skipped: "Ngày không tính (ngày nghỉ):", due: "Hẹn trả kết quả",
	weekday: weekdayVI, reason: func(s Skip) string { return s.Reason },
}

var explainEN = explainWords{
	received: "Received", note: "Note",
	sameDay: "Time limit: same working day", dayOf: "Time limit: the day of receipt",
	limit:   "Time limit: %d working days, counted from the working day after receipt",
	counted: "Working days counted", skipped: "Days not counted (days off):", due: "Due",
	weekday: time.Weekday.String, reason: func(s Skip) string { return s.ReasonEN },
}

func (d Deadline) explain(w explainWords, notes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)\n", w.received, FormatDateTime(d.Received), w.weekday(DateOf(d.Received).Weekday()))
	for _, n := range notes {
		fmt.Fprintf(&b, "%s: %s\n", w.note, n)
	}
	switch {
	case d.SameDay:
		b.WriteString(w.sameDay + "\n")
	case d.Days == 0:
		b.WriteString(w.dayOf + "\n")
	default:
		fmt.Fprintf(&b, w.limit+"\n", d.Days)
		fmt.Fprintf(&b, "%s: %s\n", w.counted, joinDates(d.Counted))
	}
	if len(d.Skipped) > 0 {
		b.WriteString(w.skipped + "\n")
		for _, s := range d.Skipped {
			fmt.Fprintf(&b, "  - %s (%s): %s\n", s.Date.VN(), w.weekday(s.Date.Weekday()), w.reason(s))
		}
	}
	fmt.Fprintf(&b, "%s: %s (%s)", w.due, FormatDateTime(d.Due), w.weekday(DateOf(d.Due).Weekday()))
	return b.String()
}

func joinDates(ds []Date) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.VN()
	}
	return strings.Join(parts, ", ")
}
