package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProjectDue(t *testing.T) {
	c := Default()
	base := at(t, "2026-03-12 17:00") // Thu
	tests := []struct {
		name   string
		pauses []Pause
		want   string
	}{
		{name: "no wait", want: "2026-03-12 17:00"},
		{name: "a wait still open does not move it yet",
			pauses: []Pause{{From: at(t, "2026-03-10 17:00")}}, want: "2026-03-12 17:00"},
		// Two working days left (Wed, Thu); back on Mon 16 at 07:00: due Tue 17 at closing.
		{name: "the time left resumes", pauses: []Pause{{From: at(t, "2026-03-10 17:00"), To: at(t, "2026-03-16 07:00")}},
			want: "2026-03-17 17:00"},
		// One hour left at the request (16:00 Thu); back Mon 16 at 09:00: the hour ends
		// at 10:00, rounded to the closing time of that day.
		{name: "a part of a day rounds to the closing time", pauses: []Pause{{From: at(t, "2026-03-12 16:00"), To: at(t, "2026-03-16 09:00")}},
			want: "2026-03-16 17:00"},
		{name: "a request after the deadline gives nothing back", pauses: []Pause{{From: at(t, "2026-03-13 08:00"), To: at(t, "2026-03-20 08:00")}},
			want: "2026-03-12 17:00"},
		{name: "a request at the deadline gives nothing back", pauses: []Pause{{From: base, To: at(t, "2026-03-20 08:00")}},
			want: "2026-03-12 17:00"},
		{name: "two waits, each its own remainder", pauses: []Pause{
			{From: at(t, "2026-03-10 17:00"), To: at(t, "2026-03-16 07:00")}, // due Tue 17 17:00
			{From: at(t, "2026-03-17 07:00"), To: at(t, "2026-03-18 07:00")}, // one day left: Wed 18 17:00
		}, want: "2026-03-18 17:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, at(t, tt.want), c.ProjectDue(base, tt.pauses))
		})
	}
}

func TestRemainingIsNegativeOnceOverrun(t *testing.T) {
	c := Default()
	due := at(t, "2026-03-12 17:00")
	assert.Equal(t, time.Hour, c.Remaining(at(t, "2026-03-12 16:00"), due))
	assert.Equal(t, -90*time.Minute, c.Remaining(at(t, "2026-03-13 08:30"), due), "Fri 07:00–08:30 overrun")
	assert.Equal(t, time.Duration(0), c.Remaining(due, due))
}

func TestClosingOf(t *testing.T) {
	c := Default()
	assert.Equal(t, at(t, "2026-03-16 17:00"), c.ClosingOf(at(t, "2026-03-16 10:00")))
	assert.Equal(t, at(t, "2026-03-16 18:30"), c.ClosingOf(at(t, "2026-03-16 18:30")), "never earlier")
}

func TestDueForSameDayOrDays(t *testing.T) {
	c := Default()
	cut := Clock{15, 0}
	assert.Equal(t, c.DueSameDay(at(t, "2026-03-16 10:00"), cut), c.DueFor(true, 5, cut, at(t, "2026-03-16 10:00")))
	assert.Equal(t, c.DueSameDay(at(t, "2026-03-16 10:00"), cut), c.DueFor(false, 0, cut, at(t, "2026-03-16 10:00")), "no limit in days")
	assert.Equal(t, c.Due(at(t, "2026-03-16 10:00"), 3), c.DueFor(false, 3, cut, at(t, "2026-03-16 10:00")))
}
