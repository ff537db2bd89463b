package lifecycle

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusCodesFollowTheNationalSet(t *testing.T) {
	assert.Equal(t, 1, Submitted.Code())
	assert.Equal(t, 5, SupplementRequested.Code())
	assert.Equal(t, 10, Returned.Code())
	assert.Equal(t, 0, Status("bogus").Code())
	for _, s := range Statuses {
		assert.NotEmpty(t, s.Label(), s)
		assert.NotEmpty(t, s.LabelEN(), s)
	}
	for _, s := range []Status{Refused, Stopped, Returned} {
		assert.True(t, s.Final(), s)
	}
	for _, s := range []Status{Decided, Returned, Stopped, Refused, WithdrawalRequested} {
		assert.True(t, s.Ended(), s)
	}
	for _, s := range []Status{Submitted, Received, Processing, SupplementRequested, PaymentRequested} {
		assert.True(t, s.Open(), s)
	}
}

func TestCheckTransitions(t *testing.T) {
	const me, other = "u1", "u2"
	full := func(c Change) Change {
		c.ActorID = me
		if c.OldAssignee == "" {
			c.OldAssignee = me
		}
		return c
	}
	cases := []struct {
		name   string
		change Change
		want   Action
		field  string // "" when allowed
	}{
		{"receive", Change{Creating: true, To: Received, Role: roleReceptionist}, Receive, ""},
		{"receive defaults", Change{Creating: true, Role: roleReceptionist}, Receive, ""},
		{"leader cannot receive", Change{Creating: true, To: Received, Role: roleLeader}, "", "status"},
		{"refuse needs reason", Change{Creating: true, To: Refused, Role: roleReceptionist}, "", "note"},
		{"refuse", Change{Creating: true, To: Refused, Role: roleReceptionist, Note: "Ngoài thẩm quyền"}, Refuse, ""},
		{"create processing", Change{Creating: true, To: Processing, Role: roleReceptionist}, "", "status"},
		{"transfer needs assignee", Change{From: Received, To: Processing, Role: roleReceptionist}, "", "assignee"},
		{"transfer", Change{From: Received, To: Processing, Role: roleReceptionist, NewAssignee: other}, Transfer, ""},
		{"specialist cannot transfer", full(Change{From: Received, To: Processing, Role: roleSpecialist, NewAssignee: other}), "", "status"},
		{"supplement needs items", full(Change{From: Processing, To: SupplementRequested, Role: roleSpecialist, Note: "thiếu"}), "", "missing_items"},
		{"supplement needs reason", full(Change{From: Processing, To: SupplementRequested, Role: roleSpecialist, MissingItems: 1}), "", "note"},
		{"supplement", full(Change{From: Processing, To: SupplementRequested, Role: roleSpecialist, Note: "thiếu", MissingItems: 1}), RequestSupplement, ""},
		{"specialist not assigned", Change{From: Processing, To: SupplementRequested, Role: roleSpecialist, ActorID: me, OldAssignee: other, Note: "x", MissingItems: 1}, "", "assignee"},
		{"supplement received", Change{From: SupplementRequested, To: Processing, Role: roleReceptionist}, SupplementReceived, ""},
		{"payment", full(Change{From: Processing, To: PaymentRequested, Role: roleSpecialist}), RequestPayment, ""},
		{"paid", Change{From: PaymentRequested, To: Processing, Role: roleReceptionist}, Paid, ""},
		{"submit for decision", full(Change{From: Processing, To: Processing, Role: roleSpecialist, NewAssignee: "lead", AssigneeRole: roleLeader}), SubmitForDecision, ""},
		{"reassign", Change{From: Processing, To: Processing, Role: roleLeader, OldAssignee: me, NewAssignee: other, AssigneeRole: roleSpecialist}, Reassign, ""},
		{"decide", Change{From: Processing, To: Decided, Role: roleLeader}, Decide, ""},
		{"specialist cannot decide", full(Change{From: Processing, To: Decided, Role: roleSpecialist}), "", "status"},
		{"receptionist cannot decide", Change{From: Processing, To: Decided, Role: roleReceptionist}, "", "status"},
		{"decide from received", Change{From: Received, To: Decided, Role: roleLeader}, "", "status"},
		{"return needs receiver", Change{From: Decided, To: Returned, Role: roleReceptionist}, "", "returned_to"},
		{"return", Change{From: Decided, To: Returned, Role: roleReceptionist, ReturnedTo: "Nguyễn Văn Mẫu"}, Return, ""},
		{"stop needs reason", Change{From: Processing, To: Stopped, Role: roleLeader}, "", "note"},
		{"stop", Change{From: Processing, To: Stopped, Role: roleLeader, Note: "x"}, Stop, ""},
		{"receptionist cannot stop", Change{From: Processing, To: Stopped, Role: roleReceptionist, Note: "x"}, "", "status"},
		{"withdrawal", Change{From: Processing, To: WithdrawalRequested, Role: roleReceptionist, Note: "đơn rút"}, RequestWithdrawal, ""},
		{"returned is final", Change{From: Returned, To: Processing, Role: roleAdmin}, "", "status"},
		{"refused is final", Change{From: Refused, To: Received, Role: roleAdmin}, "", "status"},
		{"stopped is final", Change{From: Stopped, To: Stopped, Role: roleAdmin}, "", "status"},
		{"unknown status", Change{From: Processing, To: "done", Role: roleAdmin}, "", "status"},
		{"admin any legal step", Change{From: Processing, To: Decided, Role: roleAdmin}, Decide, ""},
		{"system any legal step", Change{From: Processing, To: Decided}, Decide, ""},
		{"apology", Change{From: Processing, To: Processing, Role: roleLeader, Apology: true, ApologyReason: "Cần xác minh", NewDueAfterDue: true}, Apologize, ""},
		{"apology once", Change{From: Processing, To: Processing, Role: roleLeader, Apology: true, ApologyBefore: true, ApologyReason: "x", NewDueAfterDue: true}, "", "new_due_at"},
		{"apology reason", Change{From: Processing, To: Processing, Role: roleLeader, Apology: true, NewDueAfterDue: true}, "", "apology_reason"},
		{"apology later date", Change{From: Processing, To: Processing, Role: roleLeader, Apology: true, ApologyReason: "x"}, "", "new_due_at"},
		// Owed all the more once overdue: recorded, and flagged by the self-inspection.
		{"apology too late, still allowed", Change{From: Processing, To: Processing, Role: roleLeader, Apology: true, ApologyReason: "x", NewDueAfterDue: true, ApologyTooLate: true}, Apologize, ""},
		{"no apology before receipt", Change{From: Submitted, To: Submitted, NotReceived: true, Role: roleLeader, Apology: true, ApologyReason: "x", NewDueAfterDue: true}, "", "new_due_at"},
		// The intake check comes before receipt (form 02 guides once, in writing).
		{"guide at the counter", Change{Creating: true, To: SupplementRequested, Role: roleReceptionist, Note: "Thiếu tờ khai", MissingItems: 1}, RequestSupplement, ""},
		{"guide at the counter needs the list", Change{Creating: true, To: SupplementRequested, Role: roleReceptionist, Note: "Thiếu tờ khai"}, "", "missing_items"},
		{"guide an online registration", Change{From: Submitted, To: SupplementRequested, NotReceived: true, Role: roleReceptionist, Note: "Thiếu tờ khai", MissingItems: 1}, RequestSupplement, ""},
		{"receive once completed", Change{From: SupplementRequested, To: Received, NotReceived: true, Role: roleReceptionist}, Receive, ""},
		{"refuse once guided", Change{From: SupplementRequested, To: Refused, NotReceived: true, Role: roleReceptionist, Note: "Không bổ sung"}, Refuse, ""},
		{"a received dossier is not refused", Change{From: SupplementRequested, To: Refused, Role: roleReceptionist, Note: "x"}, "", "status"},
		{"not received: not processed", Change{From: SupplementRequested, To: Processing, NotReceived: true, Role: roleReceptionist}, "", "status"},
		{"admin records late apology", Change{From: Processing, To: Processing, Role: roleAdmin, Apology: true, ApologyReason: "x", NewDueAfterDue: true, ApologyTooLate: true}, Apologize, ""},
		{"receptionist cannot apologise", Change{From: Processing, To: Processing, Role: roleReceptionist, Apology: true, ApologyReason: "x", NewDueAfterDue: true}, "", "status"},
		{"apology with status change", Change{From: Processing, To: Decided, Role: roleLeader, Apology: true}, "", "new_due_at"},
		{"rating", Change{From: Returned, To: Returned, Rated: true}, Rate, ""},
		{"rating before return", Change{From: Processing, To: Processing, Rated: true}, "", "rating"},
		{"staff cannot rate", Change{From: Returned, To: Returned, Rated: true, Role: roleReceptionist}, "", "status"},
		{"follow up", Change{From: Returned, To: Returned, FollowedUp: true, Role: roleLeader}, FollowUp, ""},
		{"edit", Change{From: Received, To: Received, Role: roleReceptionist}, Edit, ""},
		{"inspector edits nothing", Change{From: Received, To: Received, Role: "inspector"}, "", "status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Check(c.change)
			if c.field == "" {
				require.NoError(t, err)
				assert.Equal(t, c.want, got)
				return
			}
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "want a field error, got %v", err)
			assert.Equal(t, c.field, fe.Field)
			assert.NotEmpty(t, fe.Message)
		})
	}
}

func TestClassify(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	due := time.Date(2026, 3, 10, 17, 0, 0, 0, loc)
	cases := []struct {
		name  string
		ended time.Time
		supp  int
		want  Class
	}{
		{"day before", time.Date(2026, 3, 9, 16, 0, 0, 0, loc), 0, Early},
		{"same day", time.Date(2026, 3, 10, 8, 0, 0, 0, loc), 0, OnTime},
		{"at closing", due, 0, OnTime},
		{"a minute late", due.Add(time.Minute), 0, Late},
		{"one supplement early", time.Date(2026, 3, 2, 9, 0, 0, 0, loc), 1, Early},
		{"two supplements", time.Date(2026, 3, 2, 9, 0, 0, 0, loc), 2, Late},
		// 00:30 on the due day in ICT is still the previous UTC day.
		{"due day early hours", time.Date(2026, 3, 10, 0, 30, 0, 0, loc), 0, OnTime},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Classify(c.ended, due, c.supp, loc), c.name)
	}
}

func TestCodeFormat(t *testing.T) {
	d := time.Date(2026, 10, 8, 9, 0, 0, 0, time.UTC)
	assert.Equal(t, "H15.50.05.13-261008-0975", CodeFormat("H15.50.05.13", d, 975))
	assert.Equal(t, "X-261008-0001", CodeFormat("X", d, 1))
}

func TestClassifyEnding(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	due := time.Date(2026, 3, 10, 17, 0, 0, 0, loc)
	early, late := time.Date(2026, 3, 9, 16, 0, 0, 0, loc), due.Add(time.Hour)
	cases := []struct {
		end   Status
		ended time.Time
		supp  int
		want  Class
	}{
		{Decided, early, 0, Early},
		{Decided, late, 0, Late},
		{Returned, due, 0, OnTime},
		{Stopped, early, 0, ""},
		{Stopped, late, 0, Late},
		{Stopped, early, 2, Late},
		{WithdrawalRequested, due, 0, ""},
		{WithdrawalRequested, late, 0, Late},
		{Refused, late, 0, ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, ClassifyEnding(c.end, c.ended, due, c.supp, loc), "%s at %s", c.end, c.ended)
	}
}
