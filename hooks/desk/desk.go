package desk

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/dossier"
	"motcua/hooks/forms"
	"motcua/hooks/kit"
	"motcua/internal/access"
	formdata "motcua/internal/forms"
	"motcua/internal/lifecycle"
	"motcua/internal/vntext"
)

// RegisterDesk binds what the staff desk (bàn làm việc, pb_public/desk)
// needs beyond the records API and the printable forms: the steps the
// signed-in person may take on a dossier now, and the preview of a leader's
// apology slip (form 04) before the apology is saved. The steps themselves
// are plain dossier updates, checked by the dossier rules.
func RegisterDesk(app core.App) {
	// search_text is the dossier as the desk's search finds it, folded
	// without diacritics; set on every save, after the code is given (the
	// create's write step), never typed (protectedFields).
	app.OnRecordCreateExecute("dossiers").BindFunc(func(e *core.RecordEvent) error {
		setSearchText(e.Record)
		return e.Next()
	})
	app.OnRecordUpdate("dossiers").BindFunc(func(e *core.RecordEvent) error {
		setSearchText(e.Record)
		return e.Next()
	})
	kit.ComputedLink(app, "desk_url", deskURL)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/motcua/desk/steps/{dossier}", deskSteps).
			BindFunc(kit.RequireStaff(access.Roles...))
		se.Router.GET("/api/motcua/desk/preview/04/{dossier}", previewApology).
			BindFunc(kit.RequireStaff(access.Admin, access.Leader))
		return se.Next()
	})
}

// previewApology renders form 04 of a dossier as it would print if the
// apology with the query's new_due_at (a UTC date time, as the API writes
// it) and apology_reason were saved now by the signed-in leader. Nothing is
// written: the apology is saved by the dossier update, which the lifecycle
// rules check (once, in time, after the deadline).
func previewApology(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	newDue, err := types.ParseDateTime(q.Get("new_due_at"))
	if err != nil || newDue.IsZero() {
		return kit.BadField("new_due_at", "Cần nhập ngày hẹn trả kết quả mới.")
	}
	reason := strings.TrimSpace(q.Get("apology_reason"))
	if reason == "" {
		return kit.BadField("apology_reason", "Cần ghi lý do chậm trễ (phiếu 04).")
	}
	fc, err := forms.LoadFormContext(e, e.Request.PathValue("dossier"))
	if err != nil {
		return err
	}
	if !fc.Dossier.GetDateTime("apology_at").IsZero() {
		return kit.BadField("new_due_at", "Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được điều chỉnh một lần.")
	}
	// The loaded record is this request's copy and is never saved.
	fc.Dossier.Set("new_due_at", newDue.Time())
	fc.Dossier.Set("apology_reason", reason)
	page, err := fc.Page(formdata.Apology, url.Values{})
	if err != nil {
		return err
	}
	now := time.Now()
	if data, ok := page.Data.(*formdata.NoticeData); ok {
		data.At, data.Reason, data.Signer = now, reason, dossier.StaffName(e.Auth)
	}
	page.Date = now
	return forms.RenderForm(e, page)
}

// deskStep is how the desk shows a lifecycle step: its button, the fields
// of its dialog (labels for the fields lifecycle.Asks names) and the form
// printed after it.
type deskStep struct {
	key, label, form, preview string
	fields                    map[string]deskField
}

// deskField is one field of a step's dialog. Type is how it is typed:
// text, textarea, lines (one item a line, sent as a list), staff (a picker
// of the staff holding Staff roles), officetime (dd/mm/yyyy HH:MM).
type deskField struct {
	Name     string   `json:"name"`
	Label    string   `json:"label"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Staff    []string `json:"staff,omitempty"`
	Initial  string   `json:"initial,omitempty"`
}

func mustFill(label, typ string) deskField { return deskField{Label: label, Type: typ, Required: true} }

var stepViews = map[lifecycle.Action]deskStep{
	lifecycle.Receive: {key: "receive", label: "Tiếp nhận", form: formdata.Receipt},
	lifecycle.Refuse: {key: "refuse", label: "Từ chối tiếp nhận", form: formdata.Refusal, fields: map[string]deskField{
		"note": mustFill("Lý do từ chối (ghi trên phiếu 03)", "textarea")}},
	lifecycle.Transfer: {key: "transfer", label: "Chuyển xử lý", fields: map[string]deskField{
		"assignee": {Label: "Chuyển cho cán bộ", Type: "staff", Required: true, Staff: []string{access.Specialist}}}},
	lifecycle.RequestSupplement: {key: "supplement", label: "Yêu cầu bổ sung", form: formdata.Supplement, fields: map[string]deskField{
		"missing_items": mustFill("Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)", "lines"),
		"note":          mustFill("Lý do, hướng dẫn bổ sung (ghi trên phiếu 02)", "textarea")}},
	lifecycle.SupplementReceived: {key: "supplement_received", label: "Đã nhận bổ sung"},
	lifecycle.RequestPayment: {key: "payment", label: "Yêu cầu nộp phí", fields: map[string]deskField{
		"note": {Label: "Khoản phải nộp, số tiền", Type: "textarea"}}},
	lifecycle.Paid: {key: "paid", label: "Đã nộp phí"},
	lifecycle.SubmitForDecision: {key: "submit", label: "Trình ký", fields: map[string]deskField{
		"assignee": {Label: "Trình lãnh đạo", Type: "staff", Required: true, Staff: []string{access.Leader}}}},
	lifecycle.Decide: {key: "decide", label: "Ký duyệt"},
	lifecycle.Apologize: {key: "apology", label: "Xin lỗi – hẹn lại", form: formdata.Apology, preview: formdata.Apology, fields: map[string]deskField{
		"new_due_at":     mustFill("Ngày hẹn trả mới (dd/mm/yyyy HH:MM, giờ làm việc)", "officetime"),
		"apology_reason": mustFill("Lý do chậm trễ (ghi trên phiếu 04)", "textarea")}},
	lifecycle.Stop: {key: "stop", label: "Dừng xử lý", form: formdata.Stop, fields: map[string]deskField{
		"note": mustFill("Lý do dừng xử lý (ghi trên thông báo 05)", "textarea")}},
	lifecycle.RequestWithdrawal: {key: "withdraw", label: "Rút hồ sơ", fields: map[string]deskField{
		"note": mustFill("Nội dung yêu cầu rút hồ sơ của công dân", "textarea")}},
	lifecycle.Return: {key: "return", label: "Trả kết quả", fields: map[string]deskField{
		"returned_to": mustFill("Người nhận kết quả", "text")}},
}

// stepOffer is one step of the answer of GET /api/motcua/desk/steps/{dossier}:
// the button's key and label, the body the step sends besides its fields
// (set), its fields, and the forms it prints (form) and previews (preview).
type stepOffer struct {
	Key     string            `json:"key"`
	Action  string            `json:"action"`
	Label   string            `json:"label"`
	Set     map[string]string `json:"set"`
	Fields  []deskField       `json:"fields"`
	Form    string            `json:"form,omitempty"`
	Preview string            `json:"preview,omitempty"`
}

// deskSteps answers the steps the signed-in staff member may take now on a
// dossier (id or code), from lifecycle.Options: the same rules the dossier
// hooks apply when the step is sent, so the desk offers only what the
// server will accept (the inspector, who changes nothing, gets none).
func deskSteps(e *core.RequestEvent) error {
	ref := e.Request.PathValue("dossier")
	d, err := e.App.FindRecordById("dossiers", ref)
	if err != nil {
		d, err = e.App.FindFirstRecordByData("dossiers", "code", ref)
	}
	if err != nil {
		return e.NotFoundError("Không tìm thấy hồ sơ \""+ref+"\".", nil)
	}
	status := lifecycle.Status(d.GetString("status"))
	s := lifecycle.Situation{
		Status:        status,
		NotReceived:   d.GetDateTime("received_at").IsZero() && (status == lifecycle.Submitted || status == lifecycle.SupplementRequested),
		Assignee:      d.GetString("assignee"),
		ApologyBefore: !d.GetDateTime("new_due_at").IsZero(),
	}
	if s.Assignee != "" {
		if a, err := e.App.FindRecordById(core.CollectionNameSuperusers, s.Assignee); err == nil {
			s.AssigneeRole = kit.StaffRole(a)
		}
	}
	offers := []stepOffer{}
	for _, o := range lifecycle.Options(s, kit.StaffRole(e.Auth), e.Auth.Id) {
		ds, ok := stepViews[o.Action]
		if !ok {
			continue
		}
		offer := stepOffer{Key: ds.key, Action: string(o.Action), Label: ds.label, Set: map[string]string{},
			Fields: []deskField{}, Form: ds.form, Preview: ds.preview}
		if o.Action == lifecycle.Receive && status == lifecycle.SupplementRequested {
			// Guided at the counter (form 02): the papers came, it is received now.
			offer.Label = "Đã nhận đủ, tiếp nhận"
		}
		if o.To != status {
			offer.Set["status"] = string(o.To)
		}
		for _, name := range o.Fields {
			f := ds.fields[name]
			f.Name = name
			if name == "returned_to" {
				f.Initial = d.GetString("applicant_name")
			}
			offer.Fields = append(offer.Fields, f)
		}
		offers = append(offers, offer)
	}
	return e.JSON(http.StatusOK, struct {
		Code   string           `json:"code"`
		Status lifecycle.Status `json:"status"`
		Steps  []stepOffer      `json:"steps"`
	}{d.GetString("code"), status, offers})
}

func setSearchText(d *core.Record) {
	d.Set("search_text", vntext.SearchKey(d.GetString("code"), d.GetString("applicant_name"),
		d.GetString("applicant_phone"), d.GetString("applicant_id_number")))
}

// deskURL is a dossier's page on the staff desk, relative so that it opens
// on the address the clerk already uses.
func deskURL(d *core.Record) string {
	if d.GetString("code") == "" {
		return ""
	}
	return "/desk/#/ho-so/" + url.PathEscape(d.GetString("code"))
}
