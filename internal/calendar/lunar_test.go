package calendar

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLunarNewYearAndHungKings(t *testing.T) {
	// Tết (1/1 lunar) and Giỗ Tổ (10/3 lunar) as printed in Vietnamese calendars.
	// 2030: 2 February in Vietnam (UTC+7), 3 February in China (UTC+8).
	tests := []struct {
		year       int
		tet, gioTo string
		leapMonth  int
	}{
		{2020, "2020-01-25", "2020-04-02", 4},
		{2021, "2021-02-12", "2021-04-21", 0},
		{2022, "2022-02-01", "2022-04-10", 0},
		{2023, "2023-01-22", "2023-04-29", 2},
		{2024, "2024-02-10", "2024-04-18", 0},
		{2025, "2025-01-29", "2025-04-07", 6},
		{2026, "2026-02-17", "2026-04-26", 0},
		{2027, "2027-02-06", "2027-04-16", 0},
		{2028, "2028-01-26", "2028-04-04", 5},
		{2029, "2029-02-13", "2029-04-23", 0},
		{2030, "2030-02-02", "2030-04-12", 0},
	}
	for _, tt := range tests {
		tet, ok := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: tt.year})
		require.True(t, ok)
		assert.Equal(t, tt.tet, tet.String(), "Tết %d", tt.year)
		assert.Equal(t, LunarDate{Day: 1, Month: 1, Year: tt.year}, SolarToLunar(MustDate(tt.tet)))

		gioTo, ok := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: tt.year})
		require.True(t, ok)
		assert.Equal(t, tt.gioTo, gioTo.String(), "Giỗ Tổ %d", tt.year)

		assert.Equal(t, tt.leapMonth, LeapMonth(tt.year), "leap month %d", tt.year)
	}
}

func TestLunarDates(t *testing.T) {
	tests := []struct {
		solar string
		lunar LunarDate
	}{
		{"2020-05-23", LunarDate{1, 4, 2020, true}},   // first day of 4 nhuận
		{"2020-05-22", LunarDate{30, 4, 2020, false}}, // the day before
		{"2023-03-22", LunarDate{1, 2, 2023, true}},   // 2 nhuận
		{"2023-03-21", LunarDate{30, 2, 2023, false}},
		{"2023-04-20", LunarDate{1, 3, 2023, false}},
		{"2025-07-25", LunarDate{1, 6, 2025, true}}, // 6 nhuận
		{"2028-07-01", LunarDate{9, 5, 2028, true}}, // 5 nhuận
		{"2028-07-31", LunarDate{10, 6, 2028, false}},
		{"2026-02-16", LunarDate{29, 12, 2025, false}}, // last day of Ất Tỵ
		{"2030-02-01", LunarDate{29, 12, 2029, false}}, // eve of Tết 2030
		{"2025-01-01", LunarDate{2, 12, 2024, false}},
	}
	for _, tt := range tests {
		d := MustDate(tt.solar)
		assert.Equal(t, tt.lunar, SolarToLunar(d), tt.solar)
		back, ok := LunarToSolar(tt.lunar)
		assert.True(t, ok, tt.solar)
		assert.Equal(t, d, back, tt.solar)
	}
}

func TestLunarToSolarInvalid(t *testing.T) {
	tests := []struct {
		name  string
		lunar LunarDate
	}{
		{"no leap month in 2026", LunarDate{1, 4, 2026, true}},
		{"2025 leaps month 6, not 5", LunarDate{1, 5, 2025, true}},
		{"day 30 of a 29-day month", LunarDate{30, 12, 2025, false}},
		{"day 30 of leap month 4 of 2020", LunarDate{30, 4, 2020, true}},
		{"month 13", LunarDate{1, 13, 2026, false}},
		{"day 0", LunarDate{0, 1, 2026, false}},
		{"day 31", LunarDate{31, 1, 2026, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := LunarToSolar(tt.lunar)
			assert.False(t, ok)
		})
	}
}

func TestLunarRoundTrip2020To2030(t *testing.T) {
	prev := SolarToLunar(MustDate("2019-12-31"))
	for d := MustDate("2020-01-01"); d.Year <= 2030; d = d.AddDays(1) {
		l := SolarToLunar(d)
		back, ok := LunarToSolar(l)
		require.True(t, ok, "%s -> %s", d, l)
		require.Equal(t, d, back, "%s -> %s", d, l)
		require.Equal(t, l, SolarToLunar(back))
		// Days follow each other: the next day, or day 1 of the next month.
		if l.Day != 1 {
			require.Equal(t, prev.Day+1, l.Day, "%s", d)
		} else {
			require.Contains(t, []int{29, 30}, prev.Day, "%s", d)
		}
		prev = l
	}
}

func TestLunarDateString(t *testing.T) {
	assert.Equal(t, "01/04 nhuận/2020 ÂL", LunarDate{1, 4, 2020, true}.String())
	assert.Equal(t, "10/03/2026 ÂL", LunarDate{10, 3, 2026, false}.String())
}
