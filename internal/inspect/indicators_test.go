package inspect

import "testing"

func TestRates(t *testing.T) {
	// 15 late dossiers, of which 2 also rated dissatisfied; 3 more complained
	// about or dissatisfied: 18 unhappy dossiers, each counted once.
	// 80 received of procedures offered online, 40 of them online; 20 of full
	// online services, 15 of them online.
	c := Counts{Received: 200, Ended: 100, Early: 60, OnTime: 30, Late: 10, InProgress: 20, InProgressOnTime: 15,
		InProgressLate: 5, Online: 50, OfferedOnline: 80, OnlineOfOffered: 40, OfferedFullOnline: 20, OnlineOfFullOffered: 15,
		Dissatisfied: 3, Complaints: 9, Unhappy: 18, FeedbackOnTime: 3, FeedbackLate: 1, FeedbackPending: 2,
		Digitised: 150, Reused: 30, Results: 90, ResultsDigitised: 45}
	r := c.Rates()
	near := func(name string, got *float64, want float64) {
		t.Helper()
		if got == nil || *got < want-0.01 || *got > want+0.01 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("on time", r.OnTime, 90)
	near("late", r.Late, 12.5)   // (10+5)/120
	near("online", r.Online, 50) // 40/80: only procedures offered online
	near("online full", r.OnlineFull, 75)
	near("4.2 digitised", r.Digitised, 75)      // 150/200 received
	near("4.3 reuse", r.Reuse, 15)              // 30/200 received
	near("4.1 results", r.ResultsDigitised, 50) // 45/90 ended with a result
	near("5.4", r.Satisfaction, 85)             // (120 − 18)/120; feedback about the rules is not counted

	// (3 on time + 2 still within the limit) / all 6 received.
	near("5.2", r.Feedback, 100*5.0/6)
	if e := (Counts{}).Rates(); e.OnTime != nil || e.Satisfaction != nil || e.Feedback != nil {
		t.Errorf("empty counts give rates: %+v", e)
	}
}

// TestScore766: each group of Decision 766 is scored indicator by indicator
// (maximum × rate, no band applied), and says how much of it the appliance
// can score with its data.
func TestScore766(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	c := Counts{Received: 100, Ended: 100, Early: 50, OnTime: 40, Late: 10, Online: 20, OfferedOnline: 40, OnlineOfOffered: 20,
		OfferedFullOnline: 20, OnlineOfFullOffered: 15, Unhappy: 18, FeedbackOnTime: 3, FeedbackLate: 1, FeedbackPending: 2,
		Digitised: 40, Reused: 10, Results: 80, ResultsDigitised: 60}
	cat := Catalogue{Published: 20, Complete: 15, PostingItems: 3, PostingPresent: 1}
	for _, tc := range []struct {
		name     string
		c        Counts
		cat      Catalogue
		value    []*float64 // per group
		computed []float64  // the maximum of the indicators computed
	}{
		// 1.3: 2 × 75% (the posting items are no indicator of the decision);
		// 2.1: 20 × 90%; 3.3: 12 × 15/20; 4.1: 6 × 60/80, 4.2: 4 × 40%,
		// 4.3: 2 × 10%; 5.2: 6 × 5/6, 5.4: 6 × 82%.
		{"a period", c, cat, []*float64{num(1.5), num(18), num(9), num(6.3), num(9.92)}, []float64{2, 20, 12, 12, 12}},
		{"no base", Counts{}, Catalogue{}, []*float64{nil, nil, nil, nil, nil}, []float64{0, 0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pts := Score766(tc.c, tc.cat)
			wantGroups := []struct {
				name string
				max  float64
				cov  Coverage
			}{
				{"Công khai, minh bạch", 18, CoveragePartial}, {"Tiến độ, kết quả giải quyết", 20, CoverageFull},
				{"Cung cấp dịch vụ trực tuyến", 22, CoveragePartial}, {"Số hóa hồ sơ", 22, CoveragePartial},
				{"Mức độ hài lòng", 18, CoveragePartial},
			}
			if len(pts) != len(wantGroups) {
				t.Fatalf("%d groups", len(pts))
			}
			for g, p := range pts {
				w := wantGroups[g]
				if p.Group != w.name || p.Max != w.max || p.Coverage != w.cov || p.CoverageLabel != w.cov.Label() {
					t.Errorf("group %d = %s %v %s, want %s %v %s", g, p.Group, p.Max, p.Coverage, w.name, w.max, w.cov)
				}
				items := 0.0
				for _, it := range p.Items {
					items += it.Max
					if it.Note == "" {
						t.Errorf("%s %s: no note", p.Group, it.Code)
					}
					if !it.Computable && (it.Rate != nil || it.Value != nil) {
						t.Errorf("%s %s: scored without data", p.Group, it.Code)
					}
				}
				if items != p.Max {
					t.Errorf("%s: indicators weigh %v of %v", p.Group, items, p.Max)
				}
				switch want := tc.value[g]; {
				case want == nil && p.Value != nil:
					t.Errorf("%s = %v, want none", p.Group, *p.Value)
				case want != nil && (p.Value == nil || *p.Value != *want):
					t.Errorf("%s = %v, want %v", p.Group, p.Value, *want)
				}
				if p.ComputedMax != tc.computed[g] {
					t.Errorf("%s computed max %v, want %v", p.Group, p.ComputedMax, tc.computed[g])
				}
				if p.Method == "" {
					t.Errorf("%s: no method", p.Group)
				}
			}
		})
	}
}

func TestCoverageSummary(t *testing.T) {
	got := CoverageSummary(Score766(Counts{}, Catalogue{}))
	want := "Nhóm chỉ số phần mềm chấm được bằng dữ liệu của mình — Tính được: Tiến độ, kết quả giải quyết. " +
		"Tính được một phần: Công khai, minh bạch; Cung cấp dịch vụ trực tuyến; Số hóa hồ sơ; Mức độ hài lòng."
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{FormatInt(0), "0"}, {FormatInt(999), "999"}, {FormatInt(1000), "1.000"}, {FormatInt(40000), "40.000"},
		{FormatInt(-1234567), "-1.234.567"}, {FormatNumber(1234.56), "1.234,6"}, {FormatNumber(12), "12"},
		{FormatPercent(92.46), "92,5%"}, {FormatRate(nil), "—"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
