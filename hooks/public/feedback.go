package public

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/internal/calendar"
	migrations "motcua/pb_migrations"
)

// Feedback and petitions on administrative rules (phản ánh, kiến nghị),
// Decree 20/2008/NĐ-CP and Decree 92/2017/NĐ-CP: in Vietnamese, with the
// sender's name, address and phone or email. The sender gets a tracking code
// (mã theo dõi), PA-<YYMMDD>-<NNNN>; the public sees an answer only once a
// leader has published it, and never the sender's contact data.

// feedbackInput is the body of POST /api/motcua/feedback.
type feedbackInput struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Address   string `json:"address"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
	Subject   string `json:"subject"`
	Content   string `json:"content"`
	Procedure string `json:"procedure"`
	// Website is a honeypot: the page hides it from people, so only a
	// robot fills it. Such a post gets an ordinary-looking answer and is
	// not stored.
	Website string `json:"website"`
}

var trackingCodeRe = regexp.MustCompile(`^PA-[0-9]{6}-[0-9]{4,12}$`)

var feedbackKinds = map[string][2]string{
	"feedback": {"Phản ánh", "Feedback"},
	"petition": {"Kiến nghị", "Petition"},
}

var feedbackStatuses = map[string][2]string{
	"new":       {"Đã tiếp nhận, đang xem xét", "Received, under review"},
	"refused":   {"Không thuộc phạm vi tiếp nhận", "Not accepted"},
	"more_info": {"Đề nghị bổ sung thông tin", "More information requested"},
	"resolved":  {"Đã xử lý", "Resolved"},
}

// readPublicJSON reads a citizen's JSON body: at most bodyLimit bytes,
// valid UTF-8, one JSON object. Errors are ready-made Vietnamese responses.
func readPublicJSON(e *core.RequestEvent, dst any) error {
	if e.Request.ContentLength > bodyLimit {
		return tooLarge(e)
	}
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, bodyLimit+1))
	if err != nil {
		return e.BadRequestError("Không đọc được dữ liệu gửi lên.", nil)
	}
	if len(body) > bodyLimit {
		return tooLarge(e)
	}
	if !utf8.Valid(body) {
		return e.BadRequestError("Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		return e.BadRequestError("Dữ liệu gửi lên không đúng định dạng JSON.", nil)
	}
	return nil
}

func tooLarge(e *core.RequestEvent) error {
	return e.Error(http.StatusRequestEntityTooLarge,
		fmt.Sprintf("Nội dung gửi lên quá lớn (tối đa %d KB).", bodyLimit>>10), nil)
}

// clean trims s and folds runs of spaces inside one-line fields.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

var phoneRe = regexp.MustCompile(`^\+?[0-9]{8,15}$`)

// normalizePhone drops the spaces, dots and dashes people write in numbers.
func normalizePhone(s string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "").Replace(strings.TrimSpace(s))
}

func validateFeedback(in *feedbackInput) validation.Errors {
	errs := validation.Errors{}
	in.Kind = strings.TrimSpace(in.Kind)
	if in.Kind == "" {
		in.Kind = "feedback"
	}
	if _, ok := feedbackKinds[in.Kind]; !ok {
		errs["kind"] = validation.NewError("invalid_kind", "Vui lòng chọn loại: phản ánh hoặc kiến nghị.")
	}
	in.Name, in.Address, in.Subject = clean(in.Name), clean(in.Address), clean(in.Subject)
	in.Content = strings.TrimSpace(in.Content)
	in.Phone, in.Email = normalizePhone(in.Phone), strings.TrimSpace(in.Email)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		errs["name"] = validation.NewError("required", "Vui lòng nhập họ và tên.")
	case n > 200:
		errs["name"] = validation.NewError("too_long", "Họ và tên dài quá 200 ký tự.")
	}
	switch n := utf8.RuneCountInString(in.Address); {
	case n == 0:
		errs["address"] = validation.NewError("required", "Vui lòng nhập địa chỉ liên hệ.")
	case n > 300:
		errs["address"] = validation.NewError("too_long", "Địa chỉ dài quá 300 ký tự.")
	}
	if in.Phone == "" && in.Email == "" {
		errs["phone"] = validation.NewError("phone_or_email", "Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan liên hệ.")
		errs["email"] = validation.NewError("phone_or_email", "Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan liên hệ.")
	}
	if in.Phone != "" && !phoneRe.MatchString(in.Phone) {
		errs["phone"] = validation.NewError("invalid_phone", "Số điện thoại không hợp lệ (chỉ gồm chữ số, 8 đến 15 số).")
	}
	if in.Email != "" && (len(in.Email) > 254 || is.EmailFormat.Validate(in.Email) != nil) {
		errs["email"] = validation.NewError("invalid_email", "Địa chỉ thư điện tử không hợp lệ.")
	}
	if utf8.RuneCountInString(in.Subject) > 300 {
		errs["subject"] = validation.NewError("too_long", "Tiêu đề dài quá 300 ký tự.")
	}
	switch n := utf8.RuneCountInString(in.Content); {
	case n == 0:
		errs["content"] = validation.NewError("required", "Vui lòng nhập nội dung phản ánh, kiến nghị.")
	case n < 10:
		errs["content"] = validation.NewError("too_short", "Nội dung quá ngắn: vui lòng trình bày rõ hơn (ít nhất 10 ký tự).")
	case n > 5000:
		errs["content"] = validation.NewError("too_long", "Nội dung dài quá 5.000 ký tự.")
	}
	return errs
}

// POST /api/motcua/feedback — gửi phản ánh, kiến nghị.
func (p *site) createFeedback(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	var in feedbackInput
	if err := readPublicJSON(e, &in); err != nil {
		return err
	}
	errs := validateFeedback(&in)
	var procID string
	if ref := strings.TrimSpace(in.Procedure); ref != "" {
		if info, ok := p.catalogue().byRef[ref]; ok {
			procID = info.summary.ID
		} else {
			errs["procedure"] = validation.NewError("unknown_procedure", "Không tìm thấy thủ tục đã chọn trong danh mục.")
		}
	}
	if len(errs) > 0 {
		return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", errs)
	}

	now := time.Now()
	if strings.TrimSpace(in.Website) != "" {
		code, err := nextTrackingCode(e.App, now)
		if err != nil {
			return e.InternalServerError("Chưa gửi được phản ánh, kiến nghị. Vui lòng thử lại sau.", err)
		}
		return e.JSON(http.StatusOK, feedbackCreated(code))
	}

	col, err := e.App.FindCachedCollectionByNameOrId(migrations.FeedbackID)
	if err != nil {
		return e.InternalServerError("Chưa gửi được phản ánh, kiến nghị. Vui lòng thử lại sau.", err)
	}
	// The number is allocated inside the write transaction that stores the
	// entry: transactions take the single write connection one at a time, so
	// parallel posts are numbered one after the other instead of colliding.
	// The unique index stays the last word (another process writing the same
	// data dir); a post that loses to it is numbered again.
	for attempt := 0; ; attempt++ {
		var code string
		err := e.App.RunInTransaction(func(tx core.App) error {
			var err error
			if code, err = nextTrackingCode(tx, now); err != nil {
				return err
			}
			rec := core.NewRecord(col)
			rec.Load(map[string]any{
				"tracking_code": code, "kind": in.Kind, "name": in.Name, "address": in.Address,
				"phone": in.Phone, "email": in.Email, "subject": in.Subject, "content": in.Content,
				"procedure": procID, "status": "new", "published": false,
			})
			return tx.Save(rec)
		})
		if err == nil {
			return e.JSON(http.StatusOK, feedbackCreated(code))
		}
		var verrs validation.Errors
		isDup := kit.IsUniqueViolation(err)
		if errors.As(err, &verrs) {
			if _, dup := verrs["tracking_code"]; !dup {
				return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", verrs)
			}
			isDup = true
		}
		if !isDup || attempt >= 20 {
			return e.InternalServerError("Chưa gửi được phản ánh, kiến nghị. Vui lòng thử lại sau.", err)
		}
	}
}

func feedbackCreated(code string) map[string]any {
	st := feedbackStatuses["new"]
	return map[string]any{
		"tracking_code":   code,
		"status":          "new",
		"status_label":    st[0],
		"status_label_en": st[1],
		"message":         "Đã nhận phản ánh, kiến nghị của bạn. Hãy ghi lại mã theo dõi " + code + " để tra cứu kết quả xử lý.",
	}
}

// FeedbackCode is a feedback tracking code: PA-<YYMMDD>-<NNNN>, the office
// day it was received and its number within that day, of at least four
// digits: the 10,000th entry of a day is PA-<YYMMDD>-10000, so numbers never
// run out.
func FeedbackCode(day time.Time, seq int) string {
	return fmt.Sprintf("PA-%s-%04d", day.In(calendar.Location).Format("060102"), seq)
}

// lastFeedbackNumberSQL is the highest number of the office day whose
// codes start with {:lo}. Codes are text, and "PA-261201-10000" sorts before
// "PA-261201-9999", so the numbers are compared as numbers, over the day's
// range of the unique index on tracking_code (a covering index).
const lastFeedbackNumberSQL = `SELECT COALESCE(MAX(CAST(substr(tracking_code, {:from}) AS INTEGER)), 0)
	FROM feedback WHERE tracking_code >= {:lo} AND tracking_code < {:hi}`

// nextTrackingCode is the next FeedbackCode of the office day of now.
// Inside the write transaction that stores it, nobody else can take it.
func nextTrackingCode(app core.App, now time.Time) (string, error) {
	code := FeedbackCode(now, 0)
	prefix := code[:len(code)-4]
	var last int
	err := app.ConcurrentDB().NewQuery(lastFeedbackNumberSQL).Bind(dbx.Params{
		"from": len(prefix) + 1, "lo": prefix, "hi": prefix[:len(prefix)-1] + ".",
	}).Row(&last)
	if err != nil {
		return "", fmt.Errorf("last feedback number of %s: %w", prefix, err)
	}
	// Past every number given before a restore (restore_codes.go).
	floor, err := dossier.CodeFloor(app, prefix)
	if err != nil {
		return "", fmt.Errorf("feedback code floor of %s: %w", prefix, err)
	}
	return FeedbackCode(now, max(last, floor)+1), nil
}

// feedbackView is a feedback entry as the public sees it; the sender's
// name, address, phone and email are never part of it.
type feedbackView struct {
	TrackingCode  string   `json:"tracking_code"`
	Kind          string   `json:"kind"`
	KindLabel     string   `json:"kind_label"`
	KindLabelEN   string   `json:"kind_label_en"`
	Status        string   `json:"status"`
	StatusLabel   string   `json:"status_label"`
	StatusLabelEN string   `json:"status_label_en"`
	ReceivedAt    string   `json:"received_at"`
	AnsweredAt    string   `json:"answered_at"`
	Published     bool     `json:"published"`
	PublishedAt   string   `json:"published_at,omitempty"`
	Subject       string   `json:"subject,omitempty"`
	Content       string   `json:"content,omitempty"`
	Answer        string   `json:"answer,omitempty"`
	Procedure     *procRef `json:"procedure,omitempty"`
}

func (p *site) feedbackViewOf(rec *core.Record) feedbackView {
	k, st := feedbackKinds[rec.GetString("kind")], feedbackStatuses[rec.GetString("status")]
	out := feedbackView{
		TrackingCode: rec.GetString("tracking_code"),
		Kind:         rec.GetString("kind"), KindLabel: k[0], KindLabelEN: k[1],
		Status: rec.GetString("status"), StatusLabel: st[0], StatusLabelEN: st[1],
		ReceivedAt: officeTime(rec.GetDateTime("created")),
		AnsweredAt: officeTime(rec.GetDateTime("answered_at")),
		Published:  rec.GetBool("published"),
	}
	// Tracking codes are sequential, so anyone can guess one: the text of a
	// feedback and its answer are shown only once a leader publishes them.
	if out.Published {
		out.PublishedAt = officeTime(rec.GetDateTime("published_at"))
		out.Subject, out.Content, out.Answer = rec.GetString("subject"), rec.GetString("content"), rec.GetString("answer")
		if info, ok := p.catalogue().byRef[rec.GetString("procedure")]; ok {
			out.Procedure = &procRef{Code: info.summary.Code, Name: info.summary.Name, Sector: info.summary.SectorName}
		}
	}
	return out
}

// GET /api/motcua/feedback/{tracking_code}
func (p *site) viewFeedback(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	code := strings.ToUpper(strings.TrimSpace(e.Request.PathValue("code")))
	if !trackingCodeRe.MatchString(code) {
		return e.BadRequestError("Mã theo dõi không đúng định dạng, ví dụ PA-261127-0001.", nil)
	}
	rec, err := e.App.FindFirstRecordByData(migrations.FeedbackID, "tracking_code", code)
	if err != nil {
		return e.NotFoundError("Không tìm thấy phản ánh, kiến nghị có mã theo dõi "+code+".", nil)
	}
	return e.JSON(http.StatusOK, p.feedbackViewOf(rec))
}

// GET /api/motcua/feedback?published=1&page=N — answers a leader chose to
// publish, newest first. Only published entries are ever listed.
func (p *site) listFeedback(e *core.RequestEvent) error {
	const perPage = 20
	page, _ := strconv.Atoi(e.Request.URL.Query().Get("page"))
	page = max(page, 1)
	recs, err := e.App.FindRecordsByFilter(migrations.FeedbackID, "published = true && answer != ''",
		"-published_at,-answered_at,-created", perPage+1, (page-1)*perPage)
	if err != nil {
		return e.InternalServerError("Không tải được danh sách trả lời phản ánh, kiến nghị.", err)
	}
	more := len(recs) > perPage
	if more {
		recs = recs[:perPage]
	}
	items := make([]feedbackView, 0, len(recs))
	for _, r := range recs {
		items = append(items, p.feedbackViewOf(r))
	}
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	return e.JSON(http.StatusOK, map[string]any{"items": items, "page": page, "more": more})
}
