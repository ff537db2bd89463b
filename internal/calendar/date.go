package calendar

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the binary always knows Asia/Ho_Chi_Minh, even on a bare host
)

// Location is the office's time zone, Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
var Location = loadLocation()

func loadLocation() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// Date is a calendar day without a time of day, in office time.
// Dates are comparable with == and usable as map keys.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written as "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: invalid date %q, want YYYY-MM-DD: %w", s, err)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// ParseDateInput reads a date as a person types it: dd/mm/yyyy (as staff
// write dates) or YYYY-MM-DD; spaces around it are ignored.
func ParseDateInput(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return Date{t.Year(), t.Month(), t.Day()}, nil
	}
	return ParseDate(s)
}

// MustDate is ParseDate that panics; meant for tables and constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf is the office-time date of t.
func DateOf(t time.Time) Date {
	t = t.In(Location)
	return Date{t.Year(), t.Month(), t.Day()}
}

// String writes the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes the date as "2006-01-02", so JSON carries a plain date string.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// VN writes the date the Vietnamese way, "dd/mm/yyyy".
func (d Date) VN() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// utc is midnight UTC of d; day arithmetic is done in UTC, which has no
// daylight-saving jumps.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays is the date n days later (earlier when n < 0). Out-of-range
// fields are normalised, so Date{2026, 2, 30}.AddDays(0) is 2 March 2026.
func (d Date) AddDays(n int) Date {
	t := d.utc().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// At is the instant h:m on d in Location.
func (d Date) At(h, m int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, Location)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// FormatDate writes t as "dd/mm/yyyy" in office time.
func FormatDate(t time.Time) string {
	return t.In(Location).Format("02/01/2006")
}

// FormatDateTime writes t as "HH:MM dd/mm/yyyy" in office time, the order used
// on Vietnamese appointment slips.
func FormatDateTime(t time.Time) string {
	return t.In(Location).Format("15:04 02/01/2006")
}

// weekdayVI names a weekday in Vietnamese, capitalised as in "Thứ Bảy", "Chủ nhật".
func weekdayVI(w time.Weekday) string {
	return [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[w]
}

func monthOf(m int) time.Month { return time.Month(m) }

func itoa(n int) string { return fmt.Sprintf("%d", n) }

func itoa2(n int) string { return fmt.Sprintf("%02d", n) }
