package calendar

import "time"

// DueFor is the one deadline rule, for dossiers and for the public page's
// "due if submitted now": a same-day procedure, or one with no time limit in
// days, is due the same day (the next working day after the cut-off); the
// others at the close of the N-th working day.
func (c *Calendar) DueFor(sameDay bool, days int, cutoff Clock, received time.Time) Deadline {
	if sameDay || days == 0 {
		return c.DueSameDay(received, cutoff)
	}
	return c.Due(received, days)
}

// Pause is a wait for the citizen's supplement: from the request to the
// receipt of the supplement (To is zero while the wait goes on).
type Pause struct{ From, To time.Time }

// ProjectDue is the due time of a dossier: the legal deadline base, moved by
// each finished wait for a supplement. Only the working time that had not
// yet run out when the supplement was asked for resumes when it arrives (to
// the closing time of the day it lands on): the time for the request is not
// counted in the time limit (Decree 118/2025/NĐ-CP, as Decree 61/2018
// Art. 20 cl. 3), but a wait never gives back time already overrun, so a
// deadline that had passed at the request stays where it was and the dossier
// stays late (the remaining time is then negative: see Remaining).
func (c *Calendar) ProjectDue(base time.Time, pauses []Pause) time.Time {
	due := base
	for _, p := range pauses {
		if p.To.IsZero() {
			continue
		}
		due = c.ResumeDue(due, p)
	}
	return due
}

// ResumeDue is the due time after one finished wait p of a dossier due at due.
func (c *Calendar) ResumeDue(due time.Time, p Pause) time.Time {
	if c.Remaining(p.From, due) <= 0 {
		return due
	}
	return c.ClosingOf(c.AddWorking(p.To, c.WorkingDuration(p.From, due)))
}

// Remaining is the working time left at t before due: negative, the working
// time overrun, once due has passed.
func (c *Calendar) Remaining(t, due time.Time) time.Duration {
	if t.Before(due) {
		return c.WorkingDuration(t, due)
	}
	return -c.WorkingDuration(due, t)
}

// ClosingOf moves t to the closing time of its day, if t is earlier.
func (c *Calendar) ClosingOf(t time.Time) time.Time {
	sessions := c.Hours().Sessions
	if len(sessions) == 0 {
		return t
	}
	last := sessions[len(sessions)-1].Close
	end := DateOf(t).At(last.Hour, last.Minute)
	if end.Before(t) {
		return t
	}
	return end
}
