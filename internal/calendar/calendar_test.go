package calendar

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-02-28")
	require.NoError(t, err)
	assert.Equal(t, Date{2026, time.February, 28}, d)
	assert.Equal(t, "2026-03-01", d.AddDays(1).String())
	assert.Equal(t, "2026-02-27", d.AddDays(-1).String())
	assert.Equal(t, time.Saturday, d.Weekday())
	assert.Equal(t, "28/02/2026", d.VN())
	assert.True(t, d.Before(d.AddDays(1)))
	assert.True(t, d.AddDays(1).After(d))
	assert.Equal(t, 0, d.Compare(d))

	at := d.At(7, 30)
	assert.Equal(t, "07:30 28/02/2026", FormatDateTime(at))
	assert.Equal(t, "28/02/2026", FormatDate(at))
	// 20:00 UTC is already the next day in Vietnam.
	assert.Equal(t, "2026-03-01", DateOf(time.Date(2026, 2, 28, 20, 0, 0, 0, time.UTC)).String())

	js, err := json.Marshal(Skip{Date: d, Reason: "Thứ Bảy"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Date":"2026-02-28","Reason":"Thứ Bảy","ReasonEN":""}`, string(js))
	var back Skip
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, d, back.Date)

	_, err = ParseDate("28/02/2026")
	assert.ErrorContains(t, err, "28/02/2026")
	_, offset := at.Zone()
	assert.Equal(t, 7*3600, offset)
}

func TestIsWorkingDay(t *testing.T) {
	c := Default()
	tests := []struct {
		date    string
		working bool
		reason  string
	}{
		{"2026-03-02", true, ""},
		{"2026-02-14", false, "Thứ Bảy"},
		{"2026-02-15", false, "Chủ nhật"},
		{"2026-02-16", false, "Tết Nguyên đán"},
		{"2026-02-20", false, "Tết Nguyên đán"},
		{"2026-01-01", false, "Tết Dương lịch"},
		{"2026-04-26", false, "Giỗ Tổ Hùng Vương"},
		{"2026-04-27", false, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{"2026-04-30", false, "Ngày Chiến thắng"},
		{"2026-05-01", false, "Ngày Quốc tế Lao động"},
		{"2026-08-22", true, "Làm bù cho ngày 31/8"},
		{"2026-08-31", false, "Quốc khánh (nghỉ hoán đổi, làm bù thứ Bảy 22/8)"},
		{"2026-09-02", false, "Quốc khánh"},
		// Proposed, not enacted: a working day until the IT officer confirms it.
		{"2026-11-24", true, ""},
		{"2025-01-27", false, "Tết Nguyên đán"},
		{"2025-04-26", true, "Làm bù cho ngày 2/5"},
		{"2025-05-02", false, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)"},
		{"2025-09-01", false, "Quốc khánh"},
		{"2025-09-03", true, ""},
		// 2027 is provisional: Tết on Saturday 6 February.
		{"2027-02-05", false, "Tết Nguyên đán (dự kiến)"},
		{"2027-02-10", false, "Nghỉ bù Tết Nguyên đán (06/02) (dự kiến)"},
		{"2027-02-12", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			ok, reason := c.IsWorkingDay(MustDate(tt.date))
			assert.Equal(t, tt.working, ok)
			assert.Equal(t, tt.reason, reason)
		})
	}
	assert.Equal(t, "Saturday", c.DayReasonEN(MustDate("2026-02-14")))
	assert.Equal(t, "Lunar New Year (Tết)", c.DayReasonEN(MustDate("2026-02-16")))
}

func TestEntriesSortedAndProvisionalFallback(t *testing.T) {
	c := Default()
	e26 := c.Entries(2026)
	require.Len(t, e26, len(Official2026()))
	for i := 1; i < len(e26); i++ {
		assert.True(t, e26[i-1].Date.Before(e26[i].Date), "sorted at %d", i)
	}
	assert.Equal(t, ProvisionalYear(2027), c.Entries(2027))
	for _, e := range c.Entries(2027) {
		assert.Equal(t, e.Note == noteFixed, e.Official, "%s: only the Labour Code's fixed days are official", e.Date)
	}
	// A year with at least one entry uses exactly its entries.
	one := New([]Entry{{Date: MustDate("2027-03-03"), Kind: KindHoliday, Name: "Lễ hội xã", Official: true}}, OfficeHours{})
	require.Len(t, one.Entries(2027), 1)
	ok, reason := one.IsWorkingDay(MustDate("2027-02-08"))
	assert.True(t, ok, "Tết 2027 is not in this year's stored entries")
	assert.Empty(t, reason)
	ok, reason = one.IsWorkingDay(MustDate("2027-03-03"))
	assert.False(t, ok)
	assert.Equal(t, "Lễ hội xã", reason)
}

func TestProvisionalYear(t *testing.T) {
	tests := []struct {
		year int
		off  []string // days off, sorted
	}{
		{2027, []string{
			"2027-01-01",
			"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
			"2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03",
			"2027-09-02", "2027-09-03",
		}},
		// Same Tết days as the official 2026 schedule; Giỗ Tổ on Sunday moves to Monday.
		{2026, []string{
			"2026-01-01",
			"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
			"2026-04-26", "2026-04-27", "2026-04-30", "2026-05-01",
			"2026-09-01", "2026-09-02",
		}},
		// 2 September 2029 is a Sunday: 3 September is the adjacent day, 4 September the
		// substitute; 24 November, only proposed, gets no substitute.
		{2029, []string{
			"2029-01-01",
			"2029-02-12", "2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16",
			"2029-04-23", "2029-04-30", "2029-05-01",
			"2029-09-02", "2029-09-03", "2029-09-04",
		}},
		// Before 2026 there is no 24 November; 1 January 2022 is a Saturday.
		{2022, []string{
			"2022-01-01", "2022-01-03",
			"2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04",
			"2022-04-10", "2022-04-11", "2022-04-30", "2022-05-01", "2022-05-02", "2022-05-03",
			"2022-09-01", "2022-09-02",
		}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range ProvisionalYear(tt.year) {
			assert.NotEmpty(t, e.Note)
			md := e.Date.String()[5:]
			// Fixed by the Labour Code (Art. 112(1)): not provisional.
			fixed := e.Kind == KindHoliday && (md == "01-01" || md == "04-30" || md == "05-01" || md == "09-02")
			assert.Equal(t, fixed, e.Official, "%s", e.Date)
			if md == "11-24" && tt.year >= 2026 {
				assert.Equal(t, KindProposed, e.Kind)
				assert.False(t, e.Official)
				assert.False(t, e.DayOff(), "a proposed day off is not a day off")
				continue
			}
			require.True(t, e.DayOff())
			got = append(got, e.Date.String())
		}
		assert.Equal(t, tt.off, got, "year %d", tt.year)
	}
}

func TestOfficial2025And2026(t *testing.T) {
	for _, es := range [][]Entry{Official2025(), Official2026()} {
		for _, e := range es {
			assert.NotEmpty(t, e.Name)
			assert.NotEmpty(t, e.Note)
			if e.Kind == KindMakeup {
				assert.Equal(t, time.Saturday, e.Date.Weekday())
			}
		}
	}
	c := Default()
	// Working days lost to holidays in 2026: Jan 1, five Tết days, Apr 27, Apr 30, May 1,
	// Aug 31, Sep 1, Sep 2 = 12 (Nov 24 is only proposed); Aug 22 is gained.
	weekdays := 0
	for d := MustDate("2026-01-01"); d.Year == 2026; d = d.AddDays(1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			weekdays++
		}
	}
	assert.Equal(t, weekdays-12+1, c.WorkingDaysBetween(MustDate("2025-12-31"), MustDate("2026-12-31")))
}

func TestWorkingDaysArithmetic(t *testing.T) {
	c := Default()
	from, to := MustDate("2026-02-13"), MustDate("2026-02-25")
	assert.Equal(t, 3, c.WorkingDaysBetween(from, to))
	assert.Equal(t, -3, c.WorkingDaysBetween(to, from))
	assert.Equal(t, 0, c.WorkingDaysBetween(from, from))
	assert.Equal(t, to, c.AddWorkingDays(from, 3))
	assert.Equal(t, from, c.AddWorkingDays(to, -3))
	assert.Equal(t, MustDate("2026-02-14"), c.AddWorkingDays(MustDate("2026-02-14"), 0))
	assert.Equal(t, MustDate("2026-08-22"), c.AddWorkingDays(MustDate("2026-08-21"), 1))
	assert.Equal(t, MustDate("2026-08-24"), c.AddWorkingDays(MustDate("2026-08-22"), 1))
	assert.Equal(t, MustDate("2026-09-03"), c.AddWorkingDays(MustDate("2026-08-28"), 1))
	for _, s := range []string{"2026-02-23", "2026-04-28", "2026-05-04", "2026-09-03"} {
		x := MustDate(s)
		assert.Equal(t, x, c.AddWorkingDays(from, c.WorkingDaysBetween(from, x)), s)
	}
}

func TestOfficeHours(t *testing.T) {
	h, err := ParseOfficeHours("07:00-11:30, 13:30–17:00")
	require.NoError(t, err)
	assert.Equal(t, DefaultOfficeHours(), h)
	assert.Equal(t, "07:00-11:30,13:30-17:00", h.String())

	bad := []struct{ in, want string }{
		{"", "empty"},
		{"07:00", "no dash"},
		{"07:00-25:00", "25:00"},
		{"7h-11:30", "7h"},
		{"11:30-07:00", "closes before it opens"},
		{"07:00-12:00,11:00-17:00", "starts before"},
		{"07:00-11:61", "11:61"},
		{"07:+5-11:30", "07:+5"},
		{"24:30-25:00", "24:30"},
	}
	for _, tt := range bad {
		_, err := ParseOfficeHours(tt.in)
		assert.ErrorContains(t, err, tt.want, tt.in)
	}

	c, err := ParseClock("15:00")
	require.NoError(t, err)
	assert.Equal(t, Clock{15, 0}, c)
	assert.Equal(t, "15:00", c.String())
	var cut struct{ Cutoff Clock }
	require.NoError(t, json.Unmarshal([]byte(`{"Cutoff":"15:30"}`), &cut))
	assert.Equal(t, Clock{15, 30}, cut.Cutoff)
	c, err = ParseClock("7:05")
	require.NoError(t, err)
	assert.Equal(t, Clock{7, 5}, c)
}

func TestCustomOfficeHours(t *testing.T) {
	// An office open Monday–Saturday mornings only.
	h := OfficeHours{
		Sessions: []Session{{Clock{7, 30}, Clock{11, 30}}},
		Weekdays: []time.Weekday{1, 2, 3, 4, 5, 6},
	}
	c := New(nil, h)
	ok, _ := c.IsWorkingDay(MustDate("2030-03-09")) // a Saturday
	assert.True(t, ok)
	dl := c.Due(MustDate("2030-03-08").At(12, 0), 1) // Friday after closing
	assert.Equal(t, "11:30 11/03/2030", FormatDateTime(dl.Due))
	assert.Equal(t, MustDate("2030-03-09").At(7, 30), dl.Start)

	// Invalid hours fall back to the defaults rather than breaking the calendar.
	c = New(nil, OfficeHours{Sessions: []Session{{Clock{17, 0}, Clock{7, 0}}}})
	assert.Equal(t, DefaultOfficeHours(), c.Hours())
}

func TestConcurrentProvisionalYears(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			y := 2027 + i%4
			_ = c.Entries(y)
			c.Due(MustDate("2027-01-01").AddDays(i*97).At(9, 0), 10)
		}()
	}
	wg.Wait()
	assert.Equal(t, ProvisionalYear(2029), c.Entries(2029))
}

func TestParseDateInput(t *testing.T) {
	for in, want := range map[string]string{
		"18/06/2026": "2026-06-18", " 2026-06-18 ": "2026-06-18", "01/02/2027": "2027-02-01",
	} {
		d, err := ParseDateInput(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDateInput(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "31/02/2026", "2026-13-01", "18-06-2026", "hôm qua"} {
		if _, err := ParseDateInput(in); err == nil {
			t.Errorf("ParseDateInput(%q) accepted", in)
		}
	}
}
