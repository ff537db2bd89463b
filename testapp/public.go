package testapp

import (
	"encoding/json"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"
)

// Personal data of the test citizen (fictitious): none of it may reach a
// public answer.
const (
	CitizenName    = "Nguyễn Văn Thửnghiệm"
	CitizenPhone   = "0900 123 987"
	CitizenIDNo    = "079199000123"
	CitizenAddress = "Số 99 ngõ Kiểm Thử, thôn Giả Định"
	CitizenEmail   = "thunghiem.congdan@example.org"
)

// FeedbackBody is the JSON of a valid petition from the test citizen to
// POST /api/motcua/feedback, with override's keys set (a nil value removes
// the key).
func FeedbackBody(override map[string]any) string {
	m := map[string]any{
		"kind": "petition", "name": CitizenName, "address": CitizenAddress, "phone": CitizenPhone,
		"email": CitizenEmail, "subject": "Giảm giấy tờ khi đăng ký khai sinh",
		"content": "Đề nghị không yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu dân cư.", "procedure": "1.001193",
	}
	for k, v := range override {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// RateLimits sets the guest limits (requests per minute and IP; 0 turns a
// limit off) in office.settings, keeping its other keys.
func RateLimits(t testing.TB, app core.App, get, post int) {
	t.Helper()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	settings := map[string]any{}
	_ = office.UnmarshalJSONField("settings", &settings)
	settings["public_rate_limit"] = map[string]int{"get": get, "post": post}
	office.Set("settings", settings)
	require.NoError(t, app.Save(office))
}
