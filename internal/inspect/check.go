package inspect

import (
	"sort"
	"time"
)

// Input is everything one inspection looks at, read by the hooks.
type Input struct {
	Now      time.Time
	Period   Period
	Settings Settings
	Calendar WorkingDays

	// Dossiers of the period (received in it), the open ones, the rated
	// "dissatisfied" ones without follow-up, and the subjects of open
	// findings of scoped rules, each once.
	Dossiers   []Dossier
	Officers   []Officer
	OfficeRate float64 // the office's on-time rate in the period, percent
	Procedures []Procedure
	Office     *Office
	Feedback   []Feedback
	Audit      Audit
	Backups    Backups
	Disk       Disk
	// Replica is continuous replication's state; a configured replica
	// stands in for the zip backups (no_recent_backup is not checked).
	Replica Replica
}

// Result is the outcome of an inspection: the findings, and for each scoped
// rule the subjects that were looked at (a finding of such a subject that is
// not found again has cleared).
type Result struct {
	Findings []Finding
	Checked  map[string]bool // keys (see Key) of scoped subjects inspected
	// Skipped names the rules that could not run (audit log or backups
	// not readable here): their open findings stay as they are.
	Skipped map[string]bool
}

// Check runs every rule over in.
func Check(in Input) Result {
	res := Result{Checked: map[string]bool{}, Skipped: map[string]bool{}}
	if !in.Audit.Known {
		res.Skipped[RuleAuditChainBroken] = true
	}
	if !in.Backups.Known && !in.Replica.Configured {
		res.Skipped[RuleNoRecentBackup] = true
	}
	if in.Replica.Configured && !in.Replica.Known {
		res.Skipped[RuleReplicationLagging] = true
	}
	if !in.Disk.Known {
		res.Skipped[RuleLowDisk] = true
	}
	add := func(f Finding, ok bool) {
		if ok {
			res.Findings = append(res.Findings, f)
		}
	}
	for _, d := range in.Dossiers {
		for _, rule := range []string{RuleLateEntry, RuleApologyTooLate, RuleMultipleSupplements, RuleLateTransfer, RuleLateSupplementRequest} {
			res.Checked[Key(rule, SubjectDossiers, d.ID)] = true
		}
		add(LateEntry(in.Settings, d))
		add(ApologyTooLate(d))
		add(MultipleSupplements(d))
		add(LateTransfer(in.Settings, in.Calendar, in.Now, d))
		add(LateSupplementRequest(in.Settings, in.Calendar, d))
		add(StaleDossier(in.Settings, in.Calendar, in.Now, d))
		add(OverdueNoApology(in.Now, d))
		add(DissatisfiedUnresolved(d))
	}
	for _, o := range in.Officers {
		if o.Handled >= in.Settings.MinOfficerDossiers {
			res.Checked[Key(RuleOfficerOnTimeRate, SubjectStaff, o.ID)] = true
		}
		add(OfficerOnTimeRate(in.Settings, in.Period, in.OfficeRate, o))
		add(OfficerInactive(in.Settings, in.Calendar, in.Now, o))
	}
	for _, p := range in.Procedures {
		add(CatalogIncomplete(p))
	}
	if in.Office != nil {
		add(PostingIncomplete(*in.Office))
	}
	for _, f := range in.Feedback {
		add(FeedbackOverdue(in.Settings, in.Calendar, in.Now, f))
	}
	add(AuditChainBroken(in.Audit))
	if !in.Replica.Configured {
		add(NoRecentBackup(in.Settings, in.Now, in.Backups))
	}
	add(ReplicationLagging(in.Now, in.Replica))
	add(LowDisk(in.Disk))
	SortFindings(res.Findings)
	return res
}

// SortFindings orders findings by severity (serious first), then by the
// order of the rules, then by subject.
func SortFindings(fs []Finding) {
	order := map[string]int{}
	for i, r := range Rules {
		order[r.Name] = i
	}
	sev := map[Severity]int{Serious: 0, Warning: 1, Info: 2}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if sev[a.Severity] != sev[b.Severity] {
			return sev[a.Severity] < sev[b.Severity]
		}
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		return a.SubjectLabel < b.SubjectLabel
	})
}

// Clears reports whether an open finding of rule about subject has cleared
// in res: it was not found again, and either its rule looks at the present
// state or its subject was inspected again.
func (res Result) Clears(rule, collection, id string, found map[string]bool) bool {
	key := Key(rule, collection, id)
	if found[key] {
		return false
	}
	r, ok := RuleByName(rule)
	if !ok || res.Skipped[rule] {
		return false
	}
	if !r.Scoped {
		return true
	}
	return res.Checked[key]
}
