// Package forms renders the printable forms (biểu mẫu) of the one-stop office,
// Annex I of Circular 03/2025/TT-VPCP (in force from 15 September 2025), as
// print-ready HTML: 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả, 02 Phiếu yêu
// cầu bổ sung, hoàn thiện hồ sơ, 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ,
// 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết, 05 Thông báo
// dừng giải quyết hồ sơ, 06 Phiếu kiểm soát quá trình giải quyết hồ sơ, each
// on A5, and 07 Sổ theo dõi hồ sơ on A4 landscape. Forms 04 and 05 are
// official letters of the commune People's Committee, laid out as Decree
// 30/2020/NĐ-CP Annex I asks (number and symbol, "TM." signature block,
// "Nơi nhận"); the others are slips of the one-stop unit.
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

	"motcua/internal/auditchain"
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

// Form numbers of Annex I, Circular 03/2025/TT-VPCP.
const (
	Receipt    = "01"
	Supplement = "02"
	Refusal    = "03"
	Apology    = "04"
	Stop       = "05"
	Control    = "06"
	Log        = "07"
)

// Titles are the forms' names in Annex I of Circular 03/2025/TT-VPCP (the
// 2018 names of 04, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", and 05,
// "Thông báo dừng xử lý", are gone). Slips print them upper-cased as their
// title; the letters 04 and 05 print them as Decree 30 lays out a letter's
// subject (see Gist).
var Titles = map[string]string{
	Receipt:    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
	Supplement: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
	Refusal:    "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
	Apology:    "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
	Stop:       "Thông báo dừng giải quyết hồ sơ",
	Control:    "Phiếu kiểm soát quá trình giải quyết hồ sơ",
	Log:        "Sổ theo dõi hồ sơ",
}

// Known reports whether form is one of 01–07.
func Known(form string) bool { _, ok := Titles[form]; return ok }

// DefaultUnit is the one-stop unit of a commune since 1 July 2025 (Decree
// 118/2025/NĐ-CP; the commune centres of public administrative services
// replace the "Bộ phận Một cửa" of the commune People's Committee).
const DefaultUnit = "Trung tâm Phục vụ hành chính công"

// DefaultLetterSymbol is the drafting unit's abbreviation in the symbol of
// forms 04 and 05 (Decree 30/2020 Annex I: "Số: 05/UBND-TTPVHCC").
const DefaultLetterSymbol = "TTPVHCC"

// Office is the issuing office as printed in the heading.
type Office struct {
	Name    string // "Ủy ban nhân dân xã Ninh Xuân"
	Unit    string // the one-stop unit, "Trung tâm Phục vụ hành chính công"; "" for DefaultUnit
	Address string
	Phone   string // the one-stop unit's hotline
	// Chairman is the chairman's name: a letter signed by anyone else is
	// signed "KT. CHỦ TỊCH" by a vice-chairman.
	Chairman string
	// LetterSymbol is the drafting unit's part of the symbol of forms 04 and
	// 05; "" for DefaultLetterSymbol.
	LetterSymbol string
}

var committeePrefixes = []string{"Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "UBND"}

// commune is the office name without "Ủy ban nhân dân": "xã Ninh Xuân".
func (o Office) commune() string {
	name := o.Name
	for _, p := range committeePrefixes {
		name = strings.TrimPrefix(name, p)
	}
	return strings.TrimSpace(name)
}

// Short is the office name as a heading's first line: "UBND XÃ NINH XUÂN".
func (o Office) Short() string { return strings.ToUpper("UBND " + o.commune()) }

// UnitHeading is the office without "Ủy ban nhân dân", upper-cased, for the
// heading of the letters the committee itself issues: "XÃ NINH XUÂN".
func (o Office) UnitHeading() string { return strings.ToUpper(o.commune()) }

// UnitName is the one-stop unit's name: "Trung tâm Phục vụ hành chính công".
func (o Office) UnitName() string {
	if u := strings.TrimSpace(o.Unit); u != "" {
		return u
	}
	return DefaultUnit
}

// UnitFull is the unit's name with its commune, as the slips' text names it:
// "Trung tâm Phục vụ hành chính công xã Ninh Xuân".
func (o Office) UnitFull() string {
	u, c := o.UnitName(), o.commune()
	if c == "" || strings.Contains(strings.ToLower(u), strings.ToLower(c)) {
		return u
	}
	return u + " " + c
}

// Place is the commune's name for the place-and-date line: "Ninh Xuân".
func (o Office) Place() string {
	name := o.commune()
	for _, p := range []string{"xã ", "phường ", "thị trấn ", "đặc khu ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu "} {
		name = strings.TrimPrefix(name, p)
	}
	return strings.TrimSpace(name)
}

// Symbol is the drafting unit's part of a letter's symbol.
func (o Office) Symbol() string {
	if s := strings.TrimSpace(o.LetterSymbol); s != "" {
		return s
	}
	return DefaultLetterSymbol
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
	ID, Code                 string // Code is "" before receipt
	Applicant, IDNumber      string
	Phone, Email, Address    string
	Procedure, ProcedureCode string
	Status                   string // Vietnamese label
	// Received is when the dossier was received (zero when it was not),
	// HandedIn when it was handed in or registered; Due is the appointment in
	// force, OriginalDue the one the receipt gave.
	Received, HandedIn time.Time
	Due, OriginalDue   time.Time
	// LookupURL is the public look-up address, encoded in the QR code; ""
	// when the office has not configured its public address (or no code).
	LookupURL string
	// NoQR says why there is no QR code, printed in its place; "" to print
	// nothing.
	NoQR string
}

// Delivery is where the citizen registered to get the result (form 01,
// item 6).
type Delivery string

const (
	AtOffice Delivery = "office" // at the one-stop unit
	ByPost   Delivery = "post"   // dịch vụ bưu chính công ích
	Online   Delivery = "online" // through the national public-service portal
)

// ReceiptData is form 01. It says what the slip said at receipt: the
// appointment then, not a later new date (a supplement's pause or an
// apology is told on forms 02 and 04).
type ReceiptData struct {
	Documents []Document
	Sets      int
	TimeLimit string
	Delivery  Delivery
	// DeliveryAddress is the address a result goes to by post.
	DeliveryAddress string
	// Fee is the fee line, see FeeLine.
	Fee   string
	Book  string // Sổ theo dõi hồ sơ, quyển số
	Entry int    // số thứ tự trong quyển
	// Officer is the receiving officer.
	Officer string
	// Explain is the deadline's explanation, printed on request.
	Explain *calendar.Deadline
}

// FeeLine is item 7 of form 01: the amount collected with the procedure's
// rate beside it; with nothing collected, the procedure's fee text (an
// exemption, or a rate the clerk did not enter as collected) rather than a
// bare "Không thu" that contradicts it.
func FeeLine(collected float64, rate string) string {
	rate = strings.TrimSpace(rate)
	switch {
	case collected > 0 && rate != "" && rate != Money(collected):
		return Money(collected) + " (mức thu: " + rate + ")"
	case collected > 0:
		return Money(collected)
	case rate != "":
		return rate
	}
	return "Không thu"
}

// SupplementData is form 02.
type SupplementData struct {
	// Ordinal is 1 for the first supplement request after receipt; 0 for the
	// guidance of a dossier before receipt.
	Ordinal int
	At      time.Time
	Items   []Document
	Reason  string
	// Received tells whether the dossier was received: the wait then pauses
	// the time limit; before receipt the time limit has not started.
	Received     bool
	Officer      string
	OfficerPhone string
}

// NoticeData is forms 03, 04 and 05: a step with its reason and signer.
type NoticeData struct {
	At     time.Time
	Reason string
	Signer string
	// Chairman tells that the letter (04, 05) is signed by the chairman;
	// otherwise a vice-chairman signs "KT. CHỦ TỊCH".
	Chairman bool
	// NewDue is the date form 04 proposes.
	NewDue time.Time
}

// ControlRow is one hand-over of form 06: from which agency and officer to
// which.
type ControlRow struct {
	Step                 string
	FromAgency, ToAgency string
	From, To             string // persons
	At                   time.Time
	Due                  time.Time
	Result               string // Trước hạn / Đúng hạn / Trễ hạn
	Note                 string
}

// ControlData is form 06.
type ControlData struct {
	// Lead is the agency that decides (cơ quan giải quyết hồ sơ);
	// Coordinating the agencies that take part, "" when none is recorded.
	Lead, Coordinating string
	Rows               []ControlRow
}

// LogRow is one dossier of form 07.
type LogRow struct {
	Entry                int
	Code, Procedure      string
	Sets                 int
	Applicant            string
	Address, Phone       string
	Lead                 string // cơ quan chủ trì giải quyết
	Received, Due        time.Time
	Transferred, Decided time.Time // to the deciding agency; result back from it
	Returned             time.Time
	ReturnedTo           string
	Note                 string
}

// LogData is form 07.
type LogData struct {
	From, To calendar.Date
	Rows     []LogRow
	// Audit is the head of the audit log's hash chain, printed under the
	// log so that a paper copy can later be checked against the database;
	// nil when the audit log is empty or unavailable.
	Audit *auditchain.Head
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

// Title is the form's name (Titles).
func (p *Page) Title() string { return Titles[p.Form] }

// Letter reports whether the form is an official letter of the committee
// (04, 05) rather than a slip of the one-stop unit.
func (p *Page) Letter() bool { return p.Form == Apology || p.Form == Stop }

// Landscape reports whether the form is printed on A4 landscape.
func (p *Page) Landscape() bool { return p.Form == Log }

var tmpl = template.Must(template.New("forms").Funcs(template.FuncMap{
	"date":     Date,
	"hour":     Hour,
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

// DateLine writes the date of the place-and-date line as Decree 30/2020/NĐ-CP
// Annex I (Part I, II.5) asks: in full, a leading zero only for days below 10
// and for months 1 and 2 ("ngày 05 tháng 01 năm 2026", "ngày 18 tháng 6 năm
// 2026").
func DateLine(t time.Time) string {
	if t.IsZero() {
		return "ngày …… tháng …… năm ……"
	}
	t = t.In(calendar.Location)
	month := strconv.Itoa(int(t.Month()))
	if t.Month() < time.March {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// Hour writes t as the slips' "10 giờ 05 phút, ngày 29/04/2026".
func Hour(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.Location)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), calendar.FormatDate(t))
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
