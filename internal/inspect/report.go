package inspect

import (
	"time"
)

// StoredFinding is a finding as kept in the `findings` collection.
type StoredFinding struct {
	Finding
	ID           string    `json:"id"`
	Status       string    `json:"status"` // open, acknowledged, resolved
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	ResolvedAt   time.Time `json:"resolved_at,omitzero"`
	AutoResolved bool      `json:"auto_resolved,omitempty"`
	Note         string    `json:"resolution_note,omitempty"`
}

// Indicators are the numbers of a period: the office's totals and the
// breakdowns, and the Decision 766 estimate.
type Indicators struct {
	Totals      Group     `json:"totals"`
	ByMonth     []Group   `json:"by_month"`
	ByOfficer   []Group   `json:"by_officer"`
	BySector    []Group   `json:"by_sector"`
	ByProcedure []Group   `json:"by_procedure"`
	Catalogue   Catalogue `json:"catalogue"`
	Points766   []Points  `json:"points_766"`
	// PointsBasis says how the points are given (PointsBasis).
	PointsBasis string `json:"points_766_basis"`
}

// RunStats says what a run changed in the findings.
type RunStats struct {
	Found    int `json:"found"`    // findings found by this run
	New      int `json:"new"`      // of which were not open before
	Resolved int `json:"resolved"` // open findings resolved automatically
}

// Report is a self-inspection report (báo cáo tự kiểm tra) of a period.
type Report struct {
	Office      string          `json:"office"`
	Period      ReportPeriod    `json:"period"`
	Span        Period          `json:"-"`
	GeneratedAt time.Time       `json:"generated_at"`
	Settings    Settings        `json:"settings"`
	Run         *RunStats       `json:"run,omitempty"`
	Findings    []StoredFinding `json:"findings"`
	Indicators  Indicators      `json:"indicators"`
	Audit       Audit           `json:"audit"`
}

// ReportPeriod is a period as JSON: {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}.
type ReportPeriod struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// NewReportPeriod converts p.
func NewReportPeriod(p Period) ReportPeriod {
	return ReportPeriod{From: p.From.String(), To: p.To.String()}
}

// FindingCounts counts findings by severity.
func FindingCounts(fs []StoredFinding) map[Severity]int {
	out := map[Severity]int{Serious: 0, Warning: 0, Info: 0}
	for _, f := range fs {
		out[f.Severity]++
	}
	return out
}
