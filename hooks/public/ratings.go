package public

import (
	"database/sql"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/lifecycle"
)

// Satisfaction evaluation at return (đánh giá mức độ hài lòng): whoever holds
// the receipt (the code) and the phone given at receipt (its last four
// digits) rates a returned dossier once: very satisfied, satisfied or
// dissatisfied, with optional criteria and a comment.

type ratingInput struct {
	Code       string            `json:"code"`
	PhoneLast4 string            `json:"phone_last4"`
	Rating     string            `json:"rating"`
	Comment    string            `json:"comment"`
	Criteria   map[string]string `json:"criteria"`
}

var ratingLabels = map[string]string{
	"very_satisfied": "Rất hài lòng",
	"satisfied":      "Hài lòng",
	"dissatisfied":   "Không hài lòng",
}

// ratingCriteria are the criteria of the evaluation form, in its order.
var ratingCriteria = []struct{ key, label string }{
	{"time", "Thời gian giải quyết so với quy định"},
	{"contacts", "Số lần phải liên hệ, đi lại"},
	{"attitude", "Thái độ, tinh thần phục vụ của công chức"},
}

var last4Re = regexp.MustCompile(`^[0-9]{4}$`)

func validateRating(in *ratingInput) validation.Errors {
	errs := validation.Errors{}
	var ok bool
	if in.Code, ok = normalizeDossierCode(in.Code); !ok {
		errs["code"] = validation.NewError("invalid_code", "Mã hồ sơ không đúng định dạng, ví dụ H15.50.05.13-261008-0975.")
	}
	in.PhoneLast4 = strings.TrimSpace(in.PhoneLast4)
	if !last4Re.MatchString(in.PhoneLast4) {
		errs["phone_last4"] = validation.NewError("invalid_last4", "Vui lòng nhập đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ.")
	}
	if _, ok := ratingLabels[in.Rating]; !ok {
		errs["rating"] = validation.NewError("required", "Vui lòng chọn mức độ hài lòng.")
	}
	in.Comment = strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(in.Comment) > 1000 {
		errs["comment"] = validation.NewError("too_long", "Ý kiến dài quá 1.000 ký tự.")
	}
	for k, v := range in.Criteria {
		known := false
		for _, c := range ratingCriteria {
			known = known || c.key == k
		}
		if _, okV := ratingLabels[v]; !known || (v != "" && !okV) {
			errs["criteria"] = validation.NewError("invalid_criteria", "Tiêu chí đánh giá không hợp lệ.")
		}
	}
	return errs
}

// ratingAnswers keeps the criteria that were answered, by key.
func ratingAnswers(in ratingInput) map[string]string {
	out := map[string]string{}
	for _, c := range ratingCriteria {
		if v := in.Criteria[c.key]; v != "" {
			out[c.key] = v
		}
	}
	return out
}

// phoneLast4 is the last four digits of a phone number as stored.
func phoneLast4(phone string) string {
	var digits []byte
	for i := 0; i < len(phone); i++ {
		if phone[i] >= '0' && phone[i] <= '9' {
			digits = append(digits, phone[i])
		}
	}
	if len(digits) < 4 {
		return ""
	}
	return string(digits[len(digits)-4:])
}

// POST /api/motcua/ratings
func (p *site) createRating(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	var in ratingInput
	if err := readPublicJSON(e, &in); err != nil {
		return err
	}
	if errs := validateRating(&in); len(errs) > 0 {
		return e.BadRequestError("Vui lòng kiểm tra lại các mục được đánh dấu.", errs)
	}

	// Until the phone matches, an unknown code and a wrong phone get one and
	// the same answer, and every wrong guess counts against the code.
	phone := ""
	if rec, err := findDossierByCode(e.App, in.Code); err == nil {
		phone = rec.GetString("applicant_phone")
	} else if !errors.Is(err, sql.ErrNoRows) {
		return e.InternalServerError("Chưa ghi nhận được đánh giá. Vui lòng thử lại sau.", err)
	}
	result, wait, err := p.checkPhoneFactor(e.App, in.Code, phone, in.PhoneLast4, time.Now())
	if err != nil {
		return e.InternalServerError("Chưa ghi nhận được đánh giá. Vui lòng thử lại sau.", err)
	}
	if result != factorRight {
		return factorRefusal(e, result, wait)
	}

	var apiErr error
	err = e.App.RunInTransaction(func(tx core.App) error {
		rec, err := findDossierByCode(tx, in.Code)
		if err != nil {
			return err
		}
		if lifecycle.Status(rec.GetString("status")) != lifecycle.Returned {
			apiErr = e.BadRequestError("Chỉ đánh giá được hồ sơ đã trả kết quả. Hồ sơ này đang ở trạng thái \""+
				lifecycle.Status(rec.GetString("status")).Label()+"\".", nil)
			return nil
		}
		if rec.GetString("rating") != "" {
			apiErr = e.Error(http.StatusConflict, "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.", nil)
			return nil
		}
		rec.Set("rating", in.Rating)
		rec.Set("rating_comment", in.Comment)
		rec.Set("rating_criteria", ratingAnswers(in))
		rec.Set("rated_at", time.Now())
		return tx.Save(rec)
	})
	if apiErr != nil {
		return apiErr
	}
	if err != nil {
		return e.InternalServerError("Chưa ghi nhận được đánh giá. Vui lòng thử lại sau.", err)
	}
	p.stats.clear()
	return e.JSON(http.StatusOK, map[string]any{
		"code":         in.Code,
		"rating":       in.Rating,
		"rating_label": ratingLabels[in.Rating],
		"message":      "Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.",
	})
}
