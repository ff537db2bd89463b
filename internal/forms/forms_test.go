package forms

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"motcua/internal/calendar"
)

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0, "0 đ"}, {2000, "2.000 đ"}, {15000, "15.000 đ"}, {100000, "100.000 đ"}, {1234567, "1.234.567 đ"}} {
		if got := Money(c.in); got != c.want {
			t.Errorf("Money(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOfficeNames(t *testing.T) {
	for _, c := range []struct{ name, unit, short, heading, full, place string }{
		{"Ủy ban nhân dân xã Ninh Xuân", "", "UBND XÃ NINH XUÂN", "XÃ NINH XUÂN", "Trung tâm Phục vụ hành chính công xã Ninh Xuân", "Ninh Xuân"},
		{"UBND phường Tân Định", "Bộ phận Một cửa", "UBND PHƯỜNG TÂN ĐỊNH", "PHƯỜNG TÂN ĐỊNH", "Bộ phận Một cửa phường Tân Định", "Tân Định"},
		{"Ủy ban nhân dân xã Mẫu Sơn", "Trung tâm Phục vụ hành chính công xã Mẫu Sơn", "UBND XÃ MẪU SƠN", "XÃ MẪU SƠN", "Trung tâm Phục vụ hành chính công xã Mẫu Sơn", "Mẫu Sơn"},
	} {
		o := Office{Name: c.name, Unit: c.unit}
		if o.Short() != c.short || o.UnitHeading() != c.heading || o.UnitFull() != c.full || o.Place() != c.place {
			t.Errorf("%q: got %q %q %q %q", c.name, o.Short(), o.UnitHeading(), o.UnitFull(), o.Place())
		}
	}
}

// TestDateLine follows Decree 30/2020/NĐ-CP Annex I: a leading zero only for
// days below 10 and for months 1 and 2.
func TestDateLine(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 6, 18, 3, 0, 0, 0, time.UTC), "ngày 18 tháng 6 năm 2026"},
		{time.Date(2026, 5, 4, 2, 5, 0, 0, time.UTC), "ngày 04 tháng 5 năm 2026"},
		{time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC), "ngày 05 tháng 01 năm 2026"},
		{time.Date(2026, 2, 28, 2, 0, 0, 0, time.UTC), "ngày 28 tháng 02 năm 2026"},
		{time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC), "ngày 01 tháng 3 năm 2026"},
		{time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC), "ngày 30 tháng 11 năm 2026"},
		{time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2027"}, // 01:00 in Vietnam
		{time.Time{}, "ngày …… tháng …… năm ……"},
	} {
		if got := DateLine(c.at); got != c.want {
			t.Errorf("DateLine(%v) = %q, want %q", c.at, got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 5, 4, 2, 5, 0, 0, time.UTC) // 09:05 in Vietnam
	if Date(at) != "04/05/2026" || Clock(at) != "09:05" || DateTime(at) != "09:05, 04/05/2026" || Hour(at) != "09 giờ 05 phút, ngày 04/05/2026" {
		t.Errorf("got %q %q %q %q", Date(at), Clock(at), DateTime(at), Hour(at))
	}
	if Date(time.Time{}) != "" || Clock(time.Time{}) != "" || Hour(time.Time{}) != "" {
		t.Error("the zero time prints nothing")
	}
}

func TestFeeLine(t *testing.T) {
	for _, c := range []struct {
		collected float64
		rate      string
		want      string
	}{
		{0, "", "Không thu"},
		{0, "Miễn lệ phí", "Miễn lệ phí"},
		{0, "10.000 đ/trường hợp", "10.000 đ/trường hợp"},
		{10000, "10.000 đ/trường hợp", "10.000 đ (mức thu: 10.000 đ/trường hợp)"},
		{6000, "2.000 đ/trang cho trang 1–2; 1.000 đ/trang từ trang thứ 3", "6.000 đ (mức thu: 2.000 đ/trang cho trang 1–2; 1.000 đ/trang từ trang thứ 3)"},
		{15000, "", "15.000 đ"},
	} {
		if got := FeeLine(c.collected, c.rate); got != c.want {
			t.Errorf("FeeLine(%v, %q) = %q, want %q", c.collected, c.rate, got, c.want)
		}
	}
}

func TestQRCodeSVG(t *testing.T) {
	svg, err := QRCodeSVG("https://motcua.example/#/ho-so/H15.50.05.13-261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := QRModules("https://motcua.example/#/ho-so/H15.50.05.13-261127-0001")
	if !strings.Contains(string(svg), QRPath(m)) || !strings.HasPrefix(string(svg), `<svg class="qr"`) {
		t.Errorf("svg does not draw the modules: %.200s", svg)
	}
	if len(m) < 21 || len(m) != len(m[0]) {
		t.Errorf("a QR code is square and at least 21 modules: %d", len(m))
	}
}

func TestRenderEveryForm(t *testing.T) {
	at := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	d := Dossier{ID: "x", Code: "H15.50.05.13-261127-0001", Applicant: "Nguyễn Văn <Mẫu>", Received: at, Due: at, OriginalDue: at,
		LookupURL: "http://localhost/#/ho-so/H15.50.05.13-261127-0001"}
	data := map[string]any{
		Receipt:    &ReceiptData{Documents: []Document{{Name: "Tờ khai", Kind: "original", Count: 1}}, Sets: 1, Fee: "15.000 đ", Delivery: AtOffice},
		Supplement: &SupplementData{Ordinal: 1, At: at, Items: []Document{{Name: "Bản sao", Kind: "copy"}}},
		Refusal:    &NoticeData{At: at, Reason: "Không thuộc thẩm quyền"},
		Apology:    &NoticeData{At: at, Reason: "Cần xác minh", NewDue: at.AddDate(0, 0, 3)},
		Stop:       &NoticeData{At: at, Reason: "Công dân rút"},
		Control:    &ControlData{Rows: []ControlRow{{Step: "Tiếp nhận hồ sơ", From: "A", To: "B", At: at}}},
		Log:        &LogData{From: calendar.DateOf(at), To: calendar.DateOf(at), Rows: []LogRow{{Entry: 1, Code: d.Code, Received: at, Due: at}}},
	}
	for form, v := range data {
		var b bytes.Buffer
		if err := Render(&b, &Page{Form: form, Office: Office{Name: "Ủy ban nhân dân xã Ninh Xuân"}, Date: at, Dossier: d, Data: v}); err != nil {
			t.Fatalf("form %s: %v", form, err)
		}
		out := b.String()
		for _, want := range []string{"Mẫu số " + form, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Titles[form], "Ninh Xuân, ngày 27 tháng 11 năm 2026", d.Code} {
			if !strings.Contains(out, want) {
				t.Errorf("form %s lacks %q", form, want)
			}
		}
		if form != Log && !strings.Contains(out, "Nguyễn Văn &lt;Mẫu&gt;") {
			t.Errorf("form %s does not escape the applicant's name", form)
		}
	}
	if err := Render(&bytes.Buffer{}, &Page{Form: "09"}); err == nil {
		t.Error("an unknown form must fail")
	}
}
