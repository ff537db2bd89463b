package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWorkingDuration(t *testing.T) {
	c := Default()
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-03-02 07:00", "2026-03-02 17:00", 8 * time.Hour},
		{"2026-03-02 10:00", "2026-03-05 17:00", 29 * time.Hour},   // 5 h + 3 × 8 h
		{"2026-03-02 11:00", "2026-03-02 14:00", time.Hour},        // 11:00–11:30 and 13:30–14:00
		{"2026-03-02 12:00", "2026-03-02 13:00", 0},                // lunch break
		{"2026-02-13 16:00", "2026-02-23 08:00", 2 * time.Hour},    // Tết in between
		{"2026-08-21 17:00", "2026-08-24 07:00", 8 * time.Hour},    // the make-up Saturday
		{"2026-03-05 17:00", "2026-03-02 10:00", 0},                // backwards
		{"2026-02-28 10:00", "2026-03-01 10:00", 0},                // weekend
		{"2026-03-02 06:00", "2026-03-02 07:30", 30 * time.Minute}, // before opening
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.WorkingDuration(at(t, tt.from), at(t, tt.to)), "%s → %s", tt.from, tt.to)
	}
}

func TestAddWorking(t *testing.T) {
	c := Default()
	tests := []struct {
		from string
		d    time.Duration
		want string
	}{
		{"2026-03-02 10:00", 0, "2026-03-02 10:00"},
		{"2026-03-02 12:00", 0, "2026-03-02 13:30"}, // lunch: next opening
		{"2026-03-02 17:00", 0, "2026-03-03 07:00"}, // closing: next opening
		{"2026-02-28 10:00", 0, "2026-03-02 07:00"}, // Saturday
		{"2026-03-02 11:00", 30 * time.Minute, "2026-03-02 11:30"},
		{"2026-03-02 11:00", 31 * time.Minute, "2026-03-02 13:31"},
		{"2026-03-02 10:00", 29 * time.Hour, "2026-03-05 17:00"},
		{"2026-03-02 10:00", 21 * time.Hour, "2026-03-04 17:00"},
		{"2026-02-13 16:00", 2 * time.Hour, "2026-02-23 08:00"},
		{"2026-08-21 16:00", 2 * time.Hour, "2026-08-22 08:00"},
		{"2026-03-02 10:00", -time.Hour, "2026-03-02 10:00"},
	}
	for _, tt := range tests {
		assert.Equal(t, at(t, tt.want), c.AddWorking(at(t, tt.from), tt.d), "%s + %s", tt.from, tt.d)
	}
}

func TestPauseAndResume(t *testing.T) {
	c := Default()
	// Received Monday 2 March 2026 10:00, 3 working days: due Thursday 5 March 17:00.
	dl := c.Due(at(t, "2026-03-02 10:00"), 3)
	assert.Equal(t, at(t, "2026-03-05 17:00"), dl.Due)

	// A supplement is requested Tuesday 10:00; 21 working hours are left.
	remaining := c.WorkingDuration(at(t, "2026-03-03 10:00"), dl.Due)
	assert.Equal(t, 21*time.Hour, remaining)

	// The citizen brings it Friday 14:00: 3 h Friday, 8 h Monday, 8 h Tuesday, 2 h Wednesday.
	assert.Equal(t, at(t, "2026-03-11 09:00"), c.AddWorking(at(t, "2026-03-06 14:00"), remaining))

	// Paused the Friday before Tết at 16:00, resumed the next morning: Tết does not count.
	dl = c.Due(at(t, "2026-02-12 09:00"), 2) // due Monday 23 February
	assert.Equal(t, at(t, "2026-02-23 17:00"), dl.Due)
	remaining = c.WorkingDuration(at(t, "2026-02-13 16:00"), dl.Due)
	assert.Equal(t, 9*time.Hour, remaining)
	assert.Equal(t, at(t, "2026-02-24 08:00"), c.AddWorking(at(t, "2026-02-23 07:00"), remaining))

	// Resuming at once gives the same deadline back: the inverse lands on closing time.
	paused := at(t, "2026-03-03 10:00")
	due := at(t, "2026-03-05 17:00")
	assert.Equal(t, due, c.AddWorking(paused, c.WorkingDuration(paused, due)))
}
