package browser

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/internal/calendar"
	"motcua/internal/forms"
)

// The printable forms of Circular 03/2025/TT-VPCP, Annex I, as a clerk prints
// them from the staff print page (/print/): each form of demo dossiers is
// printed to PDF at the paper size its style sheet asks for (A5 portrait for
// the slips and letters 01–06, A4 landscape for the log 07) and the sheet is
// saved as a picture at its paper size, testdata/out/print-<form>.png, to be
// compared by eye with the annex.

// pdfPoints are the paper sizes in PostScript points (1/72 inch), as a PDF's
// MediaBox gives them: A5 is 148 × 210 mm, A4 landscape 297 × 210 mm.
var pdfPoints = map[string][2]float64{"a5": {419.5, 595.3}, "a4l": {841.9, 595.3}}

var (
	pdfPageRe     = regexp.MustCompile(`/Type\s*/Page\b`)
	pdfMediaBoxRe = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)
)

// printToPDF prints the tab as the browser's print dialog would, with the
// page size of the style sheet's @page rules.
func printToPDF(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true), PrintBackground: new(true)})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	require.NoError(t, err)
	return pdf
}

// requirePaper checks that a PDF has pages pages (at least one when pages
// is 0), all of the paper size.
func requirePaper(t *testing.T, pdf []byte, paper string, pages int) {
	t.Helper()
	if n := len(pdfPageRe.FindAll(pdf, -1)); pages > 0 {
		require.Equal(t, pages, n, "pages of the PDF")
	} else {
		require.Positive(t, n, "pages of the PDF")
	}
	boxes := pdfMediaBoxRe.FindAllSubmatch(pdf, -1)
	require.NotEmpty(t, boxes, "no MediaBox in the PDF")
	want := pdfPoints[paper]
	for _, b := range boxes {
		w, err := strconv.ParseFloat(string(b[1]), 64)
		require.NoError(t, err)
		h, err := strconv.ParseFloat(string(b[2]), 64)
		require.NoError(t, err)
		require.InDelta(t, want[0], w, 2, "paper width of %s in points", paper)
		require.InDelta(t, want[1], h, 2, "paper height of %s in points", paper)
	}
}

// sheetShot saves the printed sheet alone, at 1.5 × its CSS size, so that a
// person can read it.
func sheetShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.CSS("#sheet article.sheet"), 1.5))
	require.NoError(t, err)
	dir := filepath.Join("testdata", "out")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

// printDossier picks the first demo dossier matching filter.
func printDossier(t *testing.T, s *site, filter string) *core.Record {
	t.Helper()
	recs, err := s.app.FindRecordsByFilter("dossiers", filter, "code", 1, 0)
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no demo dossier with %s", filter)
	return recs[0]
}

// TestPrintFormsOnPaper prints forms 01–07 of demo dossiers from the print
// page, signed in as the one-stop clerk, and checks for each what the annex
// fixes and a printer shows: the form's number and title, its paper size,
// one sheet for a slip, and no template or script leftovers.
func TestPrintFormsOnPaper(t *testing.T) {
	s := newSite(t)
	returned := printDossier(t, s, "status = 'returned' && supplement_count = 0 && apology_at = '' && channel = 'in_person'")
	refused := printDossier(t, s, "status = 'refused'")
	stopped := printDossier(t, s, "status = 'stopped' && supplement_count > 0")
	apology := printDossier(t, s, "apology_at != '' && status = 'returned'")
	// The log of the week the returned dossier was received.
	received := returned.GetDateTime("received_at").Time().In(calendar.Location)
	from, to := received.AddDate(0, 0, -3).Format("2006-01-02"), received.AddDate(0, 0, 3).Format("2006-01-02")

	cases := []struct {
		form, hash, paper string
		title             string // as printed: upper-cased slips, the letters' subject line
		want              []string
	}{
		{forms.Receipt, "01/" + returned.Id, "a5", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
			[]string{"(Liên 1: Lưu; Liên 2: Giao người nộp)", "Mã hồ sơ: " + returned.GetString("code"), "1. Thành phần hồ sơ nộp gồm:",
				"6. Đăng ký nhận kết quả tại:", "7. Phí, lệ phí:", "Vào Sổ theo dõi hồ sơ, Quyển số:", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"}},
		{forms.Supplement, "02/" + stopped.Id, "a5", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", []string{stopped.GetString("code")}},
		{forms.Refusal, "03/" + refused.Id, "a5", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", []string{"không tiếp nhận, giải quyết hồ sơ này"}},
		{forms.Apology, "04/" + apology.Id, "a5", "V/v xin lỗi và đề nghị gia hạn", []string{"TM. ỦY BAN NHÂN DÂN", "Nơi nhận:", "Số: "}},
		{forms.Stop, "05/" + stopped.Id, "a5", "THÔNG BÁO", []string{"Về việc dừng giải quyết hồ sơ", "TM. ỦY BAN NHÂN DÂN", "Nơi nhận:"}},
		{forms.Control, "06/" + returned.Id, "a5", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", []string{returned.GetString("code")}},
		{forms.Log, "07?from=" + from + "&to=" + to, "a4l", "SỔ THEO DÕI HỒ SƠ", []string{returned.GetString("code")}},
	}
	ctx := s.signIn(t, "motcua@ninhxuan.example")
	for _, c := range cases {
		t.Run(c.form, func(t *testing.T) {
			do(t, ctx, chromedp.Navigate(s.url+"/print/index.html#"+c.hash))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#sheet article.sheet")))
			waitText(t, ctx, "#sheet .form-no", "Mẫu số "+c.form)
			waitText(t, ctx, "#sheet", c.title)
			for _, w := range c.want {
				waitText(t, ctx, "#sheet", w)
			}
			sheet := text(t, ctx, "#sheet")
			for _, leftover := range []string{"{{", "<no value>", "null", "undefined", "NaN", "Bộ phận Một cửa", "Bộ phận Tiếp nhận"} {
				require.NotContains(t, sheet, leftover)
			}
			cls, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#sheet article.sheet"), "class"))
			require.NoError(t, err)
			require.Contains(t, cls.Value, c.paper)
			pages := 1 // a slip or a letter is one sheet
			if c.form == forms.Control || c.form == forms.Log {
				pages = 0 // one row per hand-over or dossier: as many sheets as they need
			}
			pdf := printToPDF(t, ctx)
			require.NoError(t, os.WriteFile(filepath.Join("testdata", "out", "print-"+c.form+".pdf"), pdf, 0o644))
			sheetShot(t, ctx, "print-"+c.form)
			requirePaper(t, pdf, c.paper, pages)
		})
	}
}
