package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/public"
	"motcua/internal/access"
)

// demoFeedback are citizens' feedback and petitions (phản ánh, kiến nghị):
// some answered and published by the leader, some waiting.
var demoFeedback = []struct {
	kind, subject, content, answer string
	procedure                      string
	publish                        bool
}{
	{"feedback", "Giấy tờ yêu cầu ngoài danh mục",
		"Khi làm thủ tục xác nhận tình trạng hôn nhân, tôi được yêu cầu nộp thêm bản sao sổ hộ khẩu, trong khi danh mục công khai không có giấy tờ này.",
		"UBND xã đã kiểm tra: yêu cầu nộp bản sao sổ hộ khẩu là không đúng quy định (sổ hộ khẩu không còn giá trị từ 01/01/2023). Đã nhắc nhở công chức và hướng dẫn lại theo đúng danh mục.",
		"1.004873", true},
	{"petition", "Đề nghị kéo dài giờ tiếp nhận buổi chiều",
		"Nhiều người đi làm xa về muộn, đề nghị Bộ phận Một cửa tiếp nhận hồ sơ đến 17 giờ thay vì 16 giờ 30.",
		"Giờ tiếp nhận buổi chiều của Bộ phận Một cửa là 13:30–17:00 theo giờ hành chính; UBND xã đã niêm yết lại giờ làm việc tại trụ sở và trên trang công khai.",
		"", true},
	{"feedback", "Phí chứng thực",
		"Đề nghị cho biết cách tính phí chứng thực bản sao nhiều trang.",
		"Phí chứng thực bản sao: 2.000 đ/trang cho trang 1 và 2, từ trang thứ 3 là 1.000 đ/trang, tối đa 200.000 đ/bản (Thông tư 226/2016/TT-BTC).",
		"2.000815", false},
	{"feedback", "Hẹn trả kết quả chưa đúng hạn",
		"Hồ sơ của tôi quá ngày hẹn nhưng chưa nhận được phiếu xin lỗi và hẹn lại.", "", "", false},
}

func loadFeedback(app core.App, now time.Time) error {
	n, err := app.CountRecords("feedback")
	if err != nil || n > 0 {
		return err
	}
	col, err := app.FindCollectionByNameOrId("feedback")
	if err != nil {
		return err
	}
	clerk, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, accountEmail(access.Receptionist))
	if err != nil {
		return err
	}
	for i, f := range demoFeedback {
		rec := core.NewRecord(col)
		rec.Load(map[string]any{
			"tracking_code": public.FeedbackCode(now, i+1), "kind": f.kind, "subject": f.subject, "content": f.content,
			"name": fmt.Sprintf("%s Văn Mẫu %d", familyNames[i%len(familyNames)], i+1), "address": "Thôn Mẫu, xã Ninh Xuân (địa chỉ minh họa)",
			"phone": fmt.Sprintf("09009%05d", i+1), "status": "new",
		})
		if f.procedure != "" {
			if p, err := app.FindFirstRecordByFilter("procedures", "code = {:c}", dbx.Params{"c": f.procedure}); err == nil {
				rec.Set("procedure", p.Id)
			}
		}
		if err := app.Save(rec); err != nil {
			return fmt.Errorf("feedback %d: %w", i, err)
		}
		if f.answer == "" {
			continue
		}
		rec.Set("answer", f.answer)
		rec.Set("status", "resolved")
		rec.Set("answered_by", clerk.Id)
		if err := app.Save(rec); err != nil {
			return err
		}
		if f.publish {
			rec, err = app.FindRecordById(col, rec.Id) // fresh original for the next step
			if err != nil {
				return err
			}
			rec.Set("published", true)
			if err := app.Save(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

func accountEmail(role string) string {
	for _, a := range Accounts {
		if a.Role == role {
			return a.Email
		}
	}
	return ""
}
