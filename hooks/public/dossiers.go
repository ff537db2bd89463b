package public

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/forms"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
	migrations "motcua/pb_migrations"
)

// dossierCodeRe is the dossier code of Circular 01/2018 Art. 19:
// <unit code>-<YYMMDD>-<NNNN>, e.g. H15.50.05.13-261008-0975.
var dossierCodeRe = regexp.MustCompile(`^[A-Z0-9](?:[A-Z0-9.]{0,38}[A-Z0-9])?-[0-9]{6}-[0-9]{4}$`)

// normalizeDossierCode accepts what a citizen types or a QR code carries:
// surrounding spaces and lower case letters are forgiven.
func normalizeDossierCode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	return s, dossierCodeRe.MatchString(s)
}

// statusView is what anyone holding the code alone may see: the
// status and the dates. Codes are sequential (a public rule), so walking them
// must not list the commune's dossiers: which procedure (death registration,
// disability, poor household, inheritance…), whose, and the minute of each
// step are dossierView's, shown only with the second factor
// (factor.go). Every field is copied by name: a new column on
// dossiers never leaks here by accident.
type statusView struct {
	Code          string `json:"code"`
	Status        string `json:"status"`
	StatusCode    int    `json:"status_code"`
	StatusLabel   string `json:"status_label"`
	StatusLabelEN string `json:"status_label_en"`
	ReceivedAt    string `json:"received_at"`
	DueAt         string `json:"due_at"`
	NewDueAt      string `json:"new_due_at"`
	EndedAt       string `json:"ended_at"`
	ResultClass   string `json:"result_class"`
	ResultLabel   string `json:"result_label"`
	ResultLabelEN string `json:"result_label_en"`
	Rated         bool   `json:"rated"`
	CanRate       bool   `json:"can_rate"`
	// ClockPaused: the dossier waits for the citizen's supplement and its
	// time limit does not run (Decree 118/2025/NĐ-CP: the time waiting for
	// a supplement is not counted), so due_at is not yet the date.
	ClockPaused bool `json:"clock_paused"`
	// Details tells whether the answer also carries dossierView's fields.
	Details bool `json:"details"`
}

// dossierView is what the holder of the receipt sees (the code and the last
// four digits of the phone given at receipt): also the procedure, the
// applicant's name masked, the apology and the steps; never what identifies
// or reaches the applicant (no phone, ID number, address or email) and no
// staff notes.
type dossierView struct {
	statusView
	Applicant string       `json:"applicant"`
	Channel   string       `json:"channel"`
	Procedure procRef      `json:"procedure"`
	Apology   *apologyView `json:"apology"`
	// Supplement is the open request to supplement the dossier (form 02),
	// while the status is supplement_requested: what the request named and
	// since when the clock is paused; nil otherwise.
	Supplement *supplementView `json:"supplement"`
	Timeline   []stepView      `json:"timeline"`
}

// supplementView is what the citizen must still bring, as the request
// (form 02, handed to the citizen) names it, and how the wait counts: the
// clock is paused from PausedAt until the supplement arrives, then the
// remaining time resumes; a dossier already late when asked stays late
// (OverdueAtPause, issue 13 point 1: a pause never moves a passed deadline).
type supplementView struct {
	PausedAt       string     `json:"paused_at"`
	OverdueAtPause bool       `json:"overdue_at_pause"`
	Items          []document `json:"items"`
}

type procRef struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sector string `json:"sector_name"`
}

// apologyView is the apology slip (phiếu xin lỗi, form 04) as the public
// sees it: when, the new date, and the office's stated reason.
type apologyView struct {
	At       string `json:"at"`
	NewDueAt string `json:"new_due_at"`
	Reason   string `json:"reason"`
}

// stepView is one line of the process-control sheet, without people.
type stepView struct {
	Action        string `json:"action"`
	Label         string `json:"label"`
	LabelEN       string `json:"label_en"`
	At            string `json:"at"`
	Status        string `json:"status"`
	StatusLabel   string `json:"status_label"`
	StatusLabelEN string `json:"status_label_en"`
}

var resultLabelsEN = map[string]string{"early": "Early", "on_time": "On time", "late": "Late"}

// factorHeader carries the second factor of the look-up; the query
// parameter phone_last4 is accepted too, but a header stays out of the
// request log.
const factorHeader = "X-Phone-Last4"

// GET /api/motcua/dossiers/{code}[?phone_last4=NNNN] — tra cứu tình trạng hồ
// sơ. The code alone gives statusView; with the last four digits of
// the phone (header X-Phone-Last4 or phone_last4) it gives dossierView, or
// the one refusal of factor.go, whether the dossier exists or not.
func (p *site) viewDossier(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	code, ok := normalizeDossierCode(e.Request.PathValue("code"))
	if !ok {
		return e.BadRequestError("Mã hồ sơ không đúng định dạng. Mã có dạng <mã đơn vị>-<năm tháng ngày>-<số thứ tự>, ví dụ H15.50.05.13-261008-0975.",
			map[string]any{"code": map[string]string{"code": "invalid_code", "message": "Mã hồ sơ không đúng định dạng."}})
	}
	last4, withFactor := e.Request.Header.Get(factorHeader), true
	if last4 == "" {
		q := e.Request.URL.Query()
		last4, withFactor = q.Get("phone_last4"), q.Has("phone_last4")
	}
	if last4 = strings.TrimSpace(last4); withFactor && !last4Re.MatchString(last4) {
		return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", validation.Errors{"phone_last4": validation.NewError("invalid_last4",
			"Vui lòng nhập đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ.")})
	}
	row, err := findPublicDossier(e.App, code)
	if errors.Is(err, sql.ErrNoRows) {
		row, err = nil, nil
	}
	if err != nil {
		return e.InternalServerError("Không tra cứu được hồ sơ lúc này. Vui lòng thử lại sau.", err)
	}
	if !withFactor {
		if row == nil {
			return e.NotFoundError("Không tìm thấy hồ sơ có mã "+code+". Vui lòng kiểm tra lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", nil)
		}
		return e.JSON(http.StatusOK, dossierStatusOf(row))
	}
	phone := ""
	if row != nil {
		phone = row.ApplicantPhone
	}
	result, wait, err := p.checkPhoneFactor(e.App, code, phone, last4, time.Now())
	if err != nil {
		return e.InternalServerError("Không tra cứu được hồ sơ lúc này. Vui lòng thử lại sau.", err)
	}
	if result != factorRight {
		return factorRefusal(e, result, wait)
	}
	out, err := p.dossierViewOf(e.App, row)
	if err != nil {
		return e.InternalServerError("Không tra cứu được hồ sơ lúc này. Vui lòng thử lại sau.", err)
	}
	return e.JSON(http.StatusOK, out)
}

func findDossierByCode(app core.App, code string) (*core.Record, error) {
	return app.FindFirstRecordByData(migrations.DossiersID, "code", code)
}

// dossierRow is what the public look-up reads of a dossier: only the
// columns the public sees (and the phone, to check the second factor), and its steps as one JSON array, in one query (no
// full record: it carries the applicant's contact data and staff notes).
type dossierRow struct {
	Code           string         `db:"code"`
	Status         string         `db:"status"`
	ApplicantName  string         `db:"applicant_name"`
	ApplicantPhone string         `db:"applicant_phone"` // compared, never shown
	Channel        string         `db:"channel"`
	ReceivedAt     types.DateTime `db:"received_at"`
	DueAt          types.DateTime `db:"due_at"`
	NewDueAt       types.DateTime `db:"new_due_at"`
	EndedAt        types.DateTime `db:"ended_at"`
	ApologyAt      types.DateTime `db:"apology_at"`
	ApologyReason  string         `db:"apology_reason"`
	ResultClass    string         `db:"result_class"`
	Rating         string         `db:"rating"`
	Procedure      string         `db:"procedure"`
	PausedAt       types.DateTime `db:"paused_at"`
	MissingItems   types.JSONRaw  `db:"missing_items"`
	Steps          string         `db:"steps"` // [[action, at, to_status], ...] in the sheet's order
}

// dossierQuery is the look-up's one statement (also explained by the
// query-plan test through the route). The steps come in the order of the
// covering index (dossier, at, created, action, to_status), then rowid:
// read from the index alone, with no sort (pb_migrations/1795825000).
const dossierQuery = `SELECT d.code, d.status, d.applicant_name, d.applicant_phone, d.channel, d.received_at, d.due_at,
	d.new_due_at, d.ended_at, d.apology_at, d.apology_reason, d.result_class, d.rating, d.procedure,
	d.paused_at, d.missing_items,
	(SELECT json_group_array(json_array(ev.action, ev.at, ev.to_status)) FROM
		(SELECT action, at, to_status FROM dossier_events WHERE dossier = d.id ORDER BY at, created, action, to_status, rowid) ev) AS steps
	FROM dossiers d WHERE d.code = {:code} LIMIT 1`

func findPublicDossier(app core.App, code string) (*dossierRow, error) {
	row := &dossierRow{}
	if err := app.DB().NewQuery(dossierQuery).Bind(dbx.Params{"code": code}).One(row); err != nil {
		return nil, err
	}
	return row, nil
}

// dossierStatusOf is the answer to the code alone.
func dossierStatusOf(rec *dossierRow) statusView {
	st := lifecycle.Status(rec.Status)
	out := statusView{
		Code:          rec.Code,
		Status:        string(st),
		StatusCode:    st.Code(),
		StatusLabel:   st.Label(),
		StatusLabelEN: st.LabelEN(),
		ReceivedAt:    officeTime(rec.ReceivedAt),
		DueAt:         officeTime(rec.DueAt),
		NewDueAt:      officeTime(rec.NewDueAt),
		EndedAt:       officeTime(rec.EndedAt),
		ResultClass:   rec.ResultClass,
		ResultLabel:   lifecycle.Class(rec.ResultClass).Label(),
		ResultLabelEN: resultLabelsEN[rec.ResultClass],
		Rated:         rec.Rating != "",
	}
	out.CanRate = st == lifecycle.Returned && !out.Rated
	out.ClockPaused = st == lifecycle.SupplementRequested && !rec.PausedAt.IsZero()
	return out
}

// dossierViewOf is the answer to the code and the second factor.
func (p *site) dossierViewOf(app core.App, rec *dossierRow) (*dossierView, error) {
	out := &dossierView{
		statusView: dossierStatusOf(rec),
		Applicant:  maskName(rec.ApplicantName),
		Channel:    rec.Channel,
		Timeline:   []stepView{},
	}
	out.Details = true
	if out.NewDueAt != "" || !rec.ApologyAt.IsZero() {
		out.Apology = &apologyView{
			At:       officeTime(rec.ApologyAt),
			NewDueAt: out.NewDueAt,
			Reason:   rec.ApologyReason,
		}
	}

	if lifecycle.Status(rec.Status) == lifecycle.SupplementRequested {
		out.Supplement = supplementOf(rec)
	}

	if info, ok := p.catalogue().byRef[rec.Procedure]; ok {
		out.Procedure = procRef{Code: info.summary.Code, Name: info.summary.Name, Sector: info.summary.SectorName}
	} else if pr, err := app.FindRecordById(migrations.ProceduresID, rec.Procedure); err == nil {
		out.Procedure = procRef{Code: pr.GetString("code"), Name: pr.GetString("name")}
	}

	var steps [][3]string
	if err := json.Unmarshal([]byte(rec.Steps), &steps); err != nil {
		return nil, err
	}
	for _, ev := range steps {
		a := lifecycle.Action(ev[0])
		if a == lifecycle.Edit || a == lifecycle.FollowUp {
			continue // office housekeeping, not a step of the citizen's dossier
		}
		at, _ := types.ParseDateTime(ev[1])
		to := lifecycle.Status(ev[2])
		out.Timeline = append(out.Timeline, stepView{
			Action: string(a), Label: a.Label(), LabelEN: a.LabelEN(),
			At:     officeTime(at),
			Status: string(to), StatusLabel: to.Label(), StatusLabelEN: to.LabelEN(),
		})
	}
	return out, nil
}

// supplementOf reads the open supplement request of a dossier waiting
// for the citizen. A request made before receipt (the intake guidance, form
// 02 for a dossier not received) has no clock to pause: PausedAt stays "".
func supplementOf(rec *dossierRow) *supplementView {
	out := &supplementView{Items: []document{}, PausedAt: officeTime(rec.PausedAt)}
	if !rec.PausedAt.IsZero() && !rec.DueAt.IsZero() {
		out.OverdueAtPause = !rec.PausedAt.Time().Before(rec.DueAt.Time())
	}
	var items any
	if len(rec.MissingItems) > 0 && json.Unmarshal(rec.MissingItems, &items) == nil {
		for _, d := range forms.ParseDocuments(items, "") {
			out.Items = append(out.Items, document{Name: d.Name, Kind: d.Kind, Count: d.Count, Note: d.Note}.labelled())
		}
	}
	return out
}

// officeTime writes a date field in office time (RFC 3339, +07:00), "" when
// empty, so that the page shows the office's dates whatever the phone's zone.
func officeTime(d types.DateTime) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().In(calendar.Location).Format("2006-01-02T15:04:05-07:00")
}

// maskName keeps the family name (họ), which millions share, and only the
// first letter of every other word, each followed by two stars whatever its
// length: "Nguyễn Văn An" becomes "Nguyễn V** A**". A one-word name keeps its
// first letter only.
func maskName(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	out := make([]string, len(words))
	for i, w := range words {
		if i == 0 && len(words) > 1 {
			out[i] = w
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		out[i] = string(r) + "**"
	}
	return strings.Join(out, " ")
}
