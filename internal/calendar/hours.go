package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Clock is a time of day in office time, e.g. 15:00, the usual cut-off for
// same-day procedures.
type Clock struct{ Hour, Minute int }

// ParseClock reads "HH:MM" (also "H:MM"), 00:00 to 24:00.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	var c Clock
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return c, fmt.Errorf("calendar: invalid time %q, want HH:MM", s)
	}
	var ok1, ok2 bool
	c.Hour, ok1 = digits(h)
	c.Minute, ok2 = digits(m)
	if !ok1 || !ok2 {
		return Clock{}, fmt.Errorf("calendar: invalid time %q, want HH:MM", s)
	}
	if c.Hour < 0 || c.Minute < 0 || c.Minute > 59 || c.Hour > 24 || (c.Hour == 24 && c.Minute != 0) {
		return c, fmt.Errorf("calendar: time %q out of range 00:00–24:00", s)
	}
	return c, nil
}

// digits reads a non-empty run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, s != ""
}

// MarshalText writes the clock as "HH:MM", also in JSON.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// String writes the clock as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// minutes is the number of minutes since midnight.
func (c Clock) minutes() int { return c.Hour*60 + c.Minute }

// On is the instant c on day d.
func (c Clock) On(d Date) time.Time { return d.At(c.Hour, c.Minute) }

// IsZero reports whether c is 00:00, which DueSameDay reads as "no cut-off".
func (c Clock) IsZero() bool { return c == Clock{} }

// Session is one opening of the office on a working day, e.g. 07:00–11:30.
type Session struct{ Open, Close Clock }

// String writes the session as "07:00-11:30".
func (s Session) String() string { return s.Open.String() + "-" + s.Close.String() }

// OfficeHours says when the office receives dossiers: the sessions of a
// working day and the ordinary working weekdays.
type OfficeHours struct {
	Sessions []Session      // default 07:00–11:30, 13:30–17:00
	Weekdays []time.Weekday // default Monday–Friday
}

// DefaultOfficeHours is Monday–Friday 07:00–11:30 and 13:30–17:00, the hours
// most commune offices post.
func DefaultOfficeHours() OfficeHours {
	return OfficeHours{
		Sessions: []Session{{Clock{7, 0}, Clock{11, 30}}, {Clock{13, 30}, Clock{17, 0}}},
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	}
}

// ParseOfficeHours reads sessions written as "07:00-11:30,13:30-17:00"
// (spaces and an en dash are accepted). Sessions must be in order and must
// not overlap. Weekdays are Monday–Friday.
func ParseOfficeHours(s string) (OfficeHours, error) {
	h := OfficeHours{Weekdays: DefaultOfficeHours().Weekdays}
	if strings.TrimSpace(s) == "" {
		return h, fmt.Errorf("calendar: office hours are empty, want e.g. \"07:00-11:30,13:30-17:00\"")
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.ReplaceAll(strings.TrimSpace(part), "–", "-")
		open, closing, ok := strings.Cut(part, "-")
		if !ok {
			return h, fmt.Errorf("calendar: office session %q has no dash, want e.g. \"07:00-11:30\"", part)
		}
		o, err := ParseClock(open)
		if err != nil {
			return h, fmt.Errorf("calendar: office session %q: %w", part, err)
		}
		c, err := ParseClock(closing)
		if err != nil {
			return h, fmt.Errorf("calendar: office session %q: %w", part, err)
		}
		h.Sessions = append(h.Sessions, Session{o, c})
	}
	return h, h.Validate()
}

// Validate checks that there is at least one session and one weekday, that
// each session closes after it opens, and that sessions are in order without
// overlapping.
func (h OfficeHours) Validate() error {
	if len(h.Sessions) == 0 {
		return fmt.Errorf("calendar: office hours have no session")
	}
	if len(h.Weekdays) == 0 {
		return fmt.Errorf("calendar: office hours have no working weekday")
	}
	for i, s := range h.Sessions {
		if s.Close.minutes() <= s.Open.minutes() {
			return fmt.Errorf("calendar: office session %s closes before it opens", s)
		}
		if i > 0 && s.Open.minutes() < h.Sessions[i-1].Close.minutes() {
			return fmt.Errorf("calendar: office session %s starts before %s ends", s, h.Sessions[i-1])
		}
	}
	return nil
}

// String writes the sessions as ParseOfficeHours reads them.
func (h OfficeHours) String() string {
	parts := make([]string, len(h.Sessions))
	for i, s := range h.Sessions {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// normalized returns a copy with defaults for empty fields and sessions sorted.
func (h OfficeHours) normalized() OfficeHours {
	def := DefaultOfficeHours()
	out := OfficeHours{Sessions: slices.Clone(h.Sessions), Weekdays: slices.Clone(h.Weekdays)}
	if len(out.Sessions) == 0 {
		out.Sessions = def.Sessions
	}
	if len(out.Weekdays) == 0 {
		out.Weekdays = def.Weekdays
	}
	slices.SortFunc(out.Sessions, func(a, b Session) int { return a.Open.minutes() - b.Open.minutes() })
	return out
}

func (h OfficeHours) opening() Clock { return h.Sessions[0].Open }

func (h OfficeHours) closing() Clock { return h.Sessions[len(h.Sessions)-1].Close }
