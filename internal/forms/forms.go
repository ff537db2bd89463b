// Package forms renders the printable forms (biểu mẫu) of the one-stop office,
// Annex I of Circular 03/2025/TT-VPCP, as print-ready HTML: the slips 01–06 on
// A5 (01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả, 02 Phiếu yêu cầu bổ sung,
// hoàn thiện hồ sơ, 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ, 04 Phiếu xin
// lỗi và hẹn lại ngày trả kết quả, 05 Thông báo dừng xử lý, 06 Phiếu kiểm soát
// quá trình giải quyết hồ sơ) and the dossier log 07 (Sổ theo dõi hồ sơ) on A4
// landscape.
//
// The package knows nothing of PocketBase: hooks fill the view models below
// from records and call Render. Templates and the stylesheet are embedded.
// The stylesheet is linked, not inlined, so the forms can be shown inside the
// staff print page, whose Content-Security-Policy forbids inline styles; the
// QR code is inline SVG drawn with presentation attributes for the same
// reason.
package forms

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"motcua/internal/calendar"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed forms.css
var stylesheet []byte

// Stylesheet is the forms' CSS (screen and print, with the A5 and A4
// landscape page sizes).
func Stylesheet() []byte { return stylesheet }

// StylesheetPath is where the server publishes Stylesheet; every form links it.
const StylesheetPath = "/api/motcua/forms/forms.css"

// Form numbers of Annex I.
const (
	Receipt    = "01" // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	Supplement = "02" // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	Refusal    = "03" // Phiếu từ chối tiếp nhận giải quyết hồ sơ
	Apology    = "04" // Phiếu xin lỗi và hẹn lại ngày trả kết quả
	Stop       = "05" // Thông báo dừng xử lý
	Control    = "06" // Phiếu kiểm soát quá trình giải quyết hồ sơ
	Log        = "07" // Sổ theo dõi hồ sơ
)

// Titles are the forms' titles, as printed.
var Titles = map[string]string{
	Receipt:    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	Supplement: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	Refusal:    "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	Apology:    "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
	Stop:       "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
	Control:    "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	Log:        "SỔ THEO DÕI HỒ SƠ",
}

// Known reports whether form is one of 01–07.
func Known(form string) bool { _, ok := Titles[form]; return ok }

// Office is the issuing office as printed in the heading.
type Office struct {
	Name    string // "Ủy ban nhân dân xã Ninh Xuân"
	Address string
	Phone   string // the one-stop section's hotline
}

// Short is the office name as a heading's first line: "UBND XÃ NINH XUÂN".
func (o Office) Short() string {
	name := o.Name
	for _, p := range []string{"Ủy ban nhân dân ", "Uỷ ban nhân dân ", "ỦY BAN NHÂN DÂN ", "UBND "} {
		if strings.HasPrefix(name, p) {
			name = "UBND " + strings.TrimPrefix(name, p)
		}
	}
	return strings.ToUpper(name)
}

// Unit is the office's unit without "Ủy ban nhân dân", upper-cased, for the
// heading of forms the office itself issues: "XÃ NINH XUÂN".
func (o Office) Unit() string {
	name := o.Name
	for _, p := range []string{"Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "UBND"} {
		name = strings.TrimPrefix(name, p)
	}
	return strings.ToUpper(strings.TrimSpace(name))
}

// Place is the commune's name for the place-and-date line: "Ninh Xuân".
func (o Office) Place() string {
	name := o.Name
	for _, p := range []string{"Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "UBND"} {
		name = strings.TrimPrefix(name, p)
	}
	name = strings.TrimSpace(name)
	for _, p := range []string{"xã ", "phường ", "thị trấn ", "đặc khu ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu "} {
		name = strings.TrimPrefix(name, p)
	}
	return strings.TrimSpace(name)
}

// Document is one paper of a dossier (thành phần hồ sơ): received (form 01)
// or missing (form 02).
type Document struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // original, certified_copy, copy, presented
	Count int    `json:"count"`
	Note  string `json:"note"`
}

// CountOf returns Count when the document is of kind, for the table columns.
func (d Document) CountOf(kind string) string {
	if d.Kind != kind {
		return ""
	}
	if d.Count <= 0 {
		return "1"
	}
	return strconv.Itoa(d.Count)
}

// Remark is the note column: the note, and "Xuất trình" for papers shown and
// handed back.
func (d Document) Remark() string {
	parts := []string{}
	if d.Kind == "presented" {
		parts = append(parts, "Xuất trình, không lưu")
	}
	if d.Note != "" {
		parts = append(parts, d.Note)
	}
	return strings.Join(parts, "; ")
}

// Dossier is what every slip prints about the dossier.
type Dossier struct {
	ID, Code                   string
	Applicant, IDNumber        string
	Phone, Email, Address      string
	Procedure, ProcedureCode   string
	Status                     string // Vietnamese label
	Received, Due, OriginalDue time.Time
	LookupURL                  string // public look-up address, encoded in the QR code
}

// ReceiptData is form 01.
type ReceiptData struct {
	Documents []Document
	Sets      int
	TimeLimit string
	// Due is the appointment given at receipt; Adjusted is today's due time
	// when it moved since (supplement, calendar change), else zero.
	Adjusted       time.Time
	AdjustedReason string
	CollectAt      string
	Fee            float64
	FeeText        string
	Book           string // Sổ theo dõi hồ sơ, quyển số
	Entry          int    // số thứ tự trong quyển
	Officer        string
	// Explain is the deadline's explanation, printed on request.
	Explain *calendar.Deadline
}

// SupplementData is form 02.
type SupplementData struct {
	Ordinal      int // 1 for the first request
	At           time.Time
	Items        []Document
	Reason       string
	Officer      string
	OfficerPhone string
}

// NoticeData is forms 03, 04 and 05: a step with its reason and signer.
type NoticeData struct {
	At     time.Time
	Reason string
	Signer string
	// NewDue is the new return date of form 04.
	NewDue time.Time
}

// ControlRow is one hand-over of form 06.
type ControlRow struct {
	Step     string
	From, To string
	At       time.Time
	Due      time.Time
	Result   string // Trước hạn / Đúng hạn / Trễ hạn
	Note     string
}

// ControlData is form 06.
type ControlData struct {
	Rows []ControlRow
}

// LogRow is one dossier of form 07.
type LogRow struct {
	Entry                 int
	Code, Applicant       string
	Address               string
	Procedure             string
	Received, Due         time.Time
	Transferred, Returned time.Time
	ReturnedTo            string
	Result                string
	Note                  string
}

// AuditHead is the head of the audit log's hash chain, printed under the log
// so that a paper copy can later be checked against the database.
type AuditHead struct {
	Seq  int64
	Hash string
}

// LogData is form 07.
type LogData struct {
	From, To calendar.Date
	Rows     []LogRow
	Audit    *AuditHead // nil when the audit log is empty or unavailable
}

// Page is one form to render.
type Page struct {
	Form    string
	Office  Office
	Number  string    // "Số: ..." (may be empty)
	Date    time.Time // the place-and-date line
	Dossier Dossier   // forms 01–06
	Data    any       // *ReceiptData, *SupplementData, *NoticeData, *ControlData or *LogData
	// Others lists the other forms that apply to the dossier, for the
	// print page's tabs.
	Others []string
}

// Title is the form's printed title.
func (p *Page) Title() string { return Titles[p.Form] }

// Landscape reports whether the form is printed on A4 landscape.
func (p *Page) Landscape() bool { return p.Form == Log }

var tmpl = template.Must(template.New("forms").Funcs(template.FuncMap{
	"date":     Date,
	"clock":    Clock,
	"datetime": DateTime,
	"dateline": DateLine,
	"money":    Money,
	"weekday":  Weekday,
	"inc":      func(i int) int { return i + 1 },
	"qr":       QRCodeSVG,
	"upper":    strings.ToUpper,
	"css":      func() string { return StylesheetPath },
}).ParseFS(templateFiles, "templates/*.html"))

// Render writes page as a complete HTML document.
func Render(w io.Writer, page *Page) error {
	if !Known(page.Form) {
		return fmt.Errorf("forms: unknown form %q", page.Form)
	}
	return tmpl.ExecuteTemplate(w, "form"+page.Form+".html", page)
}

// Date writes t as dd/mm/yyyy in office time; "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.FormatDate(t)
}

// Clock writes t as HH:MM in office time; "" for the zero time.
func Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location).Format("15:04")
}

// DateTime writes t as "HH:MM, dd/mm/yyyy" in office time.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location).Format("15:04, 02/01/2006")
}

// DateLine writes the date of the place-and-date line: "ngày 05 tháng 11 năm
// 2026" (Decree 30/2020: days and months below 10 with a leading zero).
func DateLine(t time.Time) string {
	t = t.In(calendar.Location)
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// Money writes an amount in đồng with dots between thousands: "15.000 đ".
func Money(amount float64) string {
	n := int64(amount + 0.5)
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đ"
}

// Weekday names the weekday of d in Vietnamese.
func Weekday(d calendar.Date) string {
	return [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[d.Weekday()]
}

// QRModules returns the dark modules of the QR code of text (medium error
// correction, no quiet zone).
func QRModules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// QRPath is the SVG path of the dark modules, one unit per module.
func QRPath(modules [][]bool) string {
	var b strings.Builder
	for y, row := range modules {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run - 1
		}
	}
	return b.String()
}

// QRCodeSVG draws the QR code of text as an inline SVG with a quiet zone of
// four modules.
func QRCodeSVG(text string) (template.HTML, error) {
	if text == "" {
		return "", nil
	}
	m, err := QRModules(text)
	if err != nil {
		return "", err
	}
	n := len(m) + 8
	return template.HTML(fmt.Sprintf(
		`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`+
			`<rect x="-4" y="-4" width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(text), n, n, QRPath(m))), nil
}
