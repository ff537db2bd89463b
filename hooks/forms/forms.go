package forms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/auditchain"
	"motcua/internal/calendar"
	"motcua/internal/forms"
	"motcua/internal/lifecycle"
)

// The printable forms (biểu mẫu in, Circular 03/2025/TT-VPCP Annex I) are
// staff routes that answer print-ready HTML:
//
//	GET /api/motcua/forms/{form}/{dossier}   forms 01–06 of one dossier (id or code)
//	GET /api/motcua/forms/07?from=&to=       the dossier log of a period
//	GET /api/motcua/forms/forms.css          their stylesheet (public)
//
// A form that does not apply to the dossier (03 for a dossier that was not
// refused, ...) is a 404 with a Vietnamese message. The admin UI reaches the
// forms through the `print_url` field of dossiers: never stored, filled in
// every staff response with the address of the staff print page
// (pb_public/print/), which reads the admin UI's token and fetches the form.
//
// The QR code on the slips encodes the dossier's public look-up address
// <site>/#/ho-so/<code>, where site is only ever the office setting
// `settings.public_url` (the address citizens reach the public page at): a
// request's Host and X-Forwarded-Proto are whatever the client sends, and a
// slip handed to a citizen must not carry an address an attacker chose
// (security issue 12, row 16). Without the setting the slip prints a notice
// in the QR code's place. The office `website` is not used: it is the
// commune's portal, which has no look-up. The print link is relative, so it
// opens on whichever address the clerk already uses.

// printPage is the staff print page, under pb_public.
const printPage = "/print/index.html"

func RegisterForms(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/motcua/forms")
		g.GET("/forms.css", func(e *core.RequestEvent) error {
			e.Response.Header().Set("Cache-Control", "public, max-age=3600")
			return e.Blob(http.StatusOK, "text/css; charset=utf-8", forms.Stylesheet())
		})
		g.GET("/07", formLog).BindFunc(kit.RequireStaff(access.Roles...))
		g.GET("/{form}/{dossier}", formOfDossier).BindFunc(kit.RequireStaff(access.Roles...))
		return se.Next()
	})

	kit.ComputedLink(app, "print_url", func(d *core.Record) string { return printURL(d.Id) })
}

// printURL is the staff print page of a dossier, opened on its receipt. It is
// relative to the site the clerk is on; no request header goes into it.
func printURL(id string) string {
	return printPage + "#01/" + id
}

// publicSite is the address citizens reach the public page at, as the IT
// officer configured it (office `settings.public_url`), or "" when it is not
// set or not an http(s) address.
func publicSite(office *core.Record) string {
	var settings struct {
		PublicURL string `json:"public_url"`
	}
	if office != nil {
		_ = office.UnmarshalJSONField("settings", &settings)
	}
	site := strings.TrimRight(strings.TrimSpace(settings.PublicURL), "/")
	if u, err := url.Parse(site); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return site
	}
	return ""
}

// noQRNotice is printed in the QR code's place while public_url is unset.
// It is read by the citizen holding the slip: no setting's key in it (the
// admin finds public_url in the README and the office record).
const noQRNotice = "Tra cứu hồ sơ bằng mã hồ sơ trên trang công khai của cơ quan (chưa in mã QR: quản trị chưa khai báo địa chỉ trang công khai)."

// LookupURL is the public look-up address of a dossier code on site.
func LookupURL(site, code string) string {
	return strings.TrimRight(site, "/") + "/#/ho-so/" + url.PathEscape(code)
}

// FormContext is what the forms of one dossier read.
type FormContext struct {
	app       core.App
	office    *core.Record
	procedure *core.Record
	Dossier   *core.Record
	events    []*core.Record
	staff     map[string]staffMember
	site      string
	// viewer is the signed-in staff member printing the form.
	viewer string
}

// staffMember is what the forms print of an account.
type staffMember struct{ name, role string }

func (fc *FormContext) eventsOf(a lifecycle.Action) []*core.Record {
	var out []*core.Record
	for _, ev := range fc.events {
		if ev.GetString("action") == string(a) {
			out = append(out, ev)
		}
	}
	return out
}

func (fc *FormContext) lastEvent(a lifecycle.Action) *core.Record {
	evs := fc.eventsOf(a)
	if len(evs) == 0 {
		return nil
	}
	return evs[len(evs)-1]
}

// received reports whether the dossier was received (tiếp nhận): a receipt
// step exists and it was not refused. Only then was a receipt (form 01) owed;
// a dossier handed in and found incomplete, or refused, was never received
// (Decree 118/2025/NĐ-CP: the intake check comes before receipt).
func (fc *FormContext) received() bool {
	status := lifecycle.Status(fc.Dossier.GetString("status"))
	return status != lifecycle.Submitted && status != lifecycle.Refused &&
		fc.Dossier.GetString("code") != "" && fc.lastEvent(lifecycle.Receive) != nil
}

// label names the dossier in messages: its code, or its applicant before it
// has one.
func (fc *FormContext) label() string {
	if c := fc.Dossier.GetString("code"); c != "" {
		return c
	}
	return "của " + fc.Dossier.GetString("applicant_name")
}

// applicable lists the forms 01–06 that apply to the dossier, and for the
// others why not.
func (fc *FormContext) applicable() (list []string, why map[string]string) {
	d := fc.Dossier
	status := lifecycle.Status(d.GetString("status"))
	code := fc.label()
	why = map[string]string{}
	switch {
	case status == lifecycle.Refused:
		why[forms.Receipt] = fmt.Sprintf("Hồ sơ %s đã bị từ chối tiếp nhận: không cấp Giấy tiếp nhận (mẫu 01); hãy in Phiếu từ chối (mẫu 03).", code)
	case !fc.received():
		why[forms.Receipt] = fmt.Sprintf("Hồ sơ %s chưa được tiếp nhận: chưa cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01).", code)
	}
	// Before receipt an incomplete dossier is guided once, in writing, on
	// form 02; after receipt form 02 is each supplement request.
	if len(fc.eventsOf(lifecycle.RequestSupplement)) == 0 && status != lifecycle.Submitted {
		why[forms.Supplement] = fmt.Sprintf("Hồ sơ %s không có yêu cầu bổ sung, hoàn thiện hồ sơ nào: không có phiếu mẫu 02.", code)
	}
	if status != lifecycle.Refused {
		why[forms.Refusal] = fmt.Sprintf("Hồ sơ %s không bị từ chối tiếp nhận: không có phiếu từ chối (mẫu 03).", code)
	}
	if d.GetDateTime("apology_at").IsZero() || fc.lastEvent(lifecycle.Apologize) == nil {
		why[forms.Apology] = fmt.Sprintf("Hồ sơ %s chưa có văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04): lãnh đạo chưa lập.", code)
	}
	if status != lifecycle.Stopped {
		why[forms.Stop] = fmt.Sprintf("Hồ sơ %s không bị dừng giải quyết: không có thông báo dừng giải quyết hồ sơ (mẫu 05).", code)
	}
	if d.GetString("code") == "" {
		why[forms.Control] = fmt.Sprintf("Hồ sơ %s chưa có mã hồ sơ: chưa có phiếu kiểm soát quá trình giải quyết (mẫu 06).", code)
	}
	for _, f := range []string{forms.Receipt, forms.Supplement, forms.Refusal, forms.Apology, forms.Stop, forms.Control} {
		if why[f] == "" {
			list = append(list, f)
		}
	}
	return list, why
}

func LoadFormContext(e *core.RequestEvent, ref string) (*FormContext, error) {
	app := e.App
	d, err := app.FindRecordById("dossiers", ref)
	if err != nil {
		d, err = app.FindFirstRecordByData("dossiers", "code", ref)
	}
	if err != nil || ref == "" {
		return nil, e.NotFoundError("Không tìm thấy hồ sơ \""+ref+"\".", nil)
	}
	fc := &FormContext{app: app, Dossier: d}
	if fc.office, err = office.FindOffice(app); err != nil {
		return nil, e.BadRequestError("Chưa khai báo thông tin cơ quan (office): quản trị cần nhập trước khi in biểu mẫu.", nil)
	}
	if fc.procedure, err = app.FindRecordById("procedures", d.GetString("procedure")); err != nil {
		return nil, fmt.Errorf("forms: procedure of %s: %w", d.Id, err)
	}
	if fc.events, err = app.FindRecordsByFilter("dossier_events", "dossier = {:d}", "at,created", 0, 0, dbx.Params{"d": d.Id}); err != nil {
		return nil, fmt.Errorf("forms: events of %s: %w", d.Id, err)
	}
	if fc.staff, err = staffMembers(app); err != nil {
		return nil, err
	}
	fc.site = publicSite(fc.office)
	if e.Auth != nil {
		fc.viewer = dossier.StaffName(e.Auth)
	}
	return fc, nil
}

func staffMembers(app core.App) (map[string]staffMember, error) {
	recs, err := app.FindAllRecords(core.CollectionNameSuperusers)
	if err != nil {
		return nil, fmt.Errorf("forms: staff: %w", err)
	}
	out := make(map[string]staffMember, len(recs))
	for _, r := range recs {
		out[r.Id] = staffMember{name: dossier.StaffName(r), role: kit.StaffRole(r)}
	}
	return out, nil
}

// formOffice is the office as the forms print it.
func formOffice(office *core.Record) forms.Office {
	o := forms.Office{Name: office.GetString("name"), Unit: office.GetString("unit_name"),
		Address: office.GetString("address"), Chairman: office.GetString("chairman"),
		LetterSymbol: office.GetString("letter_symbol")}
	var hotlines []struct {
		Role  string `json:"role"`
		Phone string `json:"phone"`
	}
	if err := office.UnmarshalJSONField("hotlines", &hotlines); err == nil {
		for _, h := range hotlines {
			role := strings.ToLower(h.Role)
			if strings.Contains(role, "một cửa") || strings.Contains(role, "phục vụ hành chính công") {
				o.Phone = h.Phone
			}
		}
	}
	return o
}

func formOfDossier(e *core.RequestEvent) error {
	form := e.Request.PathValue("form")
	if form == forms.Log {
		return e.BadRequestError("Mẫu 07 (Sổ theo dõi hồ sơ) in theo kỳ, không theo từng hồ sơ: /api/motcua/forms/07?from=YYYY-MM-DD&to=YYYY-MM-DD.", nil)
	}
	if !forms.Known(form) {
		return e.NotFoundError("Không có biểu mẫu số \""+form+"\": các mẫu là 01 đến 07 (Thông tư 03/2025/TT-VPCP).", nil)
	}
	fc, err := LoadFormContext(e, e.Request.PathValue("dossier"))
	if err != nil {
		return err
	}
	list, why := fc.applicable()
	if msg := why[form]; msg != "" {
		return e.NotFoundError(msg, nil)
	}
	page, err := fc.Page(form, e.Request.URL.Query())
	if err != nil {
		return err
	}
	page.Others = list
	e.Response.Header().Set("X-Motcua-Forms", strings.Join(list, ","))
	return RenderForm(e, page)
}

func RenderForm(e *core.RequestEvent, page *forms.Page) error {
	var buf bytes.Buffer
	if err := forms.Render(&buf, page); err != nil {
		return fmt.Errorf("forms: render %s: %w", page.Form, err)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "no-store")
	kit.SecurityHeaders(h, kit.DocumentPolicy)
	return e.HTML(http.StatusOK, buf.String())
}

// page builds one form of the dossier; the form applies (see applicable).
func (fc *FormContext) Page(form string, query url.Values) (*forms.Page, error) {
	d := fc.Dossier
	p := &forms.Page{Form: form, Office: formOffice(fc.office), Dossier: fc.formDossier()}
	switch form {
	case forms.Receipt:
		p.Date = p.Dossier.Received
		data, err := fc.receipt(query.Get("explain") == "1")
		if err != nil {
			return nil, err
		}
		p.Data = data
	case forms.Supplement:
		p.Data = fc.supplement(query.Get("lan"), p.Office.Phone)
		p.Date = p.Data.(*forms.SupplementData).At
	case forms.Refusal, forms.Apology, forms.Stop:
		action := map[string]lifecycle.Action{forms.Refusal: lifecycle.Refuse, forms.Apology: lifecycle.Apologize, forms.Stop: lifecycle.Stop}[form]
		ev := fc.lastEvent(action)
		data := &forms.NoticeData{Reason: d.GetString("note")}
		if ev != nil {
			data.At, data.Reason, data.Signer = ev.GetDateTime("at").Time(), ev.GetString("note"), ev.GetString("actor_name")
		}
		if form == forms.Apology {
			data.NewDue = d.GetDateTime("new_due_at").Time()
			if data.Reason == "" {
				data.Reason = d.GetString("apology_reason")
			}
			// The letter tells the appointment in force when it was issued.
			if ev != nil && !ev.GetDateTime("step_due_at").IsZero() {
				p.Dossier.Due = ev.GetDateTime("step_due_at").Time()
			}
		}
		if data.At.IsZero() {
			data.At = d.GetDateTime("ended_at").Time()
		}
		if form != forms.Refusal {
			data.Chairman = sameName(data.Signer, p.Office.Chairman)
			n, err := fc.letterNumber(form, data.At)
			if err != nil {
				return nil, err
			}
			p.Number = n
		}
		p.Date = data.At
		p.Data = data
	case forms.Control:
		p.Date = p.Dossier.HandedIn
		p.Data = &forms.ControlData{Lead: p.Office.Name, Rows: fc.controlRows(p.Office)}
	}
	return p, nil
}

// supplement is form 02: the lan-th supplement request (the last by
// default), or, for a dossier not received, the written guidance of what it
// lacks (Decree 118/2025/NĐ-CP: an incomplete dossier is guided once, in
// writing, and not received).
func (fc *FormContext) supplement(lan string, phone string) *forms.SupplementData {
	d := fc.Dossier
	data := &forms.SupplementData{Received: fc.received(), OfficerPhone: phone}
	evs := fc.eventsOf(lifecycle.RequestSupplement)
	if len(evs) == 0 {
		data.Items = ParseDocuments(d.Get("missing_items"), "")
		data.Reason = d.GetString("note")
		data.At = d.GetDateTime("updated").Time()
		if n := len(fc.events); n > 0 {
			last := fc.events[n-1]
			data.At, data.Officer = last.GetDateTime("at").Time(), last.GetString("actor_name")
		}
		if data.Officer == "" || data.Officer == "Hệ thống" || strings.HasPrefix(data.Officer, "Công dân") {
			data.Officer = fc.viewer
		}
		return data
	}
	n := len(evs)
	if k, err := strconv.Atoi(lan); err == nil && k >= 1 && k <= len(evs) {
		n = k
	}
	ev := evs[n-1]
	data.Items = ParseDocuments(ev.Get("data"), "missing_items")
	if len(data.Items) == 0 {
		data.Items = ParseDocuments(d.Get("missing_items"), "")
	}
	data.At, data.Reason, data.Officer = ev.GetDateTime("at").Time(), ev.GetString("note"), ev.GetString("actor_name")
	// Guidance given before receipt is not a supplement request of the
	// handling: it leaves the dossier not received, and is not counted.
	receivedAt := time.Time{}
	if r := fc.lastEvent(lifecycle.Receive); r != nil && data.Received {
		receivedAt = r.GetDateTime("at").Time()
	}
	data.Received = !receivedAt.IsZero() && !receivedAt.After(data.At)
	if data.Received {
		for _, e := range evs[:n] {
			if !receivedAt.After(e.GetDateTime("at").Time()) {
				data.Ordinal++
			}
		}
	}
	return data
}

// sameName compares two people's names as printed.
func sameName(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// letterNumber is the number and symbol of letter 04 or 05 ("Số: 03/UBND-
// TTPVHCC", "Số: 02/TB-UBND"). Decree 30/2020/NĐ-CP art. 15 lets the head of
// the office set how administrative documents are numbered; Motcua numbers
// these letters in their own register, from 01 each calendar year, in the
// order they were issued, so a reprint always bears the same number. The
// symbol is Decree 30's: the committee and the drafting unit for a letter
// without a type name (04), the type "TB" (thông báo) and the committee for
// the notice (05).
func (fc *FormContext) letterNumber(form string, at time.Time) (string, error) {
	if at.IsZero() {
		return "", nil
	}
	y := at.In(calendar.Location).Year()
	start := kit.DBTime(time.Date(y, 1, 1, 0, 0, 0, 0, calendar.Location))
	until := kit.DBTime(at)
	action, symbol := lifecycle.Apologize, "UBND-"+formOffice(fc.office).Symbol()
	if form == forms.Stop {
		action, symbol = lifecycle.Stop, "TB-UBND"
	}
	var n int
	err := fc.app.DB().NewQuery("SELECT count(*) FROM dossier_events WHERE action = {:a} AND at >= {:s} AND at <= {:u}").
		Bind(dbx.Params{"a": string(action), "s": start, "u": until}).Row(&n)
	if err != nil {
		return "", fmt.Errorf("forms: letter number: %w", err)
	}
	return fmt.Sprintf("%02d/%s", max(n, 1), symbol), nil
}

func (fc *FormContext) formDossier() forms.Dossier {
	d := fc.Dossier
	out := forms.Dossier{
		ID: d.Id, Code: d.GetString("code"),
		Applicant: d.GetString("applicant_name"), IDNumber: d.GetString("applicant_id_number"),
		Phone: d.GetString("applicant_phone"), Email: d.GetString("applicant_email"), Address: d.GetString("applicant_address"),
		Procedure: fc.procedure.GetString("name"), ProcedureCode: fc.procedure.GetString("code"),
		Status:      lifecycle.Status(d.GetString("status")).Label(),
		Received:    d.GetDateTime("received_at").Time(),
		HandedIn:    firstTime(d.GetDateTime("received_at").Time(), fc.firstEventAt(), d.GetDateTime("created").Time()),
		Due:         d.GetDateTime("due_at").Time(),
		OriginalDue: firstTime(d.GetDateTime("original_due_at").Time(), d.GetDateTime("due_at").Time()),
	}
	switch {
	case out.Code == "":
	case fc.site == "":
		out.NoQR = noQRNotice
	default:
		out.LookupURL = LookupURL(fc.site, out.Code)
	}
	return out
}

// firstEventAt is when the dossier's first step was taken (its registration
// or intake, dated as the clerk entered it), zero without events.
func (fc *FormContext) firstEventAt() time.Time {
	if len(fc.events) == 0 {
		return time.Time{}
	}
	return fc.events[0].GetDateTime("at").Time()
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// receipt is form 01 as it was issued: the appointment given then, the
// receiving officer, the papers received.
func (fc *FormContext) receipt(explain bool) (*forms.ReceiptData, error) {
	d, proc := fc.Dossier, fc.procedure
	received := d.GetDateTime("received_at").Time()
	r := &forms.ReceiptData{
		Documents: ParseDocuments(d.Get("documents"), ""),
		Sets:      max(d.GetInt("sets"), 1),
		TimeLimit: proc.GetString("time_limit_text"),
		Fee:       forms.FeeLine(d.GetFloat("fee"), proc.GetString("fee_text")),
		Officer:   fc.staff[d.GetString("received_by")].name,
	}
	// A dossier is received only when complete: with no papers recorded,
	// what it holds is the procedure's list (thành phần hồ sơ).
	if len(r.Documents) == 0 {
		r.Documents = ParseDocuments(proc.Get("documents"), "")
	}
	if alts, n := office.AltLimits(proc), d.GetInt("time_limit_alt"); n >= 1 && n <= len(alts) {
		// The conditional limit chosen at intake (issue 13.6).
		r.TimeLimit = office.LimitText(alts[n-1].Days) + " (" + alts[n-1].Condition + ")"
	}
	if r.TimeLimit == "" {
		if proc.GetBool("same_day") || proc.GetInt("time_limit_days") == 0 {
			r.TimeLimit = "trong ngày làm việc"
		} else {
			r.TimeLimit = fmt.Sprintf("%02d ngày làm việc", proc.GetInt("time_limit_days"))
		}
	}
	if ev := fc.lastEvent(lifecycle.Receive); ev != nil && r.Officer == "" {
		r.Officer = ev.GetString("actor_name")
	}
	switch lifecycle.Channel(d.GetString("channel")) {
	case lifecycle.Post:
		r.Delivery, r.DeliveryAddress = forms.ByPost, d.GetString("applicant_address")
	case lifecycle.Online:
		r.Delivery = forms.Online
	default:
		r.Delivery = forms.AtOffice
	}
	r.Book = d.GetString("log_book")
	if r.Book == "" {
		r.Book = strconv.Itoa(received.In(calendar.Location).Year())
	}
	entry, err := logEntry(fc.app, d.GetString("code"))
	if err != nil {
		return nil, err
	}
	r.Entry = entry
	if explain {
		cal, err := office.Calendar(fc.app)
		if err != nil {
			return nil, err
		}
		dl := office.DossierDeadline(cal, fc.office, proc, d, received)
		r.Explain = &dl
	}
	return r, nil
}

// logEntry is a dossier's entry number in the dossier log (số thứ tự trong
// Sổ theo dõi hồ sơ): its rank among the codes of its unit and year. Codes
// are issued in order and never deleted, so the number never changes.
func logEntry(app core.App, code string) (int, error) {
	prefix := logPrefix(code)
	if prefix == "" {
		return 0, nil
	}
	var n int
	err := app.DB().NewQuery("SELECT count(*) FROM dossiers WHERE code LIKE {:p} AND code <= {:c}").
		Bind(dbx.Params{"p": prefix + "%", "c": code}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("forms: log entry of %s: %w", code, err)
	}
	return n, nil
}

// logPrefix is "<unit>-<YY>" of a code "<unit>-<YYMMDD>-<NNNN>".
func logPrefix(code string) string {
	i := strings.LastIndex(code, "-")
	if i < 8 {
		return ""
	}
	j := strings.LastIndex(code[:i], "-")
	if j < 0 || i-j != 7 {
		return ""
	}
	return code[:j+3]
}

// ParseDocuments reads a list of papers from a JSON field: objects
// {"name", "kind", "count", "note"}, plain names, or text one per line. key
// picks a member of an object first (the `data` of an event).
func ParseDocuments(v any, key string) []forms.Document {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	if key != "" {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		raw = m[key]
	}
	var docs []forms.Document
	if json.Unmarshal(raw, &docs) == nil {
		return docs
	}
	// A list of plain names: json.Unmarshal has left one empty document per
	// name in docs before it gave up, so start again.
	docs = nil
	var names []string
	if json.Unmarshal(raw, &names) != nil {
		var text string
		if json.Unmarshal(raw, &text) != nil {
			return nil
		}
		names = strings.Split(text, "\n")
	}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			docs = append(docs, forms.Document{Name: n, Count: 1})
		}
	}
	return docs
}

// controlRows are the hand-overs of form 06, from the dossier's events: for
// each, the agency and the officer that gave the dossier and those that took
// it (Circular 03/2025/TT-VPCP Annex I, form 06: "Tên cơ quan" with "Giao" and
// "Nhận", the time, the result and the signatures of both).
func (fc *FormContext) controlRows(office forms.Office) []forms.ControlRow {
	d := fc.Dossier
	citizen := "Người nộp hồ sơ"
	applicant := d.GetString("applicant_name")
	agency := func(id string) string {
		switch fc.staff[id].role {
		case access.Leader:
			return "Lãnh đạo " + office.Name
		case access.Specialist:
			return "Công chức chuyên môn, " + office.Name
		}
		return office.UnitFull()
	}
	var rows []forms.ControlRow
	for _, ev := range fc.events {
		action := lifecycle.Action(ev.GetString("action"))
		actorID, who := ev.GetString("actor"), ev.GetString("actor_name")
		row := forms.ControlRow{Step: action.Label(), FromAgency: agency(actorID), From: who,
			At: ev.GetDateTime("at").Time(), Due: ev.GetDateTime("step_due_at").Time(), Note: ev.GetString("note")}
		switch action {
		case lifecycle.Edit, lifecycle.Reproject, lifecycle.Rate, lifecycle.FollowUp:
			continue
		case lifecycle.Register, lifecycle.Receive, lifecycle.SupplementReceived, lifecycle.Paid, lifecycle.RequestWithdrawal:
			row.FromAgency, row.From = citizen, applicant
			row.ToAgency, row.To = agency(actorID), who
		case lifecycle.Transfer, lifecycle.Reassign, lifecycle.SubmitForDecision:
			if from := ev.GetString("from_officer"); from != "" && action != lifecycle.Transfer {
				row.FromAgency, row.From = agency(from), fc.staff[from].name
			}
			to := ev.GetString("to_officer")
			row.ToAgency, row.To = agency(to), fc.staff[to].name
		case lifecycle.Decide:
			row.ToAgency = office.UnitFull()
		case lifecycle.Return:
			row.ToAgency, row.To = citizen, firstNonEmpty(d.GetString("returned_to"), applicant)
		default: // refusal, supplement and payment requests, stop, apology: to the citizen
			row.ToAgency, row.To = citizen, applicant
		}
		// A step before receipt has no deadline to be early or late for.
		if c := lifecycle.Class(ev.GetString("result")); c != "" && !row.Due.IsZero() {
			row.Result = c.Label()
		}
		rows = append(rows, row)
	}
	return rows
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// maxLogDays bounds the period of one printed log.
const maxLogDays = 400

func formLog(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	today := calendar.DateOf(time.Now())
	from, to := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}, today
	var err error
	if s := q.Get("from"); s != "" {
		if from, err = calendar.ParseDate(s); err != nil {
			return e.BadRequestError("Ngày bắt đầu (from) phải có dạng YYYY-MM-DD.", nil)
		}
	}
	if s := q.Get("to"); s != "" {
		if to, err = calendar.ParseDate(s); err != nil {
			return e.BadRequestError("Ngày kết thúc (to) phải có dạng YYYY-MM-DD.", nil)
		}
	}
	if to.Before(from) {
		return e.BadRequestError("Ngày kết thúc (to) phải sau ngày bắt đầu (from).", nil)
	}
	if from.AddDays(maxLogDays).Before(to) {
		return e.BadRequestError(fmt.Sprintf("Mỗi lần in sổ tối đa %d ngày.", maxLogDays), nil)
	}
	office, err := office.FindOffice(e.App)
	if err != nil {
		return e.BadRequestError("Chưa khai báo thông tin cơ quan (office): quản trị cần nhập trước khi in biểu mẫu.", nil)
	}
	o := formOffice(office)
	data, err := logData(e.App, o, from, to)
	if err != nil {
		return err
	}
	return RenderForm(e, &forms.Page{Form: forms.Log, Office: o, Date: time.Now(), Data: data})
}

// logData is the dossier log of the dossiers received from one day to
// another (office time), in code order. A dossier handed in but not received
// (no code) is not in the log.
func logData(app core.App, office forms.Office, from, to calendar.Date) (*forms.LogData, error) {
	start, end := from.At(0, 0), to.AddDays(1).At(0, 0)
	dossiers, err := app.FindRecordsByFilter("dossiers", "received_at >= {:s} && received_at < {:e} && code != '' && status != 'submitted'", "code", 0, 0,
		dbx.Params{"s": kit.DBTime(start), "e": kit.DBTime(end)})
	if err != nil {
		return nil, fmt.Errorf("forms: log dossiers: %w", err)
	}
	data := &forms.LogData{From: from, To: to, Rows: make([]forms.LogRow, 0, len(dossiers))}
	ids := make([]any, len(dossiers))
	for i, d := range dossiers {
		ids[i] = d.Id
	}
	// The first transfer to the deciding officer, the first decision (the
	// result back from the deciding agency) and the first return.
	steps := map[lifecycle.Action]map[string]time.Time{lifecycle.Transfer: {}, lifecycle.Decide: {}, lifecycle.Return: {}}
	if len(ids) > 0 {
		evs, err := app.FindAllRecords("dossier_events", dbx.In("dossier", ids...),
			dbx.In("action", string(lifecycle.Transfer), string(lifecycle.Decide), string(lifecycle.Return)))
		if err != nil {
			return nil, fmt.Errorf("forms: log events: %w", err)
		}
		sort.Slice(evs, func(i, j int) bool { return evs[i].GetDateTime("at").Time().Before(evs[j].GetDateTime("at").Time()) })
		for _, ev := range evs {
			m := steps[lifecycle.Action(ev.GetString("action"))]
			if _, ok := m[ev.GetString("dossier")]; !ok {
				m[ev.GetString("dossier")] = ev.GetDateTime("at").Time()
			}
		}
	}
	procs := map[string]string{}
	if recs, err := app.FindAllRecords("procedures"); err == nil {
		for _, p := range recs {
			procs[p.Id] = p.GetString("name")
		}
	}
	prefix, entry := "", 0
	for _, d := range dossiers {
		code := d.GetString("code")
		if p := logPrefix(code); p != prefix || entry == 0 {
			prefix = p
			if entry, err = logEntry(app, code); err != nil {
				return nil, err
			}
		} else {
			entry++
		}
		data.Rows = append(data.Rows, forms.LogRow{
			Entry: entry, Code: code, Procedure: procs[d.GetString("procedure")], Sets: max(d.GetInt("sets"), 1),
			Applicant: d.GetString("applicant_name"), Address: d.GetString("applicant_address"), Phone: d.GetString("applicant_phone"),
			Lead:     office.Name,
			Received: d.GetDateTime("received_at").Time(), Due: d.GetDateTime("due_at").Time(),
			Transferred: steps[lifecycle.Transfer][d.Id], Decided: steps[lifecycle.Decide][d.Id],
			Returned: steps[lifecycle.Return][d.Id], ReturnedTo: d.GetString("returned_to"),
			Note: logNote(d),
		})
	}
	data.Audit = auditChainHead(app)
	return data, nil
}

// logResult is the result column: the Decision 766 class of an ended
// dossier, else its status.
func logResult(d *core.Record) string {
	if c := lifecycle.Class(d.GetString("result_class")); c != "" {
		return c.Label()
	}
	return lifecycle.Status(d.GetString("status")).Label()
}

// logNote is the note column: the result (form 07 has no column of its own
// for it), then what else a reader of the log must know.
func logNote(d *core.Record) string {
	parts := []string{logResult(d)}
	status := lifecycle.Status(d.GetString("status"))
	switch status {
	case lifecycle.Refused, lifecycle.Stopped, lifecycle.WithdrawalRequested:
		if lifecycle.Class(d.GetString("result_class")) == "" {
			parts = parts[:0]
		}
		parts = append(parts, status.Label()+": "+d.GetString("note"))
	case lifecycle.Returned:
	default:
		if c := lifecycle.Class(d.GetString("result_class")); c != "" {
			parts = append(parts, status.Label())
		}
	}
	if n := d.GetInt("supplement_count"); n > 0 {
		parts = append(parts, fmt.Sprintf("Yêu cầu bổ sung %d lần", n))
	}
	if t := d.GetDateTime("new_due_at").Time(); !t.IsZero() {
		parts = append(parts, "Đã xin lỗi, hẹn lại "+forms.Date(t))
	}
	if d.GetString("channel") == string(lifecycle.Online) {
		parts = append(parts, "Nộp trực tuyến")
	} else if d.GetString("channel") == string(lifecycle.Post) {
		parts = append(parts, "Nộp qua bưu chính")
	}
	return strings.Join(parts, "; ")
}

// auditChainHead is the head of the audit log's hash chain, or nil when the
// log is empty or cannot be read.
func auditChainHead(app core.App) *auditchain.Head {
	seq, hash, err := audit.Head(app)
	if err != nil || hash == "" {
		return nil
	}
	return &auditchain.Head{Seq: seq, Hash: hash}
}
