package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// at builds an office-time instant from "2006-01-02 15:04".
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Location)
	require.NoError(t, err)
	return v
}

func dates(ss ...string) []Date {
	out := make([]Date, len(ss))
	for i, s := range ss {
		out[i] = MustDate(s)
	}
	return out
}

func TestDue(t *testing.T) {
	c := Default()
	tests := []struct {
		name     string
		received string
		days     int
		due      string
		start    string
		counted  []Date
		skipped  []string // "YYYY-MM-DD Reason"
		notes    []string
	}{
		{
			name: "ordinary week", received: "2026-03-02 10:00", days: 3,
			due: "2026-03-05 17:00", start: "2026-03-02 10:00",
			counted: dates("2026-03-03", "2026-03-04", "2026-03-05"),
		},
		{
			name: "across Tết", received: "2026-02-13 10:00", days: 3,
			due: "2026-02-25 17:00", start: "2026-02-13 10:00",
			counted: dates("2026-02-23", "2026-02-24", "2026-02-25"),
			skipped: []string{
				"2026-02-14 Thứ Bảy", "2026-02-15 Chủ nhật",
				"2026-02-16 Tết Nguyên đán", "2026-02-17 Tết Nguyên đán", "2026-02-18 Tết Nguyên đán",
				"2026-02-19 Tết Nguyên đán", "2026-02-20 Tết Nguyên đán",
				"2026-02-21 Thứ Bảy", "2026-02-22 Chủ nhật",
			},
		},
		{
			name: "across the Giỗ Tổ substitute day", received: "2026-04-24 10:00", days: 1,
			due: "2026-04-28 17:00", start: "2026-04-24 10:00",
			counted: dates("2026-04-28"),
			skipped: []string{"2026-04-25 Thứ Bảy", "2026-04-26 Giỗ Tổ Hùng Vương", "2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương"},
		},
		{
			name: "across 30/4 and 1/5", received: "2026-04-29 09:00", days: 2,
			due: "2026-05-05 17:00", start: "2026-04-29 09:00",
			counted: dates("2026-05-04", "2026-05-05"),
			skipped: []string{"2026-04-30 Ngày Chiến thắng", "2026-05-01 Ngày Quốc tế Lao động", "2026-05-02 Thứ Bảy", "2026-05-03 Chủ nhật"},
		},
		{
			name: "make-up Saturday counts", received: "2026-08-21 10:00", days: 1,
			due: "2026-08-22 17:00", start: "2026-08-21 10:00",
			counted: dates("2026-08-22"),
		},
		{
			name: "Quốc khánh", received: "2026-08-28 10:00", days: 1,
			due: "2026-09-03 17:00", start: "2026-08-28 10:00",
			counted: dates("2026-09-03"),
			skipped: []string{
				"2026-08-29 Thứ Bảy", "2026-08-30 Chủ nhật",
				"2026-08-31 Quốc khánh (nghỉ hoán đổi, làm bù thứ Bảy 22/8)",
				"2026-09-01 Quốc khánh", "2026-09-02 Quốc khánh",
			},
		},
		{
			name: "received on Saturday", received: "2026-02-28 10:00", days: 3,
			due: "2026-03-05 17:00", start: "2026-03-02 07:00",
			counted: dates("2026-03-03", "2026-03-04", "2026-03-05"),
			skipped: []string{"2026-02-28 Thứ Bảy", "2026-03-01 Chủ nhật"},
			notes:   []string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 02/03/2026"},
		},
		{
			name: "received at 06:00", received: "2026-03-02 06:00", days: 1,
			due: "2026-03-03 17:00", start: "2026-03-02 07:00",
			counted: dates("2026-03-03"),
			notes:   []string{"Nhận trước giờ làm việc: tính từ 07:00 ngày 02/03/2026"},
		},
		{
			name: "received at 18:00", received: "2026-03-02 18:00", days: 1,
			due: "2026-03-04 17:00", start: "2026-03-03 07:00",
			counted: dates("2026-03-04"),
			notes:   []string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 03/03/2026"},
		},
		{
			name: "received at closing time", received: "2026-03-02 17:00", days: 1,
			due: "2026-03-04 17:00", start: "2026-03-03 07:00",
			counted: dates("2026-03-04"),
			notes:   []string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 03/03/2026"},
		},
		{
			name: "received at opening time", received: "2026-03-02 07:00", days: 1,
			due: "2026-03-03 17:00", start: "2026-03-02 07:00",
			counted: dates("2026-03-03"),
		},
		{
			name: "lunch break counts as that day", received: "2026-03-02 12:00", days: 1,
			due: "2026-03-03 17:00", start: "2026-03-02 12:00",
			counted: dates("2026-03-03"),
			notes:   []string{"Nhận trong giờ nghỉ giữa ca: tính là nhận trong ngày 02/03/2026"},
		},
		{
			name: "received Friday evening before Tết", received: "2026-02-13 17:30", days: 1,
			due: "2026-02-24 17:00", start: "2026-02-23 07:00",
			counted: dates("2026-02-24"),
			skipped: []string{
				"2026-02-14 Thứ Bảy", "2026-02-15 Chủ nhật",
				"2026-02-16 Tết Nguyên đán", "2026-02-17 Tết Nguyên đán", "2026-02-18 Tết Nguyên đán",
				"2026-02-19 Tết Nguyên đán", "2026-02-20 Tết Nguyên đán",
				"2026-02-21 Thứ Bảy", "2026-02-22 Chủ nhật",
			},
			notes: []string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 23/02/2026"},
		},
		{
			name: "zero days", received: "2026-03-02 10:00", days: 0,
			due: "2026-03-02 17:00", start: "2026-03-02 10:00",
			counted: dates("2026-03-02"),
		},
		{
			name: "2025 make-up Saturday 26/4 and 30/4–2/5", received: "2025-04-25 10:00", days: 2,
			due: "2025-04-28 17:00", start: "2025-04-25 10:00",
			counted: dates("2025-04-26", "2025-04-28"),
			skipped: []string{"2025-04-27 Chủ nhật"},
		},
		{
			name: "received in another time zone", received: "2026-03-02 10:00", days: 1,
			due: "2026-03-03 17:00", start: "2026-03-02 10:00",
			counted: dates("2026-03-03"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received := at(t, tt.received)
			if tt.name == "received in another time zone" {
				received = received.UTC()
			}
			dl := c.Due(received, tt.days)
			assert.Equal(t, at(t, tt.due), dl.Due, "due %s", FormatDateTime(dl.Due))
			assert.True(t, at(t, tt.start).Equal(dl.Start), "start %s", FormatDateTime(dl.Start))
			assert.Equal(t, tt.counted, dl.Counted)
			assert.Equal(t, tt.skipped, skipStrings(dl.Skipped))
			assert.Equal(t, tt.notes, dl.Notes)
			assert.Len(t, dl.NotesEN, len(dl.Notes))
			assert.Equal(t, tt.days, dl.Days)
			assert.False(t, dl.SameDay)
			assert.Equal(t, received, dl.Received)
		})
	}
}

func skipStrings(ss []Skip) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Date.String()+" "+s.Reason)
	}
	return out
}

func TestDueSameDay(t *testing.T) {
	c := Default()
	cutoff := Clock{15, 0}
	tests := []struct {
		name, received, due string
		skipped             int
		notes               []string
	}{
		{"before cut-off", "2026-03-02 14:59", "2026-03-02 17:00", 0, nil},
		{"at cut-off", "2026-03-02 15:00", "2026-03-02 17:00", 0, nil},
		{"after cut-off", "2026-03-02 15:30", "2026-03-03 17:00", 0,
			[]string{"Nhận sau 15:00: hẹn ngày làm việc tiếp theo"}},
		{"after cut-off on Friday before Tết", "2026-02-13 15:30", "2026-02-23 17:00", 9,
			[]string{"Nhận sau 15:00: hẹn ngày làm việc tiếp theo"}},
		{"after cut-off on Friday before the make-up Saturday", "2026-08-21 16:00", "2026-08-22 17:00", 0,
			[]string{"Nhận sau 15:00: hẹn ngày làm việc tiếp theo"}},
		{"Saturday", "2026-02-28 10:00", "2026-03-02 17:00", 2,
			[]string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 02/03/2026"}},
		{"early morning", "2026-03-02 06:00", "2026-03-02 17:00", 0,
			[]string{"Nhận trước giờ làm việc: tính từ 07:00 ngày 02/03/2026"}},
		{"evening", "2026-03-02 18:00", "2026-03-03 17:00", 0,
			[]string{"Nhận ngoài giờ làm việc: tính từ 07:00 ngày 03/03/2026"}},
		{"lunch break", "2026-03-02 12:00", "2026-03-02 17:00", 0,
			[]string{"Nhận trong giờ nghỉ giữa ca: tính là nhận trong ngày 02/03/2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dl := c.DueSameDay(at(t, tt.received), cutoff)
			assert.Equal(t, at(t, tt.due), dl.Due, "due %s", FormatDateTime(dl.Due))
			assert.Len(t, dl.Skipped, tt.skipped)
			assert.Equal(t, tt.notes, dl.Notes)
			assert.True(t, dl.SameDay)
			assert.Equal(t, 0, dl.Days)
			assert.Equal(t, []Date{DateOf(dl.Due)}, dl.Counted)
		})
	}
	// No cut-off: the same day until closing.
	dl := c.DueSameDay(at(t, "2026-03-02 16:59"), Clock{})
	assert.Equal(t, at(t, "2026-03-02 17:00"), dl.Due)
}

func TestExplain(t *testing.T) {
	c := Default()
	dl := c.Due(at(t, "2026-02-13 10:00"), 3)
	vi := dl.Explain()
	for _, want := range []string{
		"Nhận hồ sơ: 10:00 13/02/2026 (Thứ Sáu)",
		"Thời hạn giải quyết: 3 ngày làm việc",
		"Ngày làm việc được tính: 23/02/2026, 24/02/2026, 25/02/2026",
		"14/02/2026 (Thứ Bảy): Thứ Bảy",
		"16/02/2026 (Thứ Hai): Tết Nguyên đán",
		"Hẹn trả kết quả: 17:00 25/02/2026 (Thứ Tư)",
	} {
		assert.Contains(t, vi, want)
	}
	en := dl.ExplainEN()
	for _, want := range []string{
		"Received: 10:00 13/02/2026 (Friday)",
		"Time limit: 3 working days",
		"16/02/2026 (Monday): Lunar New Year (Tết)",
		"Due: 17:00 25/02/2026 (Wednesday)",
	} {
		assert.Contains(t, en, want)
	}

	same := c.DueSameDay(at(t, "2026-04-24 15:30"), Clock{15, 0})
	vi = same.Explain()
	assert.Contains(t, vi, "Ghi chú: Nhận sau 15:00: hẹn ngày làm việc tiếp theo")
	assert.Contains(t, vi, "27/04/2026 (Thứ Hai): Nghỉ bù Giỗ Tổ Hùng Vương")
	assert.Contains(t, vi, "Hẹn trả kết quả: 17:00 28/04/2026 (Thứ Ba)")
	assert.Contains(t, same.ExplainEN(), "Note: Received after 15:00: due the next working day")
	assert.Contains(t, same.ExplainEN(), "substitute day off for Hung Kings' Commemoration Day")
}

func BenchmarkDue(b *testing.B) {
	c := Default()
	received := MustDate("2026-02-13").At(10, 0)
	for b.Loop() {
		c.Due(received, 15)
	}
}
