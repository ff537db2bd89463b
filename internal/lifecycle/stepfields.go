package lifecycle

import "slices"

// stepFields are the fields of a dossier that only a step may change: a
// plain edit (Edit) must not set a leader's apology and new date, hand the
// dossier to someone else, or write who received the result. Each field
// lists the steps that may change it and the sentence a clerk reads
// otherwise.
var stepFields = []struct {
	field string
	steps []Action
	why   string
}{
	{"new_due_at", []Action{Apologize}, "Ngày hẹn mới chỉ được ghi trong bước xin lỗi và hẹn lại ngày trả kết quả (phiếu 04), do lãnh đạo lập."},
	{"apology_reason", []Action{Apologize}, "Lý do chậm trễ chỉ được ghi trong bước xin lỗi và hẹn lại ngày trả kết quả (phiếu 04), do lãnh đạo lập."},
	{"assignee", []Action{Transfer, Reassign, SubmitForDecision}, "Người xử lý chỉ được đổi khi chuyển hồ sơ đang xử lý cho người khác hoặc trình lãnh đạo ký."},
	{"returned_to", []Action{Return}, "Người nhận kết quả chỉ được ghi khi trả kết quả."},
}

// CheckStepFields refuses a change of a step-owned field (see stepFields)
// made by a step that does not own it. changed lists the fields whose value
// changed.
func CheckStepFields(a Action, changed []string) error {
	for _, sf := range stepFields {
		if !slices.Contains(changed, sf.field) || slices.Contains(sf.steps, a) {
			continue
		}
		return fieldErr(sf.field, "%s", sf.why)
	}
	return nil
}
