package lifecycle

import "slices"

// Situation is what the offer of steps needs to know of a dossier.
type Situation struct {
	Status Status
	// NotReceived: registered or guided but never received (no deadline).
	NotReceived bool
	// Assignee is the handler's id, AssigneeRole their role.
	Assignee, AssigneeRole string
	// ApologyBefore: form 04 was issued already (the date moves once).
	ApologyBefore bool
}

// Option is a step a person may take now: its action, the status it sets
// (the current one for a step that keeps it) and the fields Check asks of it
// (Asks), in the order a clerk fills them.
type Option struct {
	Action Action
	To     Status
	Fields []string
}

// asks are the fields each step carries: the ones required() refuses to go
// without, and the optional note of a payment request (what to pay).
var asks = map[Action][]string{
	Refuse:            {"note"},
	Transfer:          {"assignee"},
	Reassign:          {"assignee"},
	SubmitForDecision: {"assignee"},
	RequestSupplement: {"missing_items", "note"},
	RequestPayment:    {"note"},
	Stop:              {"note"},
	RequestWithdrawal: {"note"},
	Return:            {"returned_to"},
	Apologize:         {"new_due_at", "apology_reason"},
}

// Asks lists the fields step a carries (see asks).
func Asks(a Action) []string { return asks[a] }

// offered is the order in which the steps are offered: the order of the
// procedure (receive first, return last).
var offered = []Action{Receive, Refuse, Transfer, RequestSupplement, SupplementReceived, RequestPayment, Paid,
	SubmitForDecision, Decide, Apologize, Stop, RequestWithdrawal, Return}

// Options lists the steps role (actorID) may take now on a dossier in s,
// by the same rules Check applies to a change: the legal transitions from
// s.Status, who may take each step, a specialist only on a dossier assigned
// to them. Two steps keep the status: submitting a dossier in processing to
// a leader (when it is not with one already), and the leader's apology with
// a new date, offered while the dossier is open and once (Decree 61/2018 Art. 19,
// kept by Decree 118/2025: the new date is set once). A supplement received returns the
// dossier to its handler, or to the counter when it had none. Reassignment
// and plain edits are left out: they are not steps of the procedure.
func Options(s Situation, role, actorID string) []Option {
	base := Change{From: s.Status, Role: role, ActorID: actorID, NotReceived: s.NotReceived,
		OldAssignee: s.Assignee, NewAssignee: s.Assignee, AssigneeRole: s.AssigneeRole, ApologyBefore: s.ApologyBefore}
	var out []Option
	add := func(c Change) {
		a, err := step(c)
		if err != nil || !slices.Contains(offered, a) || authorise(c, a) != nil {
			return
		}
		if slices.ContainsFunc(out, func(o Option) bool { return o.Action == a }) {
			return
		}
		out = append(out, Option{Action: a, To: c.To, Fields: asks[a]})
	}
	if s.Status == SupplementRequested && !s.NotReceived {
		c := base
		c.To = Received
		if s.Assignee != "" {
			c.To = Processing
		}
		add(c)
	}
	for _, to := range Statuses {
		if to == s.Status {
			continue
		}
		c := base
		c.To = to
		add(c)
	}
	if s.Status == Processing && s.AssigneeRole != roleLeader {
		c := base
		c.To, c.NewAssignee, c.AssigneeRole = s.Status, "\x00leader", roleLeader
		add(c)
	}
	if s.Status.Open() && !s.NotReceived && !s.ApologyBefore {
		c := base
		c.To, c.Apology = s.Status, true
		add(c)
	}
	slices.SortStableFunc(out, func(a, b Option) int {
		return slices.Index(offered, a.Action) - slices.Index(offered, b.Action)
	})
	return out
}
