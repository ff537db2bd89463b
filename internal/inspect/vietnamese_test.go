package inspect

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"motcua/internal/auditchain"
	"motcua/internal/calendar"
	"motcua/internal/vntext"
)

func assertVietnamese(t *testing.T, what, s string) {
	t.Helper()
	if ws := vntext.EnglishWords(s); len(ws) > 0 {
		t.Errorf("%s has English words %v: %q", what, ws, s)
	}
}

func TestForeignWords(t *testing.T) {
	for s, want := range map[string]string{
		`ghi vào "rating_followup"`:                   "rating followup",
		"trang quản trị → Settings → Backups":         "Settings Backups",
		"mục Settings › Backups của trang quản trị":   "",
		"chạy lệnh kiểm tra (motcua audit verify)":    "",
		"Hồ sơ H15-260504-0001 in phiếu, to, do":      "",
		"entry 5: hash differs from the anchor":       "entry hash from the anchor",
		"Quản trị cập nhật hồ sơ cơ quan (office): …": "office",
	} {
		if got := strings.Join(vntext.EnglishWords(s), " "); got != want {
			t.Errorf("EnglishWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestStaffTextsAreVietnamese: every rule's title, the Decision 766 points'
// texts and the rendered report are Vietnamese; each rule's message and
// hint is checked where its tests build a finding (checkFinding).
func TestStaffTextsAreVietnamese(t *testing.T) {
	for _, r := range Rules {
		assertVietnamese(t, "title of "+r.Name, r.Title)
	}
	pts := Score766(Counts{Ended: 10, Early: 5, OnTime: 5}, Catalogue{Published: 2, Complete: 1})
	assertVietnamese(t, "points basis", PointsBasis)
	assertVietnamese(t, "coverage", CoverageSummary(pts))
	for _, p := range pts {
		assertVietnamese(t, "group", p.Group+" "+p.Method+" "+p.CoverageLabel)
		for _, it := range p.Items {
			assertVietnamese(t, "indicator "+it.Code, it.Name+" "+it.Note)
		}
	}

	now := at("2026-05-15 10:00")
	broken := Audit{Known: true, Result: auditchain.Result{FirstBadSeq: 5, Entries: 9, HeadSeq: 9, HeadHash: "ab12",
		Reason: "entry 5: hash differs from the anchor ab12 (anchor kept outside the database in audit_anchor.json)"},
		AnchorSeq: 9, AnchorHash: "ab12"}
	var fs []StoredFinding
	for _, f := range []func() (Finding, bool){
		func() (Finding, bool) { return AuditChainBroken(broken) },
		func() (Finding, bool) { return NoRecentBackup(DefaultSettings(), now, Backups{Known: true}) },
		func() (Finding, bool) { return PostingIncomplete(Office{ID: "o"}) },
		func() (Finding, bool) {
			return DissatisfiedUnresolved(Dossier{ID: "d", Code: "H15-260504-0001", Rating: "dissatisfied", RatedAt: now})
		},
	} {
		x, ok := f()
		if !ok {
			t.Fatal("rule did not fire")
		}
		fs = append(fs, StoredFinding{Finding: x, Status: "open", FirstSeen: now, LastSeen: now})
	}
	rep := &Report{Office: "UBND xã Mẫu Thử", GeneratedAt: now, Settings: DefaultSettings(), Findings: fs, Audit: broken,
		Span:       Period{From: calendar.MustDate("2026-05-01"), To: calendar.MustDate("2026-05-15")},
		Indicators: Indicators{Points766: pts, PointsBasis: PointsBasis}}
	var b strings.Builder
	if err := RenderReport(&b, rep); err != nil {
		t.Fatal(err)
	}
	assertVietnamese(t, "the rendered report", vntext.Text(b.String()))

	// The Excel download: the points sheet lists each indicator, the
	// findings sheet names each rule by its title.
	var x bytes.Buffer
	if err := WriteXLSX(&x, rep); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"Điểm 766", "Phát hiện"} {
		rows, err := book.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, " | "))
		}
		text := strings.Join(all, "\n")
		assertVietnamese(t, "sheet "+sheet, text)
		for _, want := range map[string][]string{
			"Điểm 766":  {"Số hóa hồ sơ | 22 |  |  | Tính được một phần", "5.3 Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị | 6 |  |  | Không", PointsBasis},
			"Phát hiện": {RuleTitle(RuleAuditChainBroken), RuleTitle(RuleNoRecentBackup)},
		}[sheet] {
			if !strings.Contains(text, want) {
				t.Errorf("sheet %s has no %q:\n%s", sheet, want, text)
			}
		}
	}
}
