package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/notify"
	"motcua/internal/calendar"
	"motcua/internal/vntext"
)

// TestMessagesForEveryStep renders the message of every step: Vietnamese,
// with the dossier's code, dates in office time and money as "15.000 đ".
func TestMessagesForEveryStep(t *testing.T) {
	loc := calendar.Location
	f := notify.Facts{
		Office: "UBND xã Ninh Xuân", Code: "H15.50.05.13-261201-0007", Procedure: "Cấp Giấy xác nhận tình trạng hôn nhân",
		Due: time.Date(2026, 12, 4, 17, 0, 0, 0, loc), NewDue: time.Date(2026, 12, 11, 17, 0, 0, 0, loc),
		Missing: []string{"Tờ khai (bản chính)", "Giấy khai sinh (bản sao)"}, Reason: "Tờ khai thiếu chữ ký.", Fee: 15000,
		Link: "https://motcua.example.invalid/?ma=H15.50.05.13-261201-0007",
	}
	tail := " Tra cứu: https://motcua.example.invalid/?ma=H15.50.05.13-261201-0007"
	want := map[string]notify.Message{
		notify.StepReceived: {"Hồ sơ H15.50.05.13-261201-0007: đã tiếp nhận",
			"UBND xã Ninh Xuân đã tiếp nhận hồ sơ H15.50.05.13-261201-0007 (Cấp Giấy xác nhận tình trạng hôn nhân). Hẹn trả kết quả: 17:00 ngày 04/12/2026." + tail},
		notify.StepSupplement: {"Hồ sơ H15.50.05.13-261201-0007: cần bổ sung giấy tờ",
			"UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 cần bổ sung: Tờ khai (bản chính); Giấy khai sinh (bản sao). Lý do: Tờ khai thiếu chữ ký. Mời ông/bà nộp bổ sung tại Bộ phận Một cửa." + tail},
		notify.StepPayment: {"Hồ sơ H15.50.05.13-261201-0007: cần nộp phí, lệ phí",
			"UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 cần nộp phí, lệ phí 15.000 đ để tiếp tục giải quyết." + tail},
		notify.StepApology: {"Hồ sơ H15.50.05.13-261201-0007: xin lỗi, hẹn lại ngày trả kết quả",
			"UBND xã Ninh Xuân xin lỗi ông/bà: hồ sơ H15.50.05.13-261201-0007 chưa giải quyết xong đúng hẹn. Ngày hẹn trả kết quả mới: 17:00 ngày 11/12/2026." + tail},
		notify.StepDecided: {"Hồ sơ H15.50.05.13-261201-0007: đã có kết quả",
			"UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận, mang theo giấy tiếp nhận hồ sơ." + tail},
		notify.StepStopped: {"Hồ sơ H15.50.05.13-261201-0007: dừng xử lý",
			"UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 đã dừng xử lý. Lý do: Tờ khai thiếu chữ ký." + tail},
		notify.StepReturned: {"Hồ sơ H15.50.05.13-261201-0007: đã trả kết quả",
			"UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 đã trả kết quả. Cảm ơn ông/bà." + tail},
	}
	require.Len(t, want, len(notify.Steps))
	for _, step := range notify.Steps {
		got, err := notify.Render(step, f)
		require.NoError(t, err, step)
		assert.Equal(t, want[step], got, step)
		assert.Empty(t, vntext.EnglishWords(strings.TrimSuffix(got.Text, tail)), step)
	}
	_, err := notify.Render("transfer", f)
	assert.Error(t, err)

	// Without a public address there is no link; without a list, the
	// counter's guidance.
	f.Link, f.Missing, f.Reason = "", nil, ""
	got, err := notify.Render(notify.StepSupplement, f)
	require.NoError(t, err)
	assert.Equal(t, "UBND xã Ninh Xuân: hồ sơ H15.50.05.13-261201-0007 cần bổ sung: giấy tờ theo hướng dẫn của Bộ phận Một cửa. Mời ông/bà nộp bổ sung tại Bộ phận Một cửa.", got.Text)
}

func TestQuietHoursAndBackoff(t *testing.T) {
	loc := calendar.Location
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	for _, c := range []struct {
		quiet    string
		now, out time.Time
	}{
		{"21:00-07:00", at(1, 22, 15), at(2, 7, 0)},
		{"21:00-07:00", at(2, 5, 59), at(2, 7, 0)},
		{"21:00-07:00", at(2, 7, 0), at(2, 7, 0)},
		{"21:00-07:00", at(2, 20, 59), at(2, 20, 59)},
		{"12:00-13:30", at(2, 12, 10), at(2, 13, 30)},
		{"", at(2, 23, 0), at(2, 23, 0)},
	} {
		assert.True(t, c.out.Equal(notify.AfterQuiet(c.now, c.quiet)), "%s at %s: %s", c.quiet, c.now, notify.AfterQuiet(c.now, c.quiet))
	}
	s := notify.DefaultSettings()
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute},
		[]time.Duration{s.Backoff(1), s.Backoff(2), s.Backoff(3), s.Backoff(4)})
	assert.Equal(t, 24*time.Hour, s.Backoff(40))

	_, err := notify.ParseSettings([]byte(`{"notify":{"sms":{"quiet":"9pm-7am"}}}`))
	assert.ErrorContains(t, err, "quiet hours")
	s, err = notify.ParseSettings([]byte(`{"inspect":{"stale_days":2},"notify":{"per_day":3,"max_attempts":-1}}`))
	require.NoError(t, err)
	assert.Equal(t, 3, s.PerDay)
	assert.Equal(t, 8, s.MaxAttempts)
}
