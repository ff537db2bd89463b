// Package lifecycle is the legal life of an administrative-procedure dossier
// (hồ sơ thủ tục hành chính) at a one-stop office: the national status set,
// which status change is which step, who may take it, what it must carry, and
// how a dossier that ended is classified by the method of Decision
// 766/QĐ-TTg. It knows nothing of PocketBase: hooks translate records into
// these rules and back.
package lifecycle

import (
	"fmt"
	"time"

	"motcua/internal/access"
)

// Status is a dossier status, a text key of the national portal's set.
type Status string

const (
	Submitted           Status = "submitted"            // 1 Mới đăng ký
	Received            Status = "received"             // 2 Được tiếp nhận
	Refused             Status = "refused"              // 3 Không được tiếp nhận
	Processing          Status = "processing"           // 4 Đang xử lý
	SupplementRequested Status = "supplement_requested" // 5 Yêu cầu bổ sung giấy tờ
	PaymentRequested    Status = "payment_requested"    // 6 Yêu cầu thực hiện nghĩa vụ tài chính
	WithdrawalRequested Status = "withdrawal_requested" // 7 Công dân yêu cầu rút hồ sơ
	Stopped             Status = "stopped"              // 8 Dừng xử lý
	Decided             Status = "decided"              // 9 Đã xử lý xong
	Returned            Status = "returned"             // 10 Đã trả kết quả
)

// Statuses lists the statuses in the order of their national codes (1–10).
var Statuses = []Status{Submitted, Received, Refused, Processing, SupplementRequested,
	PaymentRequested, WithdrawalRequested, Stopped, Decided, Returned}

var labels = map[Status][2]string{
	Submitted:           {"Mới đăng ký", "Submitted"},
	Received:            {"Được tiếp nhận", "Received"},
	Refused:             {"Không được tiếp nhận", "Refused at intake"},
	Processing:          {"Đang xử lý", "Processing"},
	SupplementRequested: {"Yêu cầu bổ sung giấy tờ", "Supplement requested"},
	PaymentRequested:    {"Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"},
	WithdrawalRequested: {"Công dân yêu cầu rút hồ sơ", "Withdrawal requested"},
	Stopped:             {"Dừng xử lý", "Handling stopped"},
	Decided:             {"Đã xử lý xong", "Decided"},
	Returned:            {"Đã trả kết quả", "Result returned"},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := labels[s]; return ok }

// Code is the national portal's numeric code of s (1–10), 0 if unknown.
func (s Status) Code() int {
	for i, x := range Statuses {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// Label is the Vietnamese name of s.
func (s Status) Label() string { return labels[s][0] }

// LabelEN is the English name of s.
func (s Status) LabelEN() string { return labels[s][1] }

// Final statuses allow no further change.
func (s Status) Final() bool { return s == Refused || s == Stopped || s == Returned }

// Ended reports whether a dossier in s has ended: decided, returned,
// stopped, refused or withdrawn (for Decision 766 the first of these
// counts). A dossier refused at intake ends without ever being received: it
// has no deadline and no Class, and counts only as a refusal.
func (s Status) Ended() bool {
	return s == Decided || s == Returned || s == Stopped || s == Refused || s == WithdrawalRequested
}

// Open reports whether the office still owes the citizen a step.
func (s Status) Open() bool { return !s.Ended() }

// Counting reports whether the time limit is running for a dossier in s: it
// was received and has not ended, and the office is not waiting for the
// citizen's supplement (the clock is paused then). Only such a dossier can be
// overdue while in progress.
func (s Status) Counting() bool { return s.Open() && s != Submitted && s != SupplementRequested }

// Channel is how a dossier reached the office.
type Channel string

const (
	InPerson Channel = "in_person" // 1 trực tiếp
	Online   Channel = "online"    // 2 trực tuyến
	Post     Channel = "post"      // 3 bưu chính
)

// Action is a step of the procedure, recorded in the process-control sheet.
type Action string

const (
	Register           Action = "register"            // online dossier registered, not yet received
	Receive            Action = "receive"             // tiếp nhận, phiếu 01
	Refuse             Action = "refuse"              // từ chối tiếp nhận, phiếu 03
	Transfer           Action = "transfer"            // chuyển xử lý
	SubmitForDecision  Action = "submit_decision"     // trình ký
	Reassign           Action = "reassign"            // giao lại cho cán bộ khác
	RequestSupplement  Action = "request_supplement"  // yêu cầu bổ sung, phiếu 02
	SupplementReceived Action = "supplement_received" // nhận bổ sung, tính tiếp thời hạn
	RequestPayment     Action = "request_payment"     // yêu cầu thực hiện nghĩa vụ tài chính
	Paid               Action = "paid"                // đã thực hiện nghĩa vụ tài chính
	Decide             Action = "decide"              // lãnh đạo ký, phê duyệt
	Return             Action = "return"              // trả kết quả
	RequestWithdrawal  Action = "request_withdrawal"  // công dân rút hồ sơ
	Stop               Action = "stop"                // dừng xử lý, phiếu 05
	Apologize          Action = "apologize"           // xin lỗi và hẹn lại ngày trả, phiếu 04
	Edit               Action = "edit"                // sửa thông tin, không đổi trạng thái
	Reproject          Action = "reproject"           // tính lại hạn khi lịch nghỉ thay đổi
	Rate               Action = "rate"                // công dân đánh giá mức độ hài lòng
	FollowUp           Action = "follow_up"           // xử lý sau đánh giá, phản ánh
)

var actionLabels = map[Action][2]string{
	Register:           {"Đăng ký trực tuyến", "Registered online"},
	Receive:            {"Tiếp nhận hồ sơ", "Received"},
	Refuse:             {"Từ chối tiếp nhận", "Refused at intake"},
	Transfer:           {"Chuyển xử lý", "Transferred for handling"},
	SubmitForDecision:  {"Trình lãnh đạo ký", "Submitted for decision"},
	Reassign:           {"Giao lại cán bộ xử lý", "Reassigned"},
	RequestSupplement:  {"Yêu cầu bổ sung hồ sơ", "Supplement requested"},
	SupplementReceived: {"Nhận hồ sơ bổ sung", "Supplement received"},
	RequestPayment:     {"Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"},
	Paid:               {"Đã thực hiện nghĩa vụ tài chính", "Paid"},
	Decide:             {"Lãnh đạo đã ký, phê duyệt", "Decided"},
	Return:             {"Trả kết quả", "Result returned"},
	RequestWithdrawal:  {"Công dân rút hồ sơ", "Withdrawal requested"},
	Stop:               {"Dừng xử lý hồ sơ", "Handling stopped"},
	Apologize:          {"Xin lỗi và hẹn lại ngày trả", "Apology and new date"},
	Edit:               {"Cập nhật thông tin", "Details updated"},
	Reproject:          {"Tính lại hạn theo lịch nghỉ", "Deadline re-projected"},
	Rate:               {"Công dân đánh giá mức độ hài lòng", "Satisfaction rated"},
	FollowUp:           {"Xử lý sau đánh giá của công dân", "Rating followed up"},
}

// Label is the Vietnamese name of a.
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l[0]
	}
	return string(a)
}

// LabelEN is the English name of a.
func (a Action) LabelEN() string {
	if l, ok := actionLabels[a]; ok {
		return l[1]
	}
	return string(a)
}

// Roles, as internal/access names them.
const (
	roleAdmin        = access.Admin
	roleLeader       = access.Leader
	roleSpecialist   = access.Specialist
	roleReceptionist = access.Receptionist
)

// Change is a proposed change of a dossier, as the hooks see it.
type Change struct {
	Creating bool
	From, To Status
	// NotReceived: the dossier was registered (online, or guided at the
	// counter) but not received as complete: it has no deadline yet.
	NotReceived bool
	Role        string // the actor's role; "" for the system (CLI, cron, Go code)
	ActorID     string
	// Assignee before and after; AssigneeRole is the role of the new assignee.
	OldAssignee, NewAssignee string
	AssigneeRole             string
	Note                     string
	MissingItems             int // number of items listed in missing_items
	ReturnedTo               string
	// Apology: a new date was set now (and none before).
	Apology       bool
	ApologyBefore bool // an apology was issued earlier
	ApologyReason string
	// ApologyTooLate: less than one working day before the due date, or
	// after it. Still allowed to every leader: the apology is owed all the
	// more once the dossier is overdue; the self-inspection flags it
	// (apology_too_late) and the dossier stays late.
	ApologyTooLate bool
	NewDueAfterDue bool // the new date is after the due date
	// Rated: the citizen's rating was set now; FollowedUp: only the
	// follow-up of a rating changed. Both may happen after the dossier ended.
	Rated, FollowedUp bool
}

// FieldError names the field that is wrong, with a Vietnamese message.
type FieldError struct {
	Field, Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// transitions lists the legal status changes and the step each one is.
var transitions = map[Status]map[Status]Action{
	// Before receipt the intake check comes first: receive a complete
	// dossier, guide an incomplete one once in writing (form 02), or refuse.
	Submitted:           {Received: Receive, Refused: Refuse, SupplementRequested: RequestSupplement},
	Received:            {Processing: Transfer, SupplementRequested: RequestSupplement, WithdrawalRequested: RequestWithdrawal, Stopped: Stop},
	Processing:          {SupplementRequested: RequestSupplement, PaymentRequested: RequestPayment, Decided: Decide, WithdrawalRequested: RequestWithdrawal, Stopped: Stop},
	SupplementRequested: {Received: SupplementReceived, Processing: SupplementReceived, WithdrawalRequested: RequestWithdrawal, Stopped: Stop},
	PaymentRequested:    {Processing: Paid, WithdrawalRequested: RequestWithdrawal, Stopped: Stop},
	Decided:             {Returned: Return},
	WithdrawalRequested: {Returned: Return},
}

// who may take each step (besides the admin, who may take any legal step).
var allowed = map[Action][]string{
	Register:           {roleReceptionist},
	Receive:            {roleReceptionist},
	Refuse:             {roleReceptionist},
	Transfer:           {roleReceptionist, roleLeader},
	Reassign:           {roleReceptionist, roleLeader},
	SubmitForDecision:  {roleSpecialist, roleReceptionist},
	RequestSupplement:  {roleReceptionist, roleSpecialist},
	SupplementReceived: {roleReceptionist},
	RequestPayment:     {roleReceptionist, roleSpecialist},
	Paid:               {roleReceptionist},
	Decide:             {roleLeader},
	Return:             {roleReceptionist},
	RequestWithdrawal:  {roleReceptionist},
	Stop:               {roleLeader},
	Apologize:          {roleLeader},
	Edit:               {roleReceptionist, roleLeader, roleSpecialist},
	FollowUp:           {roleReceptionist, roleLeader},
	// Rate is the citizen's, through the public page (the system acts).
}

// Check validates a change and returns the step it is. Errors are
// *FieldError naming the field a clerk must fix.
func Check(c Change) (Action, error) {
	action, err := step(c)
	if err != nil {
		return "", err
	}
	if err := authorise(c, action); err != nil {
		return "", err
	}
	return action, required(c, action)
}

// authorise checks who takes step a: a role allowed to take it, and a
// specialist only on a dossier assigned to them.
func authorise(c Change, a Action) error {
	if c.Role != "" && c.Role != roleAdmin && !contains(allowed[a], c.Role) {
		return fieldErr("status", "Vai trò của bạn không được thực hiện bước \"%s\".", a.Label())
	}
	if c.Role == roleSpecialist && !c.Creating && c.OldAssignee != c.ActorID {
		return fieldErr("assignee", "Hồ sơ này không được giao cho bạn.")
	}
	return nil
}

func step(c Change) (Action, error) {
	if c.Creating {
		switch c.To {
		case "", Received:
			return Receive, nil
		case Refused:
			return Refuse, nil
		case Submitted:
			return Register, nil
		case SupplementRequested:
			// Guided at the counter (form 02) before any receipt.
			return RequestSupplement, nil
		}
		return "", fieldErr("status", "Hồ sơ mới chỉ có thể ở trạng thái \"%s\", \"%s\", \"%s\" hoặc \"%s\".",
			Received.Label(), Refused.Label(), Submitted.Label(), SupplementRequested.Label())
	}
	if !c.To.Valid() {
		return "", fieldErr("status", "Trạng thái \"%s\" không hợp lệ.", c.To)
	}
	if c.From == c.To {
		switch {
		case c.Rated:
			if c.From != Returned {
				return "", fieldErr("rating", "Chỉ đánh giá được hồ sơ đã trả kết quả.")
			}
			return Rate, nil
		case c.FollowedUp:
			return FollowUp, nil
		}
		if c.From.Final() {
			return "", fieldErr("status", "Hồ sơ đã kết thúc (%s): không thể thay đổi.", c.From.Label())
		}
		switch {
		case c.Apology:
			return Apologize, nil
		case c.NewAssignee != c.OldAssignee && c.From == Processing:
			if c.AssigneeRole == roleLeader && c.Role != roleLeader {
				return SubmitForDecision, nil
			}
			return Reassign, nil
		}
		return Edit, nil
	}
	if c.From.Final() {
		return "", fieldErr("status", "Hồ sơ đã kết thúc (%s): không thể chuyển sang \"%s\".", c.From.Label(), c.To.Label())
	}
	a, ok := transitions[c.From][c.To]
	if c.NotReceived && c.From == SupplementRequested {
		// Guided before receipt: the completed dossier is received now
		// (its time limit starts), or refused.
		a, ok = map[Status]Action{Received: Receive, Refused: Refuse}[c.To]
	}
	if !ok {
		return "", fieldErr("status", "Không thể chuyển hồ sơ từ \"%s\" sang \"%s\".", c.From.Label(), c.To.Label())
	}
	if c.Apology {
		return "", fieldErr("new_due_at", "Phiếu xin lỗi và hẹn lại ngày trả được lập riêng, không kèm việc đổi trạng thái.")
	}
	return a, nil
}

func required(c Change, a Action) error {
	switch a {
	case Refuse:
		if c.Note == "" {
			return fieldErr("note", "Cần ghi lý do từ chối tiếp nhận (phiếu 03).")
		}
	case Transfer, Reassign, SubmitForDecision:
		if c.NewAssignee == "" {
			return fieldErr("assignee", "Cần chọn cán bộ nhận hồ sơ.")
		}
	case RequestSupplement:
		if c.Note == "" {
			return fieldErr("note", "Cần ghi lý do yêu cầu bổ sung (phiếu 02).")
		}
		if c.MissingItems == 0 {
			return fieldErr("missing_items", "Cần liệt kê giấy tờ phải bổ sung (phiếu 02).")
		}
	case Stop:
		if c.Note == "" {
			return fieldErr("note", "Cần ghi lý do dừng xử lý (thông báo 05).")
		}
	case RequestWithdrawal:
		if c.Note == "" {
			return fieldErr("note", "Cần ghi nội dung yêu cầu rút hồ sơ của công dân.")
		}
	case Return:
		if c.ReturnedTo == "" {
			return fieldErr("returned_to", "Cần ghi người nhận kết quả.")
		}
	case Apologize:
		if c.NotReceived {
			return fieldErr("new_due_at", "Hồ sơ chưa được tiếp nhận: chưa có hạn trả kết quả để hẹn lại.")
		}
		if c.ApologyBefore {
			return fieldErr("new_due_at", "Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được điều chỉnh một lần.")
		}
		if c.ApologyReason == "" {
			return fieldErr("apology_reason", "Cần ghi lý do chậm trễ (phiếu 04).")
		}
		if !c.NewDueAfterDue {
			return fieldErr("new_due_at", "Ngày hẹn mới phải sau hạn trả kết quả hiện tại.")
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Class is the result of an ended dossier by Decision 766.
type Class string

const (
	Early  Class = "early"   // trước hạn
	OnTime Class = "on_time" // đúng hạn
	Late   Class = "late"    // trễ hạn
)

// Label is the Vietnamese name of c.
func (c Class) Label() string {
	switch c {
	case Early:
		return "Trước hạn"
	case OnTime:
		return "Đúng hạn"
	case Late:
		return "Trễ hạn"
	}
	return ""
}

// Classify applies Decision 766: a dossier is on time when it ended no later
// than its due time (which already excludes the time spent waiting for the
// citizen's supplement), early when it ended on an earlier calendar day, and
// late otherwise; more than one supplement request is late whatever the dates.
// An apology's new date does not move the due time.
func Classify(ended, due time.Time, supplementRequests int, loc *time.Location) Class {
	if supplementRequests > 1 || ended.After(due) {
		return Late
	}
	ey, em, ed := ended.In(loc).Date()
	dy, dm, dd := due.In(loc).Date()
	if time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC).Before(time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC)) {
		return Early
	}
	return OnTime
}

// ClassifyEnding is the Class of a dossier that ended by moving to end.
//
// Decision 766 indicator 2.1 rates the dossiers the office handled to a
// result ("hồ sơ xử lý trước hạn, đúng hạn" over the dossiers handled and in
// handling). A dossier that ends without a result — handling stopped (form 05
// of Circular 03/2025) or withdrawn at the citizen's request — was not
// resolved early or on time, so it has no Class and stays out of 2.1 (the
// reports list it apart), unless it ended late: a dossier already overdue, or
// asked twice for a supplement, stays late whatever ends it, so that stopping
// a late dossier never raises the on-time rate. A dossier refused at intake
// was never received and has no Class (Decree 118/2025; issue 13, point 4).
func ClassifyEnding(end Status, ended, due time.Time, supplementRequests int, loc *time.Location) Class {
	switch end {
	case Refused:
		return ""
	case Stopped, WithdrawalRequested:
		if c := Classify(ended, due, supplementRequests, loc); c == Late {
			return c
		}
		return ""
	}
	return Classify(ended, due, supplementRequests, loc)
}

// CodeFormat builds a dossier code: <unit code>-<YYMMDD>-<NNNN>
// (Circular 01/2018 Art. 19). seq is the dossier's number within its day.
func CodeFormat(unit string, day time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", unit, day.Format("060102"), seq)
}
