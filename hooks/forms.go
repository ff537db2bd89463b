package hooks

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

	"motcua/internal/access"
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
// <site>/#/ho-so/<code>. site is the office setting `settings.public_url`
// when the IT officer set one (the address citizens reach the public page
// at), else the scheme and host of the clerk's own request. The office
// `website` is not used: it is the commune's portal, which has no look-up.

// printPage is the staff print page, under pb_public.
const printPage = "/print/index.html"

func registerForms(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/motcua/forms")
		g.GET("/forms.css", func(e *core.RequestEvent) error {
			e.Response.Header().Set("Cache-Control", "public, max-age=3600")
			return e.Blob(http.StatusOK, "text/css; charset=utf-8", forms.Stylesheet())
		})
		g.GET("/07", formLog).BindFunc(requireStaff(access.Roles...))
		g.GET("/{form}/{dossier}", formOfDossier).BindFunc(requireStaff(access.Roles...))
		return se.Next()
	})

	// print_url is computed per response, with the host the clerk uses.
	app.OnRecordsListRequest("dossiers").BindFunc(func(e *core.RecordsListRequestEvent) error {
		if e.HasSuperuserAuth() {
			for _, r := range e.Records {
				r.Set("print_url", printURL(e.RequestEvent, r.Id))
			}
		}
		return e.Next()
	})
	app.OnRecordViewRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			e.Record.Set("print_url", printURL(e.RequestEvent, e.Record.Id))
		}
		return e.Next()
	})
	// The admin UI sends the link back with every save: keep it unstored, so
	// it is never a change of the dossier.
	keep := func(e *core.RecordRequestEvent) error {
		if e.Record.IsNew() {
			e.Record.Set("print_url", "")
		} else {
			e.Record.Set("print_url", e.Record.Original().GetString("print_url"))
		}
		return e.Next()
	}
	app.OnRecordCreateRequest("dossiers").BindFunc(keep)
	app.OnRecordUpdateRequest("dossiers").BindFunc(keep)
}

// requestOrigin is the scheme and host the request came to.
func requestOrigin(e *core.RequestEvent) string {
	scheme := "http"
	if e.Request.TLS != nil || strings.EqualFold(e.Request.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + e.Request.Host
}

// printURL is the staff print page of a dossier, opened on its receipt.
func printURL(e *core.RequestEvent, id string) string {
	return requestOrigin(e) + printPage + "#01/" + id
}

// publicSite is the address citizens reach the public page at.
func publicSite(e *core.RequestEvent, office *core.Record) string {
	var settings struct {
		PublicURL string `json:"public_url"`
	}
	if office != nil {
		_ = office.UnmarshalJSONField("settings", &settings)
	}
	if u, err := url.Parse(settings.PublicURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return strings.TrimRight(settings.PublicURL, "/")
	}
	return requestOrigin(e)
}

// LookupURL is the public look-up address of a dossier code on site.
func LookupURL(site, code string) string {
	return strings.TrimRight(site, "/") + "/#/ho-so/" + url.PathEscape(code)
}

// formContext is what the forms of one dossier read.
type formContext struct {
	app       core.App
	office    *core.Record
	procedure *core.Record
	dossier   *core.Record
	events    []*core.Record
	staff     map[string]string // id -> name
	site      string
}

func (fc *formContext) eventsOf(a lifecycle.Action) []*core.Record {
	var out []*core.Record
	for _, ev := range fc.events {
		if ev.GetString("action") == string(a) {
			out = append(out, ev)
		}
	}
	return out
}

func (fc *formContext) lastEvent(a lifecycle.Action) *core.Record {
	evs := fc.eventsOf(a)
	if len(evs) == 0 {
		return nil
	}
	return evs[len(evs)-1]
}

// applicable lists the forms 01–06 that apply to the dossier, and for the
// others why not.
func (fc *formContext) applicable() (list []string, why map[string]string) {
	d := fc.dossier
	status := lifecycle.Status(d.GetString("status"))
	code := d.GetString("code")
	why = map[string]string{}
	switch status {
	case lifecycle.Submitted:
		why[forms.Receipt] = fmt.Sprintf("Hồ sơ %s mới đăng ký, chưa được tiếp nhận: chưa cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01).", code)
	case lifecycle.Refused:
		why[forms.Receipt] = fmt.Sprintf("Hồ sơ %s đã bị từ chối tiếp nhận: không cấp Giấy tiếp nhận (mẫu 01); hãy in Phiếu từ chối (mẫu 03).", code)
	default:
		if d.GetDateTime("received_at").IsZero() { // guided (form 02) before receipt
			why[forms.Receipt] = fmt.Sprintf("Hồ sơ %s chưa được tiếp nhận (đang hướng dẫn bổ sung, hoàn thiện): chưa cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01).", code)
		}
	}
	if len(fc.eventsOf(lifecycle.RequestSupplement)) == 0 {
		why[forms.Supplement] = fmt.Sprintf("Hồ sơ %s không có yêu cầu bổ sung, hoàn thiện hồ sơ nào: không có phiếu mẫu 02.", code)
	}
	if status != lifecycle.Refused {
		why[forms.Refusal] = fmt.Sprintf("Hồ sơ %s không bị từ chối tiếp nhận: không có phiếu từ chối (mẫu 03).", code)
	}
	if d.GetDateTime("apology_at").IsZero() || fc.lastEvent(lifecycle.Apologize) == nil {
		why[forms.Apology] = fmt.Sprintf("Hồ sơ %s chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04): lãnh đạo chưa lập.", code)
	}
	if status != lifecycle.Stopped {
		why[forms.Stop] = fmt.Sprintf("Hồ sơ %s không bị dừng xử lý: không có thông báo dừng xử lý (mẫu 05).", code)
	}
	for _, f := range []string{forms.Receipt, forms.Supplement, forms.Refusal, forms.Apology, forms.Stop, forms.Control} {
		if why[f] == "" {
			list = append(list, f)
		}
	}
	return list, why
}

func loadFormContext(e *core.RequestEvent, ref string) (*formContext, error) {
	app := e.App
	d, err := app.FindRecordById("dossiers", ref)
	if err != nil {
		d, err = app.FindFirstRecordByData("dossiers", "code", ref)
	}
	if err != nil {
		return nil, e.NotFoundError("Không tìm thấy hồ sơ \""+ref+"\".", nil)
	}
	fc := &formContext{app: app, dossier: d, staff: map[string]string{}}
	if fc.office, err = findOffice(app); err != nil {
		return nil, e.BadRequestError("Chưa khai báo thông tin cơ quan (office): quản trị cần nhập trước khi in biểu mẫu.", nil)
	}
	if fc.procedure, err = app.FindRecordById("procedures", d.GetString("procedure")); err != nil {
		return nil, fmt.Errorf("forms: procedure of %s: %w", d.Id, err)
	}
	if fc.events, err = app.FindRecordsByFilter("dossier_events", "dossier = {:d}", "at,created", 0, 0, dbx.Params{"d": d.Id}); err != nil {
		return nil, fmt.Errorf("forms: events of %s: %w", d.Id, err)
	}
	if fc.staff, err = staffNames(app); err != nil {
		return nil, err
	}
	fc.site = publicSite(e, fc.office)
	return fc, nil
}

func staffNames(app core.App) (map[string]string, error) {
	recs, err := app.FindAllRecords(core.CollectionNameSuperusers)
	if err != nil {
		return nil, fmt.Errorf("forms: staff: %w", err)
	}
	out := make(map[string]string, len(recs))
	for _, r := range recs {
		out[r.Id] = staffName(r)
	}
	return out, nil
}

// formOffice is the office as the forms print it.
func formOffice(office *core.Record) forms.Office {
	o := forms.Office{Name: office.GetString("name"), Address: office.GetString("address")}
	var hotlines []struct {
		Role  string `json:"role"`
		Phone string `json:"phone"`
	}
	if err := office.UnmarshalJSONField("hotlines", &hotlines); err == nil {
		for _, h := range hotlines {
			if strings.Contains(strings.ToLower(h.Role), "một cửa") {
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
	fc, err := loadFormContext(e, e.Request.PathValue("dossier"))
	if err != nil {
		return err
	}
	list, why := fc.applicable()
	if msg := why[form]; msg != "" {
		return e.NotFoundError(msg, nil)
	}
	page, err := fc.page(form, e.Request.URL.Query())
	if err != nil {
		return err
	}
	page.Others = list
	e.Response.Header().Set("X-Motcua-Forms", strings.Join(list, ","))
	return renderForm(e, page)
}

func renderForm(e *core.RequestEvent, page *forms.Page) error {
	var buf bytes.Buffer
	if err := forms.Render(&buf, page); err != nil {
		return fmt.Errorf("forms: render %s: %w", page.Form, err)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:")
	return e.HTML(http.StatusOK, buf.String())
}

// page builds one form of the dossier; the form applies (see applicable).
func (fc *formContext) page(form string, query url.Values) (*forms.Page, error) {
	d := fc.dossier
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
		evs := fc.eventsOf(lifecycle.RequestSupplement)
		n := len(evs)
		if k, err := strconv.Atoi(query.Get("lan")); err == nil && k >= 1 && k <= len(evs) {
			n = k
		}
		ev := evs[n-1]
		items := parseDocuments(ev.Get("data"), "missing_items")
		if len(items) == 0 {
			items = parseDocuments(d.Get("missing_items"), "")
		}
		actor := ev.GetString("actor_name")
		p.Date = ev.GetDateTime("at").Time()
		p.Number = fmt.Sprintf("%02d/YCBS", n)
		p.Data = &forms.SupplementData{Ordinal: n, At: p.Date, Items: items, Reason: ev.GetString("note"),
			Officer: actor, OfficerPhone: p.Office.Phone}
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
			// The slip tells the state of things when it was issued.
			if ev != nil && !ev.GetDateTime("step_due_at").IsZero() {
				p.Dossier.Due = ev.GetDateTime("step_due_at").Time()
			}
			if ev != nil && lifecycle.Status(ev.GetString("to_status")).Valid() {
				p.Dossier.Status = lifecycle.Status(ev.GetString("to_status")).Label()
			}
		}
		if data.At.IsZero() {
			data.At = d.GetDateTime("ended_at").Time()
		}
		p.Date = data.At
		p.Data = data
	case forms.Control:
		p.Date = p.Dossier.Received
		p.Data = &forms.ControlData{Rows: fc.controlRows()}
	}
	return p, nil
}

func (fc *formContext) formDossier() forms.Dossier {
	d := fc.dossier
	return forms.Dossier{
		ID: d.Id, Code: d.GetString("code"),
		Applicant: d.GetString("applicant_name"), IDNumber: d.GetString("applicant_id_number"),
		Phone: d.GetString("applicant_phone"), Email: d.GetString("applicant_email"), Address: d.GetString("applicant_address"),
		Procedure: fc.procedure.GetString("name"), ProcedureCode: fc.procedure.GetString("code"),
		Status:   lifecycle.Status(d.GetString("status")).Label(),
		Received: d.GetDateTime("received_at").Time(), Due: d.GetDateTime("due_at").Time(),
		OriginalDue: firstTime(d.GetDateTime("original_due_at").Time(), d.GetDateTime("due_at").Time()),
		LookupURL:   LookupURL(fc.site, d.GetString("code")),
	}
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func (fc *formContext) receipt(explain bool) (*forms.ReceiptData, error) {
	d, proc := fc.dossier, fc.procedure
	received := d.GetDateTime("received_at").Time()
	r := &forms.ReceiptData{
		Documents: parseDocuments(d.Get("documents"), ""),
		Sets:      max(d.GetInt("sets"), 1),
		TimeLimit: proc.GetString("time_limit_text"),
		Fee:       d.GetFloat("fee"),
		Officer:   fc.staff[d.GetString("received_by")],
	}
	if alts, n := altLimits(proc), d.GetInt("time_limit_alt"); n >= 1 && n <= len(alts) {
		// The conditional limit chosen at intake (issue 13.6).
		r.TimeLimit = limitText(alts[n-1].Days) + " (" + alts[n-1].Condition + ")"
	}
	if r.TimeLimit == "" {
		if proc.GetBool("same_day") || proc.GetInt("time_limit_days") == 0 {
			r.TimeLimit = "trong ngày làm việc"
		} else {
			r.TimeLimit = fmt.Sprintf("%02d ngày làm việc", proc.GetInt("time_limit_days"))
		}
	}
	if r.Fee == 0 {
		r.FeeText = proc.GetString("fee_text")
	}
	if ev := fc.lastEvent(lifecycle.Receive); ev != nil && r.Officer == "" {
		r.Officer = ev.GetString("actor_name")
	}
	due, original := d.GetDateTime("due_at").Time(), d.GetDateTime("original_due_at").Time()
	switch {
	case !d.GetDateTime("new_due_at").IsZero():
		r.Adjusted, r.AdjustedReason = d.GetDateTime("new_due_at").Time(), "hẹn lại theo Phiếu xin lỗi và hẹn lại ngày trả kết quả, mẫu 04"
	case !original.IsZero() && !due.Equal(original):
		r.Adjusted, r.AdjustedReason = due, "do điều chỉnh lịch nghỉ"
		if d.GetInt("supplement_count") > 0 {
			r.AdjustedReason = "thời gian chờ bổ sung hồ sơ không tính vào thời hạn"
		}
	}
	if d.GetString("channel") == string(lifecycle.Post) && d.GetString("applicant_address") != "" {
		r.CollectAt = "qua dịch vụ bưu chính công ích, tại địa chỉ " + d.GetString("applicant_address")
	} else {
		r.CollectAt = "Bộ phận Một cửa, " + fc.office.GetString("name")
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
		cal, err := OfficeCalendar(fc.app)
		if err != nil {
			return nil, err
		}
		dl := dossierDeadline(cal, fc.office, proc, d, received)
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

// parseDocuments reads a list of papers from a JSON field: objects
// {"name", "kind", "count", "note"}, plain names, or text one per line. key
// picks a member of an object first (the `data` of an event).
func parseDocuments(v any, key string) []forms.Document {
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

// controlRows are the hand-overs of form 06, from the dossier's events.
func (fc *formContext) controlRows() []forms.ControlRow {
	d := fc.dossier
	citizen := "Công dân " + d.GetString("applicant_name")
	oneStop := "Bộ phận Một cửa"
	var rows []forms.ControlRow
	for _, ev := range fc.events {
		action := lifecycle.Action(ev.GetString("action"))
		actor := ev.GetString("actor_name")
		row := forms.ControlRow{Step: action.Label(), From: actor, At: ev.GetDateTime("at").Time(),
			Due: ev.GetDateTime("step_due_at").Time(), Note: ev.GetString("note")}
		switch action {
		case lifecycle.Edit, lifecycle.Reproject, lifecycle.Rate, lifecycle.FollowUp:
			continue
		case lifecycle.Register, lifecycle.Receive, lifecycle.SupplementReceived, lifecycle.Paid:
			row.From, row.To = citizen, actor
		case lifecycle.Transfer, lifecycle.Reassign, lifecycle.SubmitForDecision:
			if from := fc.staff[ev.GetString("from_officer")]; from != "" && action != lifecycle.Transfer {
				row.From = from
			}
			row.To = fc.staff[ev.GetString("to_officer")]
		case lifecycle.Decide:
			row.To = oneStop
		case lifecycle.Return:
			row.To = firstNonEmpty(d.GetString("returned_to"), citizen)
		case lifecycle.Refuse, lifecycle.RequestSupplement, lifecycle.RequestPayment, lifecycle.Stop, lifecycle.Apologize:
			row.To = citizen
		case lifecycle.RequestWithdrawal:
			row.From, row.To = citizen, actor
		}
		if c := lifecycle.Class(ev.GetString("result")); c != "" {
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
	office, err := findOffice(e.App)
	if err != nil {
		return e.BadRequestError("Chưa khai báo thông tin cơ quan (office): quản trị cần nhập trước khi in biểu mẫu.", nil)
	}
	data, err := logData(e.App, from, to)
	if err != nil {
		return err
	}
	return renderForm(e, &forms.Page{Form: forms.Log, Office: formOffice(office), Date: time.Now(), Data: data})
}

// logData is the dossier log of the dossiers received from one day to
// another (office time), in code order.
func logData(app core.App, from, to calendar.Date) (*forms.LogData, error) {
	start, end := from.At(0, 0), to.AddDays(1).At(0, 0)
	dossiers, err := app.FindRecordsByFilter("dossiers", "received_at >= {:s} && received_at < {:e}", "code", 0, 0,
		dbx.Params{"s": start.UTC().Format("2006-01-02 15:04:05.000Z"), "e": end.UTC().Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return nil, fmt.Errorf("forms: log dossiers: %w", err)
	}
	data := &forms.LogData{From: from, To: to, Rows: make([]forms.LogRow, 0, len(dossiers))}
	ids := make([]any, len(dossiers))
	for i, d := range dossiers {
		ids[i] = d.Id
	}
	transferred, returned := map[string]time.Time{}, map[string]time.Time{}
	if len(ids) > 0 {
		evs, err := app.FindAllRecords("dossier_events", dbx.In("dossier", ids...),
			dbx.In("action", string(lifecycle.Transfer), string(lifecycle.Return)))
		if err != nil {
			return nil, fmt.Errorf("forms: log events: %w", err)
		}
		sort.Slice(evs, func(i, j int) bool { return evs[i].GetDateTime("at").Time().Before(evs[j].GetDateTime("at").Time()) })
		for _, ev := range evs {
			m := transferred
			if ev.GetString("action") == string(lifecycle.Return) {
				m = returned
			}
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
			Entry: entry, Code: code, Applicant: d.GetString("applicant_name"), Address: d.GetString("applicant_address"),
			Procedure: procs[d.GetString("procedure")],
			Received:  d.GetDateTime("received_at").Time(), Due: d.GetDateTime("due_at").Time(),
			Transferred: transferred[d.Id], Returned: returned[d.Id], ReturnedTo: d.GetString("returned_to"),
			Result: logResult(d), Note: logNote(d),
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

// logNote is the note column: what a reader of the log must know.
func logNote(d *core.Record) string {
	var parts []string
	status := lifecycle.Status(d.GetString("status"))
	switch status {
	case lifecycle.Refused, lifecycle.Stopped, lifecycle.WithdrawalRequested:
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

// auditChainHead is the head of the audit log's hash chain (AuditHead), or
// nil when the log is empty or cannot be read.
func auditChainHead(app core.App) *forms.AuditHead {
	seq, hash, err := AuditHead(app)
	if err != nil || hash == "" {
		return nil
	}
	return &forms.AuditHead{Seq: seq, Hash: hash}
}
