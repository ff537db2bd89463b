package calendar

import "time"

// WorkingDuration is the office working time between from and to: the time
// inside the sessions of working days. It is 0 when to is not after from.
// With AddWorking it pauses and resumes a deadline while the office waits for
// the citizen's supplement:
//
//	remaining := c.WorkingDuration(pausedAt, oldDue)
//	newDue := c.AddWorking(resumedAt, remaining)
func (c *Calendar) WorkingDuration(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var total time.Duration
	last := DateOf(to)
	for d := DateOf(from); !d.After(last); d = d.AddDays(1) {
		if !c.working(d) {
			continue
		}
		for _, s := range c.hours.Sessions {
			a, b := s.Open.On(d), s.Close.On(d)
			if a.Before(from) {
				a = from
			}
			if b.After(to) {
				b = to
			}
			if b.After(a) {
				total += b.Sub(a)
			}
		}
	}
	return total
}

// AddWorking is the instant reached after d of office working time from
// from, in Location. When d is used up exactly at the end of a session the
// result is that closing time, not the next opening, so
// AddWorking(from, WorkingDuration(from, due)) is due for a due at closing
// time. d <= 0 moves from to the next working instant: from itself inside a
// session, else the next session's opening. The result never decreases as d
// grows.
func (c *Calendar) AddWorking(from time.Time, d time.Duration) time.Time {
	d = max(d, 0)
	t := from.In(Location)
	day := DateOf(t)
	if !c.working(day) {
		day = c.nextWorkingDay(day)
		t = day.At(0, 0)
	}
	for {
		for _, s := range c.hours.Sessions {
			a, b := s.Open.On(day), s.Close.On(day)
			if !b.After(t) {
				continue
			}
			if a.After(t) {
				t = a
			}
			if d <= b.Sub(t) {
				return t.Add(d)
			}
			d -= b.Sub(t)
			t = b
		}
		day = c.nextWorkingDay(day)
		t = day.At(0, 0)
	}
}
