package inspect

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// periodFromRequest reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (or the same keys
// of a JSON body); missing ends take the settings' window.
func periodFromRequest(e *core.RequestEvent) (inspect.Period, error) {
	q := e.Request.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if e.Request.Method == http.MethodPost && from == "" && to == "" {
		var body struct{ From, To string }
		if err := e.BindBody(&body); err == nil {
			from, to = body.From, body.To
		}
	}
	var p inspect.Period
	var err error
	if from != "" {
		if p.From, err = calendar.ParseDateInput(from); err != nil {
			return p, kit.BadField("from", "Ngày bắt đầu không hợp lệ: dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
		}
	}
	if to != "" {
		if p.To, err = calendar.ParseDateInput(to); err != nil {
			return p, kit.BadField("to", "Ngày kết thúc không hợp lệ: dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
		}
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return p, kit.BadField("to", "Ngày kết thúc phải sau ngày bắt đầu.")
	}
	if !p.From.IsZero() {
		end := p.To
		if end.IsZero() {
			end = calendar.DateOf(time.Now())
		}
		if p.From.AddDays(maxReportDays).Before(end) {
			return p, kit.BadField("from", fmt.Sprintf("Mỗi báo cáo tối đa %d ngày: hãy chọn kỳ ngắn hơn.", maxReportDays))
		}
	}
	return p, nil
}

// maxReportDays bounds a report's period (a year and a month, enough for
// the yearly self-inspection), so that a request cannot cost minutes of CPU.
const maxReportDays = 400

func reportFromRequest(e *core.RequestEvent) (*inspect.Report, error) {
	p, err := periodFromRequest(e)
	if err != nil {
		return nil, err
	}
	return Report(e.App, Options{From: p.From, To: p.To})
}
