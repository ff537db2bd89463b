// Package browser holds end-to-end tests of the citizens' page (trang công
// khai) in a real Chromium, driven with chromedp, against the real stack: the
// test app over the demo commune, every hook and route, served over HTTP on
// 127.0.0.1. Screenshots at phone and desktop widths go to testdata/out/
// (ignored by git) to be looked at.
package browser

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/ui"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// chromiumPath finds Debian's Chromium; without it the tests skip, except
// in CI, where a missing browser is a failure.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; CI must install it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium); browser tests skipped")
	return ""
}

// serve starts the real router of app on 127.0.0.1 and returns its URL,
// with the admin UI at /_/ as `serve` binds it.
func serve(t *testing.T, app *tests.TestApp) string {
	t.Helper()
	router, err := apis.NewRouter(app)
	require.NoError(t, err)
	router.GET("/_/{path...}", apis.Static(ui.DistDirFS, false))
	var srv *httptest.Server
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		if err != nil {
			return err
		}
		srv = httptest.NewServer(mux)
		return nil
	})
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	return srv.URL
}

// site is one test app served over HTTP, with a browser to look at it.
type site struct {
	app     *tests.TestApp
	url     string
	browser context.Context
}

func newSite(t *testing.T) *site { return newSiteOf(t, testapp.New(t)) }

// newSiteOf serves app (a test app of testapp) to a new browser.
func newSiteOf(t *testing.T, app *tests.TestApp) *site {
	exe := chromiumPath(t)
	t.Cleanup(app.Cleanup)
	// One browser makes many requests from one IP in a few seconds.
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("settings", map[string]any{"public_rate_limit": map[string]int{"get": 0, "post": 0}})
	require.NoError(t, app.Save(office))

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	require.NoError(t, chromedp.Do(browser)) // start it
	return &site{app: app, url: serve(t, app), browser: browser}
}

// Bounds on waiting for the browser. They only bound a hang: a wait ends as
// soon as its condition holds, so they are long enough for a loaded 2-core
// box under the race detector, where one page's API calls can take tens of
// seconds (a 20 s poll and a 60 s tab failed there).
const (
	patience = 2 * time.Minute  // one wait for a page's state
	tabLife  = 10 * time.Minute // one tab, from opening to the test's end
)

// tab opens a new tab at width × height that fails the test on any script
// error or CSP violation (failed HTTP calls are expected: 400s are shown).
func (s *site) tab(t *testing.T, width, height int64) context.Context {
	ctx, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabLife)
	t.Cleanup(cancelTimeout)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(width, height)))

	var mu sync.Mutex
	var problems []string
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if (m.Type == "error" || m.Exception != nil) && m.Source != "network" {
				mu.Lock()
				problems = append(problems, m.Text)
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser console: %s", p)
		}
	})
	return ctx
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, steps...))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	require.NoError(t, err, sel)
	return s
}

// waitText waits until the element's text contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	js := `(() => { const el = document.querySelector(` + jsString(sel) + `); return !!el && el.textContent.includes(` + jsString(want) + `); })()`
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(patience)))
	// A page that navigates while it is polled (a sign-in redirect) drops the
	// poll's JavaScript context: poll again in the new page.
	for i := 0; i < 3 && err != nil && strings.Contains(err.Error(), "Cannot find context"); i++ {
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(patience)))
	}
	if err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`)||{}).textContent || "(missing)"`))
		t.Fatalf("waiting for %q in %s: %v; text is %q", want, sel, err, got)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// typeInto replaces the value of an input the way a person types.
func typeInto(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	do(t, ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), value))
}

// shot writes a full-page PNG to testdata/out/.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	dir := filepath.Join("testdata", "out")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

var widths = []struct {
	name string
	w, h int64
}{{"360", 360, 740}, {"1280", 1280, 900}}

func TestPublicSearchAndProcedure(t *testing.T) {
	s := newSite(t)
	for _, size := range widths {
		t.Run(size.name, func(t *testing.T) {
			ctx := s.tab(t, size.w, size.h)
			do(t, ctx, chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#results a.card")))
			waitText(t, ctx, "#search-status", "Tìm thấy 22 thủ tục")
			waitText(t, ctx, "#office-name", "Ủy ban nhân dân xã Ninh Xuân")
			waitText(t, ctx, "#unit-name", "Trung tâm Phục vụ hành chính công")
			shot(t, ctx, "search-"+size.name)

			// Without diacritics.
			typeInto(t, ctx, "#q", "khai sinh")
			waitText(t, ctx, "#search-status", "Tìm thấy 2 thủ tục")
			waitText(t, ctx, "#results", "Đăng ký lại khai sinh")
			typeInto(t, ctx, "#q", "chung thuc")
			waitText(t, ctx, "#search-status", "Tìm thấy 6 thủ tục")
			waitText(t, ctx, "#results", "Chứng thực chữ ký")
			typeInto(t, ctx, "#q", "khai sinh")
			waitText(t, ctx, "#search-status", "Tìm thấy 2 thủ tục")
			shot(t, ctx, "search-khai-sinh-"+size.name)

			// Open the procedure.
			do(t, ctx, chromedp.Click(chromedp.CSS(`#results a[href="#/thu-tuc/1.001193"]`)))
			waitText(t, ctx, "#view-procedure h1", "Đăng ký khai sinh")
			due := text(t, ctx, "#view-procedure .due-box strong")
			require.Regexp(t, regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`), due)
			waitText(t, ctx, "#view-procedure table", "Giấy chứng sinh")
			waitText(t, ctx, "#view-procedure", "Miễn phí")
			shot(t, ctx, "procedure-"+size.name)

			// A direct link to a procedure with fees.
			do(t, ctx, chromedp.Navigate(s.url+"/#/thu-tuc/1.004873"))
			waitText(t, ctx, "#view-procedure h1", "Cấp Giấy xác nhận tình trạng hôn nhân")
			waitText(t, ctx, "#view-procedure dl", "15.000 đ")
		})
	}
}

func TestPublicDossierLookup(t *testing.T) {
	s := newSite(t)
	code := pubDemoDossier(t, s).GetString("code")

	for _, size := range widths {
		t.Run(size.name, func(t *testing.T) {
			ctx := s.tab(t, size.w, size.h)
			// From the receipt's QR code: <site>/?ma=<code>.
			// The code alone shows the status and dates, not the procedure,
			// the name or the steps.
			do(t, ctx, chromedp.Navigate(s.url+"/?ma="+code))
			waitText(t, ctx, "#dossier-result h2", code)
			waitText(t, ctx, "#dossier-result", "Được tiếp nhận")
			waitText(t, ctx, "#dossier-factor-h", "Xem thủ tục, người nộp và quá trình giải quyết")
			page := text(t, ctx, "#dossier-result")
			for _, hidden := range []string{"Phạm", "Cấp Giấy xác nhận tình trạng hôn nhân", "Tiếp nhận hồ sơ"} {
				require.NotContains(t, page, hidden)
			}
			shot(t, ctx, "dossier-status-"+size.name)

			// The last 4 digits of the phone on the receipt show the rest;
			// wrong digits are refused first.
			typeInto(t, ctx, "#dossier-last4", "12")
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
			waitText(t, ctx, "#dossier-factor-msg", "Vui lòng nhập đúng 4 chữ số.")
			typeInto(t, ctx, "#dossier-last4", "0000")
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
			waitText(t, ctx, "#dossier-factor-msg", "không khớp")
			typeInto(t, ctx, "#dossier-last4", "5321")
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
			waitText(t, ctx, "#dossier-result", "Phạm T** T**")
			waitText(t, ctx, "#dossier-result", "Cấp Giấy xác nhận tình trạng hôn nhân")
			waitText(t, ctx, "#dossier-result .timeline", "Tiếp nhận hồ sơ")
			page = text(t, ctx, "main")
			for _, secret := range []string{"0900 555 321", "Thôn Giả Định", "079199000555", "Thửnghiệm"} {
				require.NotContains(t, page, secret)
			}
			shot(t, ctx, "dossier-"+size.name)

			// Typed by hand, in lower case, on the look-up form.
			do(t, ctx, chromedp.Navigate(s.url+"/#/ho-so"), chromedp.WaitVisible(chromedp.CSS("#dossier-code")))
			typeInto(t, ctx, "#dossier-code", "abc")
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-form button")))
			waitText(t, ctx, "#dossier-result", "Mã hồ sơ không đúng định dạng")
			typeInto(t, ctx, "#dossier-code", strings.ToLower(code))
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-form button")))
			waitText(t, ctx, "#dossier-result h2", code)

			// The QR code's hash route, for an unknown dossier.
			do(t, ctx, chromedp.Navigate(s.url+"/#/ho-so/H15.50.05.13-990101-9999"))
			waitText(t, ctx, "#dossier-result", "Không tìm thấy hồ sơ")
		})
	}
}

func TestPublicFeedbackForm(t *testing.T) {
	s := newSite(t)
	for _, size := range widths {
		t.Run(size.name, func(t *testing.T) {
			ctx := s.tab(t, size.w, size.h)
			do(t, ctx, chromedp.Navigate(s.url+"/#/phan-anh"), chromedp.WaitVisible(chromedp.CSS("#fb-name")))
			// The address is missing: the server names it, in Vietnamese.
			typeInto(t, ctx, "#fb-name", "Lê Văn Thửnghiệm")
			typeInto(t, ctx, "#fb-phone", "0900 000 999")
			typeInto(t, ctx, "#fb-content", "Đề nghị niêm yết thêm giờ làm việc buổi chiều thứ Sáu.")
			do(t, ctx, chromedp.Click(chromedp.CSS("#feedback-form button[type=submit]")))
			waitText(t, ctx, "#err-feedback-form-address", "Vui lòng nhập địa chỉ liên hệ.")
			waitText(t, ctx, "#feedback-summary", "Vui lòng kiểm tra lại các mục được đánh dấu")
			invalid, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#fb-address"), "aria-invalid"))
			require.NoError(t, err)
			require.Equal(t, "true", invalid.Value)
			focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
			require.NoError(t, err)
			require.Equal(t, "fb-address", focused, "focus moves to the first wrong field")
			shot(t, ctx, "feedback-error-"+size.name)

			typeInto(t, ctx, "#fb-address", "Thôn Giả Định, xã Ninh Xuân")
			do(t, ctx, chromedp.Click(chromedp.CSS("#feedback-form button[type=submit]")))
			waitText(t, ctx, "#feedback-done", "Đã nhận phản ánh, kiến nghị của bạn.")
			code := text(t, ctx, "#tracking-code")
			require.Regexp(t, regexp.MustCompile(`^PA-\d{6}-\d{4}$`), code)
			rec, err := s.app.FindFirstRecordByData("feedback", "tracking_code", code)
			require.NoError(t, err)
			require.Equal(t, "Thôn Giả Định, xã Ninh Xuân", rec.GetString("address"))
			shot(t, ctx, "feedback-done-"+size.name)

			// What a citizen typed comes back as text, never as markup.
			do(t, ctx, chromedp.Navigate(s.url+"/#/ho-so/"+`%3Cimg%20src=x%20onerror=alert(1)%3E`))
			waitText(t, ctx, "#dossier-result", "Mã hồ sơ không đúng định dạng")
			imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main img').length`))
			require.NoError(t, err)
			require.Zero(t, imgs)
		})
	}
}

func TestPublicLanguageSwitch(t *testing.T) {
	s := newSite(t)
	ctx := s.tab(t, 360, 740)
	do(t, ctx, chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#results a.card")))
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	require.NoError(t, err)
	require.Equal(t, "vi", lang)
	waitText(t, ctx, "#h-search", "Tra cứu thủ tục hành chính")

	do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	waitText(t, ctx, "#h-search", "Find an administrative procedure")
	waitText(t, ctx, "#unit-name", "Public administrative service centre")
	lang, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	require.NoError(t, err)
	require.Equal(t, "en", lang)
	waitText(t, ctx, "#lang", "Tiếng Việt")
	waitText(t, ctx, "#search-status", "22 procedures found")

	// The choice is remembered.
	do(t, ctx, chromedp.Navigate(s.url+"/#/thong-ke"))
	do(t, ctx, chromedp.Reload())
	waitText(t, ctx, "#h-stats", "How dossiers are handled")
	waitText(t, ctx, "#stats-body", "Citizen satisfaction")
	shot(t, ctx, "stats-en-360")

	do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	waitText(t, ctx, "#h-stats", "Thống kê kết quả giải quyết hồ sơ")
	waitText(t, ctx, "#stats-body", "Mức độ hài lòng của người dân")
}

func TestPublicPostingAndStatsScreens(t *testing.T) {
	s := newSite(t)
	for _, size := range widths {
		t.Run(size.name, func(t *testing.T) {
			ctx := s.tab(t, size.w, size.h)
			do(t, ctx, chromedp.Navigate(s.url+"/#/cong-khai"))
			waitText(t, ctx, "#office-body", "Chủ tịch UBND tỉnh Khánh Hòa (cấp trên)")
			waitText(t, ctx, "#office-body", "Phòng Kiểm soát thủ tục hành chính")
			shot(t, ctx, "office-"+size.name)

			do(t, ctx, chromedp.Navigate(s.url+"/#/thong-ke"))
			waitText(t, ctx, "#stats-body", "Hồ sơ tiếp nhận")
			waitText(t, ctx, "#stats-body", "Theo lĩnh vực")
			do(t, ctx, chromedp.Click(chromedp.CSS(`.toggle [data-period="year"]`)))
			waitText(t, ctx, "#stats-body h2", "Năm ")
			shot(t, ctx, "stats-"+size.name)

			do(t, ctx, chromedp.Navigate(s.url+"/#/danh-gia"))
			do(t, ctx, chromedp.Click(chromedp.CSS("#rating-form button[type=submit]")))
			waitText(t, ctx, "#rating-summary", "Vui lòng kiểm tra lại")
			shot(t, ctx, "rating-"+size.name)
		})
	}
}

// requireNoStrayValues fails when the visible text of the page shows what a
// script printed by mistake ("null", "undefined", "NaN", "[object Object]").
func requireNoStrayValues(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err)
	for _, stray := range []string{"null", "undefined", "NaN", "[object Object]"} {
		require.NotRegexp(t, regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(stray)+`\b`), page, "%s shows %q", where, stray)
	}
}

// TestPublicErrorsShowNoStrayValues tries the page's forms with bad input, in
// both languages, and reads what a citizen would see after each error.
func TestPublicErrorsShowNoStrayValues(t *testing.T) {
	s := newSite(t)
	d := pubDemoDossier(t, s)
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			ctx := s.tab(t, 1280, 900)
			do(t, ctx, chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#results a.card")))
			if lang == "en" {
				do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
				waitText(t, ctx, "#h-search", "Find an administrative procedure")
			}
			submit := func(form, summary string) {
				t.Helper()
				do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(summary)+`).hidden = true`))
				do(t, ctx, chromedp.Click(chromedp.CSS(form+" button[type=submit]")))
				do(t, ctx, chromedp.WaitVisible(chromedp.CSS(summary)))
				requireNoStrayValues(t, ctx, form)
			}

			// Feedback: empty, then wrong phone, e-mail and content.
			do(t, ctx, chromedp.Navigate(s.url+"/#/phan-anh"), chromedp.WaitVisible(chromedp.CSS("#fb-name")))
			submit("#feedback-form", "#feedback-summary")
			typeInto(t, ctx, "#fb-name", "Lê Văn Thửnghiệm")
			typeInto(t, ctx, "#fb-address", "Thôn Giả Định")
			typeInto(t, ctx, "#fb-phone", "12")
			typeInto(t, ctx, "#fb-email", "khong-phai-email")
			typeInto(t, ctx, "#fb-content", "ngắn")
			submit("#feedback-form", "#feedback-summary")
			typeInto(t, ctx, "#track-code", "PA-990101-9999")
			do(t, ctx, chromedp.Click(chromedp.CSS("#track-form button")))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#track-result .alert")))
			requireNoStrayValues(t, ctx, "feedback tracking")

			// Rating: empty, a wrong phone, a dossier not returned.
			do(t, ctx, chromedp.Navigate(s.url+"/#/danh-gia"), chromedp.WaitVisible(chromedp.CSS("#rt-code")))
			submit("#rating-form", "#rating-summary")
			typeInto(t, ctx, "#rt-code", d.GetString("code"))
			typeInto(t, ctx, "#rt-last4", "0000")
			do(t, ctx, chromedp.Click(chromedp.CSS(`#rating-form input[value="satisfied"]`)))
			submit("#rating-form", "#rating-summary")
			typeInto(t, ctx, "#rt-last4", "5321")
			submit("#rating-form", "#rating-summary")
			shot(t, ctx, "rating-error-"+lang)

			// Look-up: an unknown code, then a wrong second factor.
			do(t, ctx, chromedp.Navigate(s.url+"/#/ho-so/H15.50.05.13-990101-9999"))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#dossier-result .alert")))
			requireNoStrayValues(t, ctx, "unknown dossier")
			do(t, ctx, chromedp.Navigate(s.url+"/#/ho-so/"+d.GetString("code")), chromedp.WaitVisible(chromedp.CSS("#dossier-last4")))
			typeInto(t, ctx, "#dossier-last4", "0000")
			do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#dossier-factor-msg .alert")))
			requireNoStrayValues(t, ctx, "wrong second factor")
		})
	}
}

// pubDemoDossier receives a dossier of the marriage-status certificate, with
// the phone 0900 555 321 (second factor 5321).
func pubDemoDossier(t *testing.T, s *site) *core.Record {
	t.Helper()
	proc, err := s.app.FindFirstRecordByData("procedures", "code", "1.004873")
	require.NoError(t, err)
	col, err := s.app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	d := core.NewRecord(col)
	d.Load(map[string]any{
		"procedure": proc.Id, "applicant_name": "Phạm Thị Thửnghiệm", "applicant_phone": "0900 555 321",
		"applicant_address": "Thôn Giả Định", "applicant_id_number": "079199000555", "channel": "in_person", "status": "received",
	})
	require.NoError(t, dossier.SaveAs(s.app, d, dossier.Actor{Role: "receptionist", Name: "Trần Một Cửa Mẫu"}))
	require.NotEmpty(t, d.GetString("code"))
	return d
}

// TestPublicDossierSupplementWait: the look-up of a dossier waiting for the
// citizen's supplement says what is missing and that the clock is paused, in
// Vietnamese and in English; the officer who asked is not named.
func TestPublicDossierSupplementWait(t *testing.T) {
	s := newSite(t)
	d := pubDemoDossier(t, s)
	specialist, err := s.app.FindFirstRecordByData(core.CollectionNameSuperusers, "role", "specialist")
	require.NoError(t, err)
	d.Set("status", "processing")
	d.Set("assignee", specialist.Id)
	require.NoError(t, dossier.SaveAs(s.app, d, dossier.Actor{Role: "receptionist", Name: "Trần Một Cửa Mẫu"}))
	d.Load(map[string]any{"status": "supplement_requested", "note": "Thiếu giấy tờ",
		"missing_items": []map[string]any{{"name": "Bản sao Giấy chứng tử của chồng", "kind": "certified_copy", "count": 2}}})
	require.NoError(t, dossier.SaveAs(s.app, d, dossier.Actor{ID: specialist.Id, Role: "specialist", Name: specialist.GetString("name")}))

	ctx := s.tab(t, 360, 740)
	do(t, ctx, chromedp.Navigate(s.url+"/?ma="+d.GetString("code")))
	waitText(t, ctx, "#dossier-result", "Yêu cầu bổ sung giấy tờ")
	waitText(t, ctx, "#dossier-paused", "Thời hạn giải quyết đang tạm dừng trong khi chờ bổ sung hồ sơ.")
	require.NotContains(t, text(t, ctx, "#dossier-result"), "Giấy chứng tử", "the items need the second factor")
	typeInto(t, ctx, "#dossier-last4", "5321")
	do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
	waitText(t, ctx, "#dossier-result", "Hồ sơ cần bổ sung, hoàn thiện")
	waitText(t, ctx, "#dossier-missing", "Bản sao Giấy chứng tử của chồng — Bản sao có chứng thực (2)")
	waitText(t, ctx, "#dossier-result", "Thời hạn giải quyết tạm dừng từ ")
	waitText(t, ctx, "#dossier-result", "thời gian còn lại được tính tiếp khi cơ quan nhận đủ giấy tờ bổ sung")
	if name := specialist.GetString("name"); name != "" {
		require.NotContains(t, text(t, ctx, "main"), name)
	}
	requireNoStrayValues(t, ctx, "supplement wait")
	shot(t, ctx, "dossier-supplement-360")

	do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	waitText(t, ctx, "#dossier-result", "The time limit is paused while the office waits for your supplement.")
	typeInto(t, ctx, "#dossier-last4", "5321")
	do(t, ctx, chromedp.Click(chromedp.CSS("#dossier-factor button")))
	waitText(t, ctx, "#dossier-missing", "Bản sao Giấy chứng tử của chồng — Certified copy (2)")
	waitText(t, ctx, "#dossier-result", "The time limit has been paused since ")
	shot(t, ctx, "dossier-supplement-en-360")
}

// TestPublicProcedureAltLimits: a procedure with a conditional time limit
// shows the normal limit and each alternative with its condition.
func TestPublicProcedureAltLimits(t *testing.T) {
	s := newSite(t)
	ctx := s.tab(t, 360, 740)
	do(t, ctx, chromedp.Navigate(s.url+"/#/thu-tuc/1.000894"))
	waitText(t, ctx, "#view-procedure h1", "Đăng ký kết hôn")
	waitText(t, ctx, "#limit-normal", "Thông thường: Trong ngày")
	waitText(t, ctx, "#limit-alts", "Trường hợp cần xác minh: Tối đa 05 ngày làm việc (nếu nộp đủ ngay bây giờ, hẹn trả ngày ")
	requireNoStrayValues(t, ctx, "procedure")
	shot(t, ctx, "procedure-alt-limits-360")

	do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	waitText(t, ctx, "#limit-normal", "Normally: Same day")
	waitText(t, ctx, "#limit-alts", "Trường hợp cần xác minh: Up to 5 working days (if handed in complete now, due on ")

	// A procedure with one limit shows it alone.
	do(t, ctx, chromedp.Navigate(s.url+"/#/thu-tuc/1.001193"))
	waitText(t, ctx, "#view-procedure h1", "Đăng ký khai sinh") // names are the catalogue's, in Vietnamese
	waitText(t, ctx, "#limit-normal", "Same day")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#limit-alts').length`))
	require.NoError(t, err)
	require.Zero(t, n)
}

// TestPublicHeaderUnitName: the page's heading and footer name the one-stop
// unit as the office record does (unit_name), in both languages.
func TestPublicHeaderUnitName(t *testing.T) {
	s := newSite(t)
	office, err := s.app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	office.Set("unit_name", "Điểm phục vụ hành chính công Ninh Xuân")
	require.NoError(t, s.app.Save(office))

	ctx := s.tab(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#results a.card")))
	waitText(t, ctx, "#unit-name", "Điểm phục vụ hành chính công Ninh Xuân")
	waitText(t, ctx, "#footer", "Ủy ban nhân dân xã Ninh Xuân — Điểm phục vụ hành chính công Ninh Xuân")
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
	require.NoError(t, err)
	require.Equal(t, "Điểm phục vụ hành chính công Ninh Xuân — Ủy ban nhân dân xã Ninh Xuân", title)
	require.NotContains(t, text(t, ctx, "body"), "Bộ phận Tiếp nhận")
	do(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	waitText(t, ctx, "#h-search", "Find an administrative procedure")
	waitText(t, ctx, "#unit-name", "Điểm phục vụ hành chính công Ninh Xuân")
	shot(t, ctx, "header-unit-1280")
}
