package lifecycle

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func actions(opts []Option) []Action {
	out := []Action{}
	for _, o := range opts {
		out = append(out, o.Action)
	}
	return out
}

// Every step offered is accepted by Check once its fields are filled, and
// refused while one of them is missing.
func TestOptionsAreWhatCheckAccepts(t *testing.T) {
	for _, from := range Statuses {
		for _, s := range []Situation{
			{Status: from}, {Status: from, Assignee: "S1", AssigneeRole: roleSpecialist},
			{Status: from, Assignee: "L1", AssigneeRole: roleLeader}, {Status: from, NotReceived: true},
		} {
			for _, role := range []string{roleAdmin, roleLeader, roleSpecialist, roleReceptionist, "inspector"} {
				for _, o := range Options(s, role, "S1") {
					c := Change{From: s.Status, To: o.To, Role: role, ActorID: "S1", NotReceived: s.NotReceived,
						OldAssignee: s.Assignee, NewAssignee: s.Assignee, AssigneeRole: s.AssigneeRole}
					for _, f := range o.Fields {
						switch f {
						case "note":
							c.Note = "x"
						case "assignee":
							c.NewAssignee, c.AssigneeRole = "new", map[Action]string{SubmitForDecision: roleLeader}[o.Action]
						case "missing_items":
							c.MissingItems = 1
						case "returned_to":
							c.ReturnedTo = "x"
						case "apology_reason":
							c.ApologyReason = "x"
						case "new_due_at":
							c.Apology, c.NewDueAfterDue = true, true
						}
					}
					a, err := Check(c)
					require.NoError(t, err, "%s offered to %s from %s", o.Action, role, from)
					assert.Equal(t, o.Action, a)
				}
			}
		}
	}
}

func TestOptionsPerRole(t *testing.T) {
	processing := Situation{Status: Processing, Assignee: "S1", AssigneeRole: roleSpecialist}
	assert.Equal(t, []Action{RequestSupplement, RequestPayment, SubmitForDecision}, actions(Options(processing, roleSpecialist, "S1")))
	assert.Empty(t, Options(processing, roleSpecialist, "S2"), "a specialist acts only on their own dossiers")
	assert.Equal(t, []Action{Decide, Apologize, Stop}, actions(Options(processing, roleLeader, "L1")))
	processing.ApologyBefore = true
	assert.Equal(t, []Action{Decide, Stop}, actions(Options(processing, roleLeader, "L1")), "the date moves once")
	assert.Empty(t, Options(processing, "inspector", "I1"))

	withLeader := Situation{Status: Processing, Assignee: "L1", AssigneeRole: roleLeader}
	assert.NotContains(t, actions(Options(withLeader, roleReceptionist, "R1")), SubmitForDecision, "already submitted")

	guided := Situation{Status: SupplementRequested, NotReceived: true}
	opts := Options(guided, roleReceptionist, "R1")
	assert.Equal(t, []Action{Receive, Refuse}, actions(opts), "a guided dossier is received when complete")
	assert.Equal(t, Received, opts[0].To)

	waiting := Options(Situation{Status: SupplementRequested}, roleReceptionist, "R1")
	assert.Equal(t, Received, waiting[0].To, "back to the counter when it had no handler")
	for _, s := range []Status{Refused, Stopped, Returned} {
		assert.Empty(t, Options(Situation{Status: s}, roleAdmin, "A1"), s)
	}
}
