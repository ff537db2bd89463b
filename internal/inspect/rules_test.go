package inspect

import (
	"testing"
	"time"

	"motcua/internal/auditchain"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

var cal = calendar.Default()

// at is an office time: at("2026-05-04 08:00").
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Location)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDossierRules(t *testing.T) {
	s := DefaultSettings()
	now := at("2026-05-15 10:00") // a Friday
	base := Dossier{ID: "d1", Code: "H15-260504-0001", ProcedureName: "Đăng ký khai sinh",
		Status: lifecycle.Processing, ReceivedAt: at("2026-05-11 08:00"), EnteredAt: at("2026-05-11 08:05"),
		DueAt: at("2026-05-20 17:00"), LastStepAt: at("2026-05-14 09:00"), Assignee: "Phạm Chuyên Môn"}
	with := func(f func(d *Dossier)) Dossier { d := base; f(&d); return d }

	tests := []struct {
		name string
		rule string
		d    Dossier
		want bool
	}{
		{"entered 5 minutes after receipt", RuleLateEntry, base, false},
		{"entered 23 hours after", RuleLateEntry, with(func(d *Dossier) { d.EnteredAt = d.ReceivedAt.Add(23 * time.Hour) }), false},
		{"entered 2 days after", RuleLateEntry, with(func(d *Dossier) { d.EnteredAt = d.ReceivedAt.Add(48 * time.Hour) }), true},

		{"step yesterday", RuleStaleDossier, base, false},
		{"no step for 3 working days", RuleStaleDossier, with(func(d *Dossier) { d.LastStepAt = at("2026-05-12 09:00") }), true},
		{"idle but waiting for the citizen", RuleStaleDossier, with(func(d *Dossier) {
			d.LastStepAt = at("2026-05-04 09:00")
			d.Status = lifecycle.SupplementRequested
		}), false},
		{"idle but ended", RuleStaleDossier, with(func(d *Dossier) { d.LastStepAt = at("2026-05-04 09:00"); d.Status = lifecycle.Returned }), false},
		// Thursday 30 April and Friday 1 May 2026 are holidays: from Wed 29
		// April to Mon 4 May is one working day.
		{"holidays are not idle days", RuleStaleDossier, with(func(d *Dossier) { d.LastStepAt = at("2026-04-29 09:00") }),
			cal.WorkingDaysBetween(calendar.MustDate("2026-04-29"), calendar.DateOf(now)) >= 3},

		{"not yet due", RuleOverdueNoApology, base, false},
		{"overdue, no apology", RuleOverdueNoApology, with(func(d *Dossier) { d.DueAt = at("2026-05-14 17:00") }), true},
		{"overdue with apology", RuleOverdueNoApology, with(func(d *Dossier) {
			d.DueAt = at("2026-05-14 17:00")
			d.NewDueAt = at("2026-05-18 17:00")
			d.ApologyAt = at("2026-05-12 09:00")
		}), false},
		{"overdue but waiting for the citizen's supplement", RuleOverdueNoApology, with(func(d *Dossier) {
			d.DueAt = at("2026-05-14 17:00")
			d.Status = lifecycle.SupplementRequested
		}), false},
		{"overdue but returned", RuleOverdueNoApology, with(func(d *Dossier) { d.DueAt = at("2026-05-14 17:00"); d.Status = lifecycle.Returned }), false},

		{"no apology", RuleApologyTooLate, base, false},
		{"apology in time", RuleApologyTooLate, with(func(d *Dossier) { d.ApologyAt = at("2026-05-12 09:00") }), false},
		{"apology too late", RuleApologyTooLate, with(func(d *Dossier) { d.ApologyAt = at("2026-05-20 09:00"); d.ApologyTooLate = true }), true},

		{"one supplement", RuleMultipleSupplements, with(func(d *Dossier) { d.SupplementCount = 1 }), false},
		{"two supplements", RuleMultipleSupplements, with(func(d *Dossier) { d.SupplementCount = 2 }), true},

		// Received Mon 11 May 08:00 on paper: passed on the same day.
		{"paper, passed on the same day", RuleLateTransfer, with(func(d *Dossier) { d.FirstStepAt = at("2026-05-11 16:30") }), false},
		{"paper, passed on the next day", RuleLateTransfer, with(func(d *Dossier) { d.FirstStepAt = at("2026-05-12 07:30") }), true},
		{"online, passed on the next day", RuleLateTransfer, with(func(d *Dossier) {
			d.FirstStepAt = at("2026-05-12 07:30")
			d.Channel = lifecycle.Online
		}), false},
		{"paper after 15:00, next morning", RuleLateTransfer, with(func(d *Dossier) {
			d.ReceivedAt, d.FirstStepAt = at("2026-05-11 15:30"), at("2026-05-12 08:30")
		}), false},
		{"paper after 15:00, next afternoon", RuleLateTransfer, with(func(d *Dossier) {
			d.ReceivedAt, d.FirstStepAt = at("2026-05-11 15:30"), at("2026-05-12 14:00")
		}), true},
		{"paper, never passed on", RuleLateTransfer, with(func(d *Dossier) { d.Status = lifecycle.Received }), true},
		{"paper, received this morning, not yet passed on", RuleLateTransfer, with(func(d *Dossier) {
			d.Status, d.ReceivedAt = lifecycle.Received, at("2026-05-15 08:00")
		}), false},

		{"supplement asked on day 3", RuleLateSupplementRequest, with(func(d *Dossier) { d.SupplementAt = at("2026-05-14 10:00") }), false},
		{"supplement asked on day 4", RuleLateSupplementRequest, with(func(d *Dossier) { d.SupplementAt = at("2026-05-15 10:00") }), true},

		{"satisfied", RuleDissatisfiedUnresolved, with(func(d *Dossier) { d.Rating = "satisfied" }), false},
		{"dissatisfied, followed up", RuleDissatisfiedUnresolved, with(func(d *Dossier) { d.Rating = "dissatisfied"; d.RatingFollowup = "Đã gọi điện xin lỗi." }), false},
		{"dissatisfied, no follow-up", RuleDissatisfiedUnresolved, with(func(d *Dossier) { d.Rating = "dissatisfied"; d.RatingFollowup = "  " }), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f Finding
			var got bool
			switch tc.rule {
			case RuleLateEntry:
				f, got = LateEntry(s, tc.d)
			case RuleStaleDossier:
				f, got = StaleDossier(s, cal, now, tc.d)
			case RuleOverdueNoApology:
				f, got = OverdueNoApology(now, tc.d)
			case RuleApologyTooLate:
				f, got = ApologyTooLate(tc.d)
			case RuleMultipleSupplements:
				f, got = MultipleSupplements(tc.d)
			case RuleLateTransfer:
				f, got = LateTransfer(s, cal, now, tc.d)
			case RuleLateSupplementRequest:
				f, got = LateSupplementRequest(s, cal, tc.d)
			case RuleDissatisfiedUnresolved:
				f, got = DissatisfiedUnresolved(tc.d)
			}
			if got != tc.want {
				t.Fatalf("%s = %v, want %v (%+v)", tc.rule, got, tc.want, f)
			}
			if got {
				checkFinding(t, f, tc.rule, SubjectDossiers, "d1")
			}
		})
	}
}

func checkFinding(t *testing.T, f Finding, rule, collection, id string) {
	t.Helper()
	if f.Rule != rule || f.SubjectCollection != collection || f.SubjectID != id {
		t.Errorf("finding %s %s/%s, want %s %s/%s", f.Rule, f.SubjectCollection, f.SubjectID, rule, collection, id)
	}
	if f.Message == "" || f.ActionHint == "" || len(f.Evidence) == 0 || f.Severity == "" || f.SubjectLabel == "" {
		t.Errorf("finding %s incomplete: %+v", rule, f)
	}
	assertVietnamese(t, rule+" message", f.Message)
	assertVietnamese(t, rule+" hint", f.ActionHint)
}

func TestLateEntryEvidence(t *testing.T) {
	d := Dossier{ID: "d", Code: "X-1", ReceivedAt: at("2026-05-04 08:00"), EnteredAt: at("2026-05-08 08:00"), EnteredBy: "Trần Một Cửa"}
	f, ok := LateEntry(DefaultSettings(), d)
	if !ok {
		t.Fatal("not flagged")
	}
	if f.Evidence["gap_hours"] != 96 || f.Evidence["entered_by"] != "Trần Một Cửa" || f.Severity != Serious {
		t.Errorf("evidence %+v severity %s", f.Evidence, f.Severity)
	}
}

func TestOfficerOnTimeRate(t *testing.T) {
	s := DefaultSettings() // 90%, at least 10 dossiers
	p := Period{calendar.MustDate("2026-04-01"), calendar.MustDate("2026-06-30")}
	tests := []struct {
		name string
		o    Officer
		want bool
	}{
		{"no dossiers", Officer{ID: "o"}, false},
		{"3 of 5 late: too few to rank", Officer{ID: "o", Handled: 5, OnTime: 2, Late: 3}, false},
		{"9 handled, all late: still too few", Officer{ID: "o", Handled: 9, Late: 9}, false},
		{"10 handled, 8 on time: 80%", Officer{ID: "o", Handled: 10, Early: 3, OnTime: 5, Late: 2}, true},
		{"10 handled, 9 on time: 90% is the threshold", Officer{ID: "o", Handled: 10, Early: 9, Late: 1}, false},
		{"40 handled, 39 on time", Officer{ID: "o", Handled: 40, OnTime: 39, Late: 1}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Name = "Phạm Chuyên Môn"
			f, got := OfficerOnTimeRate(s, p, 95, tc.o)
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if got {
				checkFinding(t, f, RuleOfficerOnTimeRate, SubjectStaff, "o")
				if f.Evidence["handled"] != tc.o.Handled || f.Evidence["late"] != tc.o.Late || f.Evidence["rate_percent"] != 80.0 {
					t.Errorf("evidence must show the numbers: %+v", f.Evidence)
				}
			}
		})
	}
	// A stricter minimum changes the verdict on the same numbers.
	s.MinOfficerDossiers = 20
	if _, got := OfficerOnTimeRate(s, p, 95, Officer{ID: "o", Handled: 10, OnTime: 8, Late: 2}); got {
		t.Error("flagged under the minimum number of dossiers")
	}
}

func TestOfficerInactive(t *testing.T) {
	s := DefaultSettings()
	now := at("2026-05-15 10:00")
	tests := []struct {
		name string
		o    Officer
		want bool
	}{
		{"nothing assigned", Officer{ID: "o", LastActivity: at("2026-01-05 08:00")}, false},
		{"active today", Officer{ID: "o", OpenAssigned: 4, LastActivity: at("2026-05-15 08:00")}, false},
		{"idle 2 working days", Officer{ID: "o", OpenAssigned: 4, LastActivity: at("2026-05-13 08:00")}, false},
		{"idle 3 working days", Officer{ID: "o", OpenAssigned: 4, LastActivity: at("2026-05-12 08:00")}, true},
		{"never acted", Officer{ID: "o", OpenAssigned: 1}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Name = "Võ Tư Pháp"
			f, got := OfficerInactive(s, cal, now, tc.o)
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if got {
				checkFinding(t, f, RuleOfficerInactive, SubjectStaff, "o")
			}
		})
	}
}

func TestCatalogAndPosting(t *testing.T) {
	full := Procedure{ID: "p", Code: "1.001193", Name: "Đăng ký khai sinh", Documents: 2, SameDay: true, HasFee: true,
		LegalBasis: "Luật Hộ tịch 2014", Result: "Giấy khai sinh"}
	if _, ok := CatalogIncomplete(full); ok {
		t.Error("complete procedure flagged")
	}
	bad := full
	bad.SameDay, bad.Documents, bad.LegalBasis = false, 0, ""
	f, ok := CatalogIncomplete(bad)
	if !ok {
		t.Fatal("incomplete procedure not flagged")
	}
	checkFinding(t, f, RuleCatalogIncomplete, SubjectProcedures, "p")
	if got := len(f.Evidence["missing"].([]string)); got != 3 {
		t.Errorf("missing %v, want documents, time limit, legal basis", f.Evidence["missing"])
	}

	office := Office{ID: "o", Name: "UBND xã", Hotlines: 2, FeedbackAddress: "Số 2", OfficeHours: "07:00-11:30"}
	if _, ok := PostingIncomplete(office); ok {
		t.Error("complete posting flagged")
	}
	office.Hotlines = 0
	f, ok = PostingIncomplete(office)
	if !ok {
		t.Fatal("missing hotline not flagged")
	}
	checkFinding(t, f, RulePostingIncomplete, SubjectOffice, "o")
}

func TestFeedbackOverdue(t *testing.T) {
	s := DefaultSettings()
	now := at("2026-06-15 10:00")
	tests := []struct {
		name string
		f    Feedback
		want bool
	}{
		{"new, 5 days", Feedback{ID: "f", Status: "new", CreatedAt: at("2026-06-08 09:00")}, false},
		{"new, 16 working days", Feedback{ID: "f", Status: "new", CreatedAt: at("2026-05-20 09:00")}, true},
		{"answered late", Feedback{ID: "f", Status: "resolved", CreatedAt: at("2026-04-01 09:00"), AnsweredAt: at("2026-06-01 09:00")}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.TrackingCode = "PA-260520-0001"
			f, got := FeedbackOverdue(s, cal, now, tc.f)
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if got {
				checkFinding(t, f, RuleFeedbackOverdue, SubjectFeedback, "f")
			}
		})
	}
}

func TestAuditAndBackups(t *testing.T) {
	if _, ok := AuditChainBroken(Audit{Known: true, Result: auditchain.Result{OK: true, Entries: 10}}); ok {
		t.Error("intact chain flagged")
	}
	if _, ok := AuditChainBroken(Audit{}); ok {
		t.Error("unknown chain flagged")
	}
	f, ok := AuditChainBroken(Audit{Known: true, Result: auditchain.Result{FirstBadSeq: 7, Reason: "entry 7: hash does not match its content (edited)"}})
	if !ok {
		t.Fatal("broken chain not flagged")
	}
	checkFinding(t, f, RuleAuditChainBroken, SubjectAuditLog, "chain")

	s := DefaultSettings()
	now := at("2026-06-15 10:00")
	if _, ok := NoRecentBackup(s, now, Backups{Known: true, Count: 3, Newest: now.Add(-48 * time.Hour)}); ok {
		t.Error("recent backup flagged")
	}
	if _, ok := NoRecentBackup(s, now, Backups{}); ok {
		t.Error("unknown backups flagged")
	}
	for _, b := range []Backups{{Known: true}, {Known: true, Count: 1, Newest: now.AddDate(0, 0, -8)}} {
		f, ok := NoRecentBackup(s, now, b)
		if !ok {
			t.Fatalf("%+v not flagged", b)
		}
		checkFinding(t, f, RuleNoRecentBackup, SubjectBackups, "backups")
	}
}

func TestCheckAndClears(t *testing.T) {
	now := at("2026-05-15 10:00")
	in := Input{
		Now: now, Settings: DefaultSettings(), Calendar: cal,
		Period: Period{calendar.MustDate("2026-05-01"), calendar.MustDate("2026-05-15")},
		Dossiers: []Dossier{
			{ID: "late", Code: "A", Status: lifecycle.Returned, ReceivedAt: at("2026-05-04 08:00"), EnteredAt: at("2026-05-06 08:00")},
			{ID: "clean", Code: "B", Status: lifecycle.Returned, ReceivedAt: at("2026-05-04 08:00"), EnteredAt: at("2026-05-04 08:00")},
		},
		Officers: []Officer{{ID: "few", Handled: 3, Late: 3}},
		Audit:    Audit{Known: false},
		Backups:  Backups{Known: true, Count: 1, Newest: now},
	}
	res := Check(in)
	found := map[string]bool{}
	for _, f := range res.Findings {
		found[f.Key()] = true
	}
	if !found[Key(RuleLateEntry, SubjectDossiers, "late")] || len(res.Findings) != 1 {
		t.Fatalf("findings %+v", res.Findings)
	}
	cases := []struct {
		rule, coll, id string
		want           bool
	}{
		{RuleLateEntry, SubjectDossiers, "late", false},         // found again
		{RuleLateEntry, SubjectDossiers, "clean", true},         // inspected, clean now
		{RuleLateEntry, SubjectDossiers, "elsewhere", false},    // outside the period: kept
		{RuleStaleDossier, SubjectDossiers, "elsewhere", true},  // state rule: cleared
		{RuleOfficerOnTimeRate, SubjectStaff, "few", false},     // under the minimum: not judged
		{RuleAuditChainBroken, SubjectAuditLog, "chain", false}, // not verifiable here: kept
		{RuleNoRecentBackup, SubjectBackups, "backups", true},   // a backup today
	}
	for _, c := range cases {
		if got := res.Clears(c.rule, c.coll, c.id, found); got != c.want {
			t.Errorf("Clears(%s %s) = %v, want %v", c.rule, c.id, got, c.want)
		}
	}
}

// TestIntakeRuleThresholdsFromSettings: the hand-over and supplement limits
// are read from settings.inspect.
func TestIntakeRuleThresholdsFromSettings(t *testing.T) {
	s, err := ParseSettings([]byte(`{"inspect": {"transfer_cutoff_hour": 14, "transfer_next_day_hour": 10, "supplement_within_days": 5}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.TransferCutoffHour != 14 || s.TransferNextDayHour != 10 || s.SupplementWithinDays != 5 {
		t.Fatalf("settings %+v", s)
	}
	d := Dossier{ID: "d1", Code: "X", ReceivedAt: at("2026-05-11 14:30"), FirstStepAt: at("2026-05-12 09:30"),
		SupplementAt: at("2026-05-15 10:00"), Status: lifecycle.Processing}
	if f, ok := LateTransfer(s, cal, at("2026-05-15 10:00"), d); ok {
		t.Fatalf("received after 14:00, passed on before 10:00 the next day: %+v", f)
	}
	if _, ok := LateSupplementRequest(s, cal, d); ok {
		t.Fatal("4 working days is within 5")
	}
}

func TestParseSettings(t *testing.T) {
	s, err := ParseSettings([]byte(`{"inspect": {"stale_days": 5, "on_time_rate_min": 95, "late_entry_hours": -1}, "other": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.StaleDays != 5 || s.OnTimeRateMin != 95 || s.LateEntryHours != 24 || s.MinOfficerDossiers != 10 {
		t.Errorf("%+v", s)
	}
	if s, err := ParseSettings(nil); err != nil || s != DefaultSettings() {
		t.Errorf("empty settings: %+v %v", s, err)
	}
	if _, err := ParseSettings([]byte(`[1]`)); err == nil {
		t.Error("a JSON array was accepted")
	}
}

func TestRulesCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.Name] || r.Title == "" || r.Severity == "" || r.Subject == "" {
			t.Errorf("rule %+v", r)
		}
		seen[r.Name] = true
	}
	// The table of rules.go, and the rules appended by their own files.
	for _, name := range []string{RuleLowDisk, RuleNoticeFailed, RuleReplicationLagging} {
		if !seen[name] {
			t.Errorf("rule %s missing", name)
		}
	}
	if len(Rules) != 18 {
		t.Errorf("%d rules", len(Rules))
	}
}

// TestWhoHoldsTheDossier: a finding names the officer holding the dossier,
// or says that none was assigned (not a dash the reader must decode).
func TestWhoHoldsTheDossier(t *testing.T) {
	now := at("2026-05-15 10:00")
	d := Dossier{ID: "d1", Code: "H15-260504-0001", Status: lifecycle.Processing, DueAt: at("2026-05-14 17:00"), Assignee: "Phạm Chuyên Môn"}
	f, _ := OverdueNoApology(now, d)
	if want := "Hồ sơ H15-260504-0001 quá hạn trả kết quả (17:00 14/05/2026) nhưng chưa có phiếu xin lỗi và hẹn lại ngày trả; đang giao: Phạm Chuyên Môn."; f.Message != want {
		t.Errorf("message %q, want %q", f.Message, want)
	}
	d.Assignee = ""
	f, _ = OverdueNoApology(now, d)
	if want := "Hồ sơ H15-260504-0001 quá hạn trả kết quả (17:00 14/05/2026) nhưng chưa có phiếu xin lỗi và hẹn lại ngày trả; chưa giao cho công chức nào."; f.Message != want {
		t.Errorf("message %q, want %q", f.Message, want)
	}
}

// TestLowDiskCountsThePapers: a backup copies data.db and the digitised
// papers, so the free space asked for grows with both.
func TestLowDiskCountsThePapers(t *testing.T) {
	d := Disk{Known: true, Path: "/srv/pb_data", Free: 30 << 30, Total: 100 << 30, MinFreeBytes: 1 << 30, DataDBBytes: 2 << 30}
	if got := d.Threshold(); got != 4<<30 {
		t.Fatalf("threshold %d, want twice data.db", got)
	}
	if _, low := LowDisk(d); low {
		t.Fatal("30 GB free is enough for a 2 GB database")
	}
	d.StorageBytes = 40 << 30
	if got := d.Threshold(); got != 44<<30 {
		t.Fatalf("threshold %d, want twice data.db and the papers once", got)
	}
	f, low := LowDisk(d)
	if !low || f.Severity != Warning || f.Evidence["storage_bytes"] != uint64(40<<30) {
		t.Fatalf("low_disk with 40 GB of papers: %v %+v", low, f)
	}
	if want := "Ổ đĩa chứa dữ liệu /srv/pb_data chỉ còn trống 30 GB trên tổng 100 GB, dưới ngưỡng 44 GB. Khi ổ đầy, mọi thao tác ghi (tiếp nhận, cập nhật hồ sơ) đều bị từ chối."; f.Message != want {
		t.Errorf("message %q, want %q", f.Message, want)
	}
}
