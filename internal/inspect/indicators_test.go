package inspect

import "testing"

func TestRates(t *testing.T) {
	// 15 late dossiers, of which 2 also rated dissatisfied; 3 more complained
	// about or dissatisfied: 18 unhappy dossiers, each counted once.
	// 80 received of procedures offered online, 40 of them online; 20 of full
	// online services, 15 of them online.
	c := Counts{Received: 200, Ended: 100, Early: 60, OnTime: 30, Late: 10, InProgress: 20, InProgressOnTime: 15,
		InProgressLate: 5, Online: 50, OfferedOnline: 80, OnlineOfOffered: 40, OfferedFullOnline: 20, OnlineOfFullOffered: 15,
		Dissatisfied: 3, Complaints: 9, Unhappy: 18, FeedbackOnTime: 3, FeedbackLate: 1, FeedbackPending: 2}
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
	near("5.4", r.Satisfaction, 85) // (120 − 18)/120; feedback about the rules is not counted

	near("5.2", r.Feedback, 75) // 3/(3+1)
	if e := (Counts{}).Rates(); e.OnTime != nil || e.Satisfaction != nil || e.Feedback != nil {
		t.Errorf("empty counts give rates: %+v", e)
	}
}

func TestScore766(t *testing.T) {
	c := Counts{Received: 100, Ended: 100, Early: 50, OnTime: 40, Late: 10, Online: 20}
	pts := Score766(c, Catalogue{Published: 20, Complete: 20, PostingItems: 3, PostingPresent: 3})
	if len(pts) != 5 {
		t.Fatalf("%d groups", len(pts))
	}
	total := 0.0
	for _, p := range pts {
		total += p.Max
		if p.Method == "" {
			t.Errorf("%s: no method", p.Group)
		}
	}
	if total != 100 {
		t.Errorf("groups sum to %v, want 100", total)
	}
	if v := pts[0].Value; v == nil || *v != 18 {
		t.Errorf("publicity %v", v)
	}
	if v := pts[1].Value; v == nil || *v != 18 {
		t.Errorf("progress %v, want 20 × 90%%", v)
	}
	if pts[3].Value != nil {
		t.Error("digitisation cannot be computed here")
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
