package files

// Online submission (nộp hồ sơ trực tuyến) from the public page, for the
// procedures whose `online_level` is `partial` or `full` (Decree 118/2025/
// NĐ-CP: dossiers submitted online are received by the same one-stop office;
// Decision 766/QĐ-TTg scores them in its online-service group):
//
//  1. POST /api/motcua/submissions/code {email}: a one-time code of six
//     digits is sent to the address by PocketBase's mailer (15 minutes, five
//     tries);
//  2. POST /api/motcua/submissions (multipart): the applicant's data, the
//     code, and one file per item of the procedure's checklist (`item_0`,
//     `item_1`, … in the checklist's order). The dossier (status `submitted`,
//     channel `online`) and its files are written in one transaction: an
//     upload that fails midway leaves neither. The answer is the dossier's
//     code, which the public look-up tracks.
//
// The dossier then waits on the receptionist's queue, where the dossier rules
// apply unchanged: receive (the time limit runs from then), ask once for a
// supplement (form 02) or refuse (form 03). Abuse is bounded by per-IP and
// per-address rate limits, the body limit, the file checks of this package,
// a honeypot field (`website`) and the e-mail code.

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/internal/ratelimit"
	migrations "motcua/pb_migrations"
)

// Limits of the online submission.
const (
	codeTTL          = 15 * time.Minute
	codeTries        = 5
	codesPerMinuteIP = 3 // code requests per IP and minute
	codesPerAddress  = 1 // code requests per address and minute
	submitsPerMinute = 3 // submissions per IP and minute
	// submissionBodyLimit bounds a whole submission: a checklist of a few
	// items at 10 MB each, plus the form.
	submissionBodyLimit = 4*migrations.DossierFileMaxSize + 1<<20
)

// submissions holds the per-app state of the route: the pending codes and the
// rate limiter.
type submissions struct {
	limiter *ratelimit.Limiter
	mu      sync.Mutex
	codes   map[string]*pendingCode // by folded e-mail address
}

type pendingCode struct {
	hash    [32]byte
	expires time.Time
	tries   int
}

func registerSubmissions(app core.App) {
	s := &submissions{limiter: ratelimit.New(), codes: map[string]*pendingCode{}}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/motcua/submissions")
		g.BindFunc(func(e *core.RequestEvent) error {
			e.Response.Header().Set("Cache-Control", "no-store")
			e.Response.Header().Set("X-Content-Type-Options", "nosniff")
			return e.Next()
		})
		g.POST("/code", s.requestCode).Bind(apis.BodyLimit(4 << 10))
		g.POST("", s.submit).Bind(apis.BodyLimit(submissionBodyLimit))
		return se.Next()
	})
}

// limit answers 429 when key's bucket is empty.
func (s *submissions) limit(e *core.RequestEvent, key string, perMinute int) error {
	if ok, wait := s.limiter.Allow(key, perMinute, time.Now()); !ok {
		e.Response.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		return e.TooManyRequestsError("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.", nil)
	}
	return nil
}

func foldEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkEmail(s string) validation.Errors {
	if strings.TrimSpace(s) == "" {
		return validation.Errors{"email": validation.NewError("validation_required", "Cần nhập địa chỉ thư điện tử để nhận mã xác nhận.")}
	}
	if is.EmailFormat.Validate(strings.TrimSpace(s)) != nil || len(s) > 200 {
		return validation.Errors{"email": validation.NewError("validation_invalid_email", "Địa chỉ thư điện tử không hợp lệ.")}
	}
	return nil
}

// requestCode sends a one-time code to the address the citizen typed.
func (s *submissions) requestCode(e *core.RequestEvent) error {
	if err := s.limit(e, "code|"+e.RealIP(), codesPerMinuteIP); err != nil {
		return err
	}
	var in struct {
		Email   string `json:"email"`
		Website string `json:"website"` // honeypot: people never see it
	}
	if err := e.BindBody(&in); err != nil {
		return e.BadRequestError("Dữ liệu gửi lên không đọc được.", nil)
	}
	if errs := checkEmail(in.Email); errs != nil {
		return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", errs)
	}
	sent := map[string]string{"message": "Đã gửi mã xác nhận tới " + strings.TrimSpace(in.Email) + ". Mã có hiệu lực trong 15 phút."}
	if strings.TrimSpace(in.Website) != "" {
		return e.JSON(http.StatusOK, sent)
	}
	addr := foldEmail(in.Email)
	if err := s.limit(e, "code-mail|"+addr, codesPerAddress); err != nil {
		return err
	}
	code, err := newCode()
	if err != nil {
		return e.InternalServerError("Chưa tạo được mã xác nhận. Vui lòng thử lại.", err)
	}
	if err := sendCode(e.App, strings.TrimSpace(in.Email), code); err != nil {
		e.App.Logger().Error("submissions: code mail not sent", "error", err)
		return e.Error(http.StatusServiceUnavailable, "Chưa gửi được thư chứa mã xác nhận. Vui lòng thử lại sau hoặc nộp hồ sơ trực tiếp tại Bộ phận Một cửa.", nil)
	}
	s.mu.Lock()
	now := time.Now()
	for k, p := range s.codes {
		if now.After(p.expires) {
			delete(s.codes, k)
		}
	}
	s.codes[addr] = &pendingCode{hash: sha256.Sum256([]byte(code)), expires: now.Add(codeTTL)}
	s.mu.Unlock()
	return e.JSON(http.StatusOK, sent)
}

func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// sendCode e-mails the code with PocketBase's mailer (the SMTP settings the
// IT officer set).
func sendCode(app core.App, to, code string) error {
	office := "Bộ phận Một cửa"
	if recs, err := app.FindRecordsByFilter(migrations.OfficeID, "", "", 1, 0); err == nil && len(recs) > 0 {
		office = recs[0].GetString("name")
	}
	meta := app.Settings().Meta
	text := "Mã xác nhận nộp hồ sơ trực tuyến của bạn là: " + code + "\n\n" +
		"Mã có hiệu lực trong 15 phút và chỉ dùng một lần. Nếu bạn không nộp hồ sơ, hãy bỏ qua thư này.\n\n" + office
	return app.NewMailClient().Send(&mailer.Message{
		From:    mail.Address{Address: meta.SenderAddress, Name: meta.SenderName},
		To:      []mail.Address{{Address: to}},
		Subject: "Mã xác nhận nộp hồ sơ trực tuyến: " + code,
		Text:    text,
		HTML:    "<p>Mã xác nhận nộp hồ sơ trực tuyến của bạn là: <b>" + code + "</b></p><p>Mã có hiệu lực trong 15 phút và chỉ dùng một lần. Nếu bạn không nộp hồ sơ, hãy bỏ qua thư này.</p><p>" + htmlEscape(office) + "</p>",
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// checkCode reports whether code is the pending code of addr, counting a
// wrong try; it does not consume it.
func (s *submissions) checkCode(addr, code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.codes[addr]
	if !ok || time.Now().After(p.expires) || p.tries >= codeTries {
		return false
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(code)))
	if subtle.ConstantTimeCompare(h[:], p.hash[:]) != 1 {
		p.tries++
		return false
	}
	return true
}

func (s *submissions) consume(addr string) {
	s.mu.Lock()
	delete(s.codes, addr)
	s.mu.Unlock()
}

// applicant fields of the form, with their Vietnamese names for messages.
var applicantFields = []struct {
	name, label string
	max         int
	required    bool
}{
	{"applicant_name", "họ tên người nộp", 200, true},
	{"applicant_phone", "số điện thoại", 20, true},
	{"applicant_id_number", "số định danh cá nhân", 20, true},
	{"applicant_address", "địa chỉ", 300, false},
}

// submit stores an online dossier and its papers.
func (s *submissions) submit(e *core.RequestEvent) error {
	if err := s.limit(e, "submit|"+e.RealIP(), submitsPerMinute); err != nil {
		return err
	}
	if err := e.Request.ParseMultipartForm(1 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return e.Error(http.StatusRequestEntityTooLarge, fmt.Sprintf("Hồ sơ gửi lên quá lớn: tổng dung lượng tối đa %d MB.", submissionBodyLimit>>20), nil)
		}
		return e.BadRequestError("Hồ sơ phải được gửi dưới dạng biểu mẫu có tệp đính kèm.", nil)
	}
	form := func(k string) string { return strings.TrimSpace(e.Request.FormValue(k)) }
	if form("website") != "" {
		// A bot filled the hidden field: answer as if stored, store nothing.
		return e.JSON(http.StatusOK, map[string]string{"message": "Đã nhận hồ sơ."})
	}
	errs := validation.Errors{}
	proc, perr := onlineProcedure(e.App, form("procedure"))
	if perr != nil {
		errs["procedure"] = perr
	}
	for _, f := range applicantFields {
		v := form(f.name)
		switch {
		case v == "" && f.required:
			errs[f.name] = validation.NewError("validation_required", "Cần nhập "+f.label+".")
		case len([]rune(v)) > f.max:
			errs[f.name] = validation.NewError("validation_length_too_long", fmt.Sprintf("Mục %s dài quá %d ký tự.", f.label, f.max))
		}
	}
	if v := form("applicant_id_number"); v != "" && errs["applicant_id_number"] == nil && (len(normaliseID(v)) < 9 || len(normaliseID(v)) > 12) {
		errs["applicant_id_number"] = validation.NewError("validation_invalid_id", "Số định danh cá nhân (CCCD) gồm 12 chữ số.")
	}
	if e := checkEmail(form("applicant_email")); e != nil {
		errs["applicant_email"] = e["email"]
	}
	var items []Item
	uploads := map[int]*filesystem.File{}
	if proc != nil {
		items = parseItems(proc.Get("documents"))
		for i, it := range items {
			key := "item_" + strconv.Itoa(i)
			files, err := e.FindUploadedFiles(key)
			if err != nil || len(files) == 0 {
				errs[key] = validation.NewError("validation_required", "Cần tải lên bản chụp hoặc bản quét: "+it.Name+".")
				continue
			}
			if _, _, err := checkContent(files[0]); err != nil {
				errs[key] = validation.NewError("validation_motcua_file", err.Error())
				continue
			}
			uploads[i] = files[0]
		}
	}
	if len(errs) > 0 {
		return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", errs)
	}
	addr := foldEmail(form("applicant_email"))
	if !s.checkCode(addr, form("email_code")) {
		return e.BadRequestError("Mã xác nhận không đúng.", validation.Errors{"email_code": validation.NewError("validation_motcua_email_code",
			"Mã xác nhận không đúng hoặc đã hết hạn: hãy kiểm tra thư hoặc yêu cầu mã mới.")})
	}

	var code string
	err := e.App.RunInTransaction(func(tx core.App) error {
		dossiers, err := tx.FindCachedCollectionByNameOrId(migrations.DossiersID)
		if err != nil {
			return err
		}
		d := core.NewRecord(dossiers)
		docs := make([]Item, len(items))
		for i, it := range items {
			docs[i] = Item{Name: it.Name, Kind: digitisedKind(it.Kind), Count: 1}
		}
		d.Load(map[string]any{
			"procedure": proc.Id, "status": "submitted", "channel": "online", "sets": 1, "documents": docs,
			"applicant_name": form("applicant_name"), "applicant_phone": form("applicant_phone"),
			"applicant_id_number": form("applicant_id_number"), "applicant_address": form("applicant_address"),
			"applicant_email": strings.TrimSpace(form("applicant_email")),
			// An online applicant is told electronically (Decree 118/2025):
			// the address just confirmed by its code is where the messages
			// of the dossier's steps go (hooks/notify); the form says so.
			"notify_consent": true,
		})
		if err := tx.Save(d); err != nil {
			return err
		}
		papers, err := tx.FindCachedCollectionByNameOrId(migrations.DossierFilesID)
		if err != nil {
			return err
		}
		for i, it := range items {
			rec := core.NewRecord(papers)
			rec.Load(map[string]any{"dossier": d.Id, "role": RoleSubmitted, "item": it.Name,
				"kind": digitisedKind(it.Kind), "source": "online", "file": uploads[i]})
			if err := tx.Save(rec); err != nil {
				var apiErr *router.ApiError
				if errors.As(err, &apiErr) {
					if data, ok := apiErr.RawData().(validation.Errors); ok && data["file"] != nil {
						return router.NewBadRequestError(apiErr.Message, validation.Errors{"item_" + strconv.Itoa(i): data["file"]})
					}
				}
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
		code = d.GetString("code")
		return nil
	})
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		var verrs validation.Errors
		if errors.As(err, &verrs) {
			return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", verrs)
		}
		return e.InternalServerError("Chưa lưu được hồ sơ, không có gì được lưu. Vui lòng thử lại.", err)
	}
	s.consume(addr)
	return e.JSON(http.StatusOK, map[string]string{
		"code":    code,
		"message": "Đã nộp hồ sơ trực tuyến. Mã hồ sơ " + code + " dùng để tra cứu; Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ.",
	})
}

// onlineProcedure finds a published procedure (by id or national code) that
// takes online dossiers.
func onlineProcedure(app core.App, ref string) (*core.Record, error) {
	if ref == "" {
		return nil, validation.NewError("validation_required", "Cần chọn thủ tục.")
	}
	proc, err := app.FindRecordById(migrations.ProceduresID, ref)
	if err != nil {
		proc, err = app.FindFirstRecordByData(migrations.ProceduresID, "code", ref)
	}
	if err != nil || !proc.GetBool("published") {
		return nil, validation.NewError("validation_motcua_procedure", "Không tìm thấy thủ tục đã chọn trong danh mục.")
	}
	if l := proc.GetString("online_level"); l != "partial" && l != "full" {
		return nil, validation.NewError("validation_motcua_procedure", "Thủ tục này chưa nhận hồ sơ trực tuyến: vui lòng nộp trực tiếp tại Bộ phận Một cửa.")
	}
	if len(parseItems(proc.Get("documents"))) == 0 {
		return nil, validation.NewError("validation_motcua_procedure", "Thủ tục này chưa có danh mục thành phần hồ sơ để nộp trực tuyến.")
	}
	return proc, nil
}
