package calendar

import (
	"testing"
	"time"
)

// fuzzCalendar is shared by fuzz iterations so provisional years are cached.
var fuzzCalendar = Default()

var (
	fuzzFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, Location).Unix()
	fuzzTo   = time.Date(2036, 1, 1, 0, 0, 0, 0, Location).Unix()
)

// FuzzDue checks, for a receipt time between 2020 and 2035 and N in 0..60,
// that the deadline never precedes the receipt, falls at closing time on a
// working day, counts N days, and moves forward as N grows; and that
// AddWorking is monotonic and inverted by WorkingDuration.
func FuzzDue(f *testing.F) {
	seeds := []struct {
		at   string
		days uint8
		work uint32
	}{
		{"2026-02-13 10:00", 3, 0},
		{"2026-02-13 17:30", 1, 600},
		{"2026-04-24 10:00", 1, 3600},
		{"2026-08-21 16:00", 1, 7 * 3600},
		{"2026-02-28 10:00", 3, 8 * 3600},
		{"2026-03-02 06:00", 0, 1},
		{"2026-03-02 12:00", 60, 90 * 3600},
		{"2035-12-31 23:59", 60, 1 << 20},
		{"2020-01-01 00:00", 5, 123},
	}
	for _, s := range seeds {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s.at, Location)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tm.Unix(), s.days, s.work)
	}
	closing := fuzzCalendar.hours.closing()
	f.Fuzz(func(t *testing.T, unix int64, days uint8, work uint32) {
		span := fuzzTo - fuzzFrom
		unix = fuzzFrom + ((unix%span)+span)%span
		received := time.Unix(unix, 0).In(Location)
		n := int(days % 61)
		c := fuzzCalendar

		check := func(dl Deadline, what string) {
			t.Helper()
			if dl.Due.Before(received) {
				t.Fatalf("%s: due %s before received %s", what, dl.Due, received)
			}
			if ok, why := c.IsWorkingDay(DateOf(dl.Due)); !ok {
				t.Fatalf("%s: due %s on a day off (%s)", what, dl.Due, why)
			}
			if h, m, _ := dl.Due.In(Location).Clock(); h != closing.Hour || m != closing.Minute {
				t.Fatalf("%s: due %s not at closing time", what, dl.Due)
			}
			if dl.Start.Before(received) || dl.Start.After(dl.Due) {
				t.Fatalf("%s: start %s outside [received %s, due %s]", what, dl.Start, received, dl.Due)
			}
		}
		dl := c.Due(received, n)
		check(dl, "Due")
		if want := max(n, 1); len(dl.Counted) != want {
			t.Fatalf("counted %d days, want %d", len(dl.Counted), want)
		}
		next := c.Due(received, n+1)
		check(next, "Due(N+1)")
		if !next.Due.After(dl.Due) {
			t.Fatalf("Due(%d) = %s not after Due(%d) = %s", n+1, next.Due, n, dl.Due)
		}
		same := c.DueSameDay(received, Clock{15, 0})
		check(same, "DueSameDay")
		if same.Due.After(c.Due(received, 1).Due) {
			t.Fatalf("same-day %s later than one working day", same.Due)
		}

		d := time.Duration(work) * time.Second
		a := c.AddWorking(received, d)
		b := c.AddWorking(received, d+time.Duration(days)*time.Minute+1)
		if a.Before(received) || b.Before(a) {
			t.Fatalf("AddWorking not monotonic: %s, %s, %s", received, a, b)
		}
		if got := c.WorkingDuration(received, a); got != d {
			t.Fatalf("WorkingDuration(AddWorking(%s, %s)) = %s", received, d, got)
		}
	})
}
