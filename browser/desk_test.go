package browser

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"motcua/demo"
	"motcua/hooks/inspect"
	"motcua/hooks/office"
	"motcua/internal/calendar"
	"motcua/internal/vntext"
)

// The staff desk (pb_public/desk) driven as each role would, one tab per
// person at 1366×768: a dossier received at the counter, transferred, sent
// back for a supplement, submitted, signed and returned. Screenshots go to
// testdata/out/desk-*.png.

// signIn opens the desk in a new tab and signs in with the demo account's
// email, through the sign-in form.
func (s *site) signIn(t *testing.T, email string) context.Context {
	t.Helper()
	ctx := s.tab(t, 1366, 768)
	do(t, ctx, chromedp.Navigate(s.url+"/desk/"), chromedp.WaitVisible(chromedp.CSS("#si-email")))
	typeInto(t, ctx, "#si-email", email)
	typeInto(t, ctx, "#si-password", demo.Password+kb.Enter)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#signout")))
	return ctx
}

// signOut signs out at the desk, which signs the admin UI out too.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#si-email")))
	token, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("__pb_superusers__/_") || ""`))
	require.NoError(t, err)
	require.Empty(t, token, "signing out at the desk signs out of the admin UI")
}

// actions counts what a person does on the desk besides typing text: each
// click, each choice in a list, each Enter. The bound: receiving a
// dossier and printing its receipt in at most 6, each later step in at most 3.
var actions int

// within runs f, which stands for one task a person does, and requires that
// it took at most max actions; it returns how many it took.
func within(t *testing.T, task string, max int, f func()) int {
	t.Helper()
	before := actions
	f()
	n := actions - before
	t.Logf("%s: %d actions (at most %d)", task, n, max)
	require.LessOrEqual(t, n, max, "%s takes too many actions", task)
	return n
}

// aside runs what a test does that is not part of a person's task (a
// deliberate mistake to see its message): its actions are not counted.
func aside(f func()) {
	before := actions
	f()
	actions = before
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	actions++
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// enter presses Enter in a field.
func enter(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	actions++
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(sel), kb.Enter))
}

// screen checks what a person sees on a desk screen (Vietnamese only, office
// time) and saves it full-page at 1366×768 and on a 10-inch tablet
// (768×1024): testdata/out/<name>-1366.png and -768.png.
func screen(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	requireVietnameseOnly(t, ctx)
	shot(t, ctx, name+"-1366")
	do(t, ctx, chromedp.EmulateViewport(768, 1024))
	requireVietnameseOnly(t, ctx)
	shot(t, ctx, name+"-768")
	do(t, ctx, chromedp.EmulateViewport(1366, 768))
}

// choose picks the option of a select whose text starts with label, as a
// person reads it (the values are internal ids).
func choose(t *testing.T, ctx context.Context, sel, label string) {
	t.Helper()
	actions++
	waitText(t, ctx, sel, label)
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.querySelector(`+jsString(sel)+`);
		const o = [...s.options].find(o => o.textContent.startsWith(`+jsString(label)+`));
		if (!o) return false;
		s.value = o.value;
		return true;
	})()`))
	require.NoError(t, err)
	require.True(t, ok, "no option %q in %s", label, sel)
}

// startIntake opens "Tiếp nhận hồ sơ", finds the procedure Cấp Giấy xác nhận
// tình trạng hôn nhân by typing without diacritics, takes it with Enter and
// types the applicant's name.
func startIntake(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	click(t, ctx, `#nav a[href="#/tiep-nhan"]`)
	typeInto(t, ctx, "#in-proc-q", "xac nhan tinh trang hon nhan")
	waitText(t, ctx, "#in-proc-list", "Cấp Giấy xác nhận tình trạng hôn nhân")
	enter(t, ctx, "#in-proc-q")
	waitText(t, ctx, "#in-proc-chosen", "Cấp Giấy xác nhận tình trạng hôn nhân")
	typeInto(t, ctx, "#in-name", name)
}

// waitQueue waits until every tab of "Việc của tôi" is loaded and counted.
func waitQueue(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#view-queue").dataset.ready === "1"`,
		chromedp.WithPollingTimeout(patience)))
	require.NoError(t, err, "the queue did not load")
}

// openFromQueue clicks a tab of "Việc của tôi" and the dossier's row in it.
func openFromQueue(t *testing.T, ctx context.Context, tab, code string) {
	t.Helper()
	waitQueue(t, ctx)
	within(t, "opening a dossier from its tab", 2, func() {
		click(t, ctx, `#tabs [data-tab="`+tab+`"]`)
		waitQueue(t, ctx)
		waitText(t, ctx, "#queue-body", code)
		click(t, ctx, `#queue-body a[href="#/ho-so/`+code+`"]`)
		waitText(t, ctx, "#view-dossier h1", code)
	})
}

// step takes a step from the dossier's page: its button, then the dialog,
// in at most 3 actions.
func step(t *testing.T, ctx context.Context, key string, fill func()) {
	t.Helper()
	within(t, "step "+key, 3, func() {
		click(t, ctx, `#steps [data-step="`+key+`"]`)
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#step-dialog")))
		if fill != nil {
			fill()
		}
		click(t, ctx, "#step-ok")
	})
}

// English status keys, option keys, PocketBase's and JavaScript's words, UTC
// marks and ISO dates must not reach a clerk.
var englishOnScreen = regexp.MustCompile(`(?i)\b(submitted|received|refused|processing|supplement_requested|payment_requested|` +
	`withdrawal_requested|stopped|decided|returned|in_person|online|post|UTC|GMT|null|undefined|NaN|true|false|Failed|Error|` +
	`record|records|Invalid|required|Something went wrong|Loading|Submit|Cancel|Save|Delete|Search|Object)\b|` +
	`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}(\.\d+)?Z|\b(AM|PM)\b`)

func requireVietnameseOnly(t *testing.T, ctx context.Context) {
	t.Helper()
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err)
	require.NotRegexp(t, englishOnScreen, page)
}

func TestDeskDossierLifeThroughEveryRole(t *testing.T) {
	s := newSite(t)

	// The receptionist receives a dossier at the counter and gets form 01.
	ctx := s.signIn(t, "motcua@ninhxuan.example")
	waitText(t, ctx, "#tabs", "Chờ trả kết quả")
	waitQueue(t, ctx)
	token, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.parse(localStorage.getItem("__pb_superusers__/_")).token`))
	require.NoError(t, err)
	require.NotEmpty(t, token, "the desk's session is the admin UI's")
	screen(t, ctx, "desk-queue-receptionist")

	// From the queue to the printed receipt, besides typing the citizen's data.
	var rec *core.Record
	within(t, "receiving a dossier and printing its receipt", 6, func() {
		click(t, ctx, `#nav a[href="#/tiep-nhan"]`)
		typeInto(t, ctx, "#in-proc-q", "chung thuc chu ky")
		waitText(t, ctx, "#in-proc-list", "Chứng thực chữ ký")
		enter(t, ctx, "#in-proc-q")
		waitText(t, ctx, "#in-proc-chosen", "Chứng thực chữ ký")
		waitText(t, ctx, "#in-proc-chosen", "10.000 đ")
		click(t, ctx, "#doc-0")
		typeInto(t, ctx, "#in-name", "Nguyễn Văn Thửnghiệm")
		typeInto(t, ctx, "#in-phone", "0900 000 123")
		aside(func() {
			// A paper date that is not a date is refused next to its field.
			typeInto(t, ctx, "#in-received", "31/02/2026 09:00")
			click(t, ctx, "#in-receive")
			waitText(t, ctx, `[data-err="received_at"]`, "dd/mm/yyyy HH:MM")
			typeInto(t, ctx, "#in-received", "")
			// PocketBase's own check, in Vietnamese next to the field.
			typeInto(t, ctx, "#in-email", "khong-phai-thu")
			click(t, ctx, "#in-receive")
			waitText(t, ctx, `[data-err="applicant_email"]`, "Thư điện tử không đúng dạng")
			typeInto(t, ctx, "#in-email", "")
			screen(t, ctx, "desk-intake")
		})
		click(t, ctx, "#in-receive")
		waitText(t, ctx, "#form-sheet", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
		waitText(t, ctx, "#form-sheet", "Nguyễn Văn Thửnghiệm")
		var err error
		rec, err = s.app.FindFirstRecordByData("dossiers", "applicant_name", "Nguyễn Văn Thửnghiệm")
		require.NoError(t, err)
		waitText(t, ctx, "#form-sheet", rec.GetString("code"))
		// The print button prints the sheet (the browser's print dialog,
		// counted here instead of opened).
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.printed = 0; window.print = () => { window.printed++; }`))
		click(t, ctx, "#form-print")
		printed, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.printed`))
		require.NoError(t, err)
		require.Equal(t, 1, printed)
	})
	code := rec.GetString("code")
	screen(t, ctx, "desk-form01")

	// ... and transfers it to a specialist: the picker lists specialists only.
	click(t, ctx, "#form-back")
	waitText(t, ctx, "#dossier-status", "Được tiếp nhận")
	screen(t, ctx, "desk-dossier-receptionist")
	step(t, ctx, "transfer", func() {
		choose(t, ctx, "#step-assignee", "Phạm Chuyên Môn Mẫu — Công chức chuyên môn")
		options := text(t, ctx, "#step-assignee")
		require.NotContains(t, options, "Kiểm tra")
		require.NotContains(t, options, "Lãnh đạo")
		screen(t, ctx, "desk-transfer")
	})
	waitText(t, ctx, "#dossier-status", "Đang xử lý")
	waitText(t, ctx, "#timeline", "Chuyển xử lý")
	waitText(t, ctx, "#view-dossier", "Phạm Chuyên Môn Mẫu · Công chức chuyên môn")
	signOut(t, ctx)

	// The specialist finds it among their own and asks for a supplement.
	ctx = s.signIn(t, "chuyenmon@ninhxuan.example")
	waitQueue(t, ctx)
	waitText(t, ctx, `#tabs [aria-selected="true"]`, "Được giao xử lý")
	screen(t, ctx, "desk-queue-specialist")
	openFromQueue(t, ctx, "duoc-giao", code)
	screen(t, ctx, "desk-dossier-specialist")
	step(t, ctx, "supplement", func() {
		typeInto(t, ctx, "#step-missing_items", "Bản sao giấy tờ tùy thân có chứng thực")
		typeInto(t, ctx, "#step-note", "Giấy tờ tùy thân đã hết hạn.")
	})
	waitText(t, ctx, "#form-sheet", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
	waitText(t, ctx, "#form-sheet", "Bản sao giấy tờ tùy thân có chứng thực")
	screen(t, ctx, "desk-form02")
	signOut(t, ctx)

	// The receptionist records the supplement: the clock resumes.
	ctx = s.signIn(t, "motcua@ninhxuan.example")
	openFromQueue(t, ctx, "cho-bo-sung", code)
	waitText(t, ctx, "#view-dossier", "Đang tạm dừng tính hạn")
	step(t, ctx, "supplement_received", nil)
	waitText(t, ctx, "#dossier-status", "Đang xử lý")
	waitText(t, ctx, "#timeline", "Nhận hồ sơ bổ sung")
	signOut(t, ctx)

	// The specialist submits it to the leader: the picker lists leaders.
	ctx = s.signIn(t, "chuyenmon@ninhxuan.example")
	openFromQueue(t, ctx, "duoc-giao", code)
	step(t, ctx, "submit", func() {
		choose(t, ctx, "#step-assignee", "Lê Lãnh Đạo Mẫu — Lãnh đạo")
		require.NotContains(t, text(t, ctx, "#step-assignee"), "Công chức chuyên môn")
	})
	waitText(t, ctx, "#timeline", "Trình lãnh đạo ký")
	signOut(t, ctx)

	// The leader signs.
	ctx = s.signIn(t, "lanhdao@ninhxuan.example")
	waitQueue(t, ctx)
	waitText(t, ctx, `#tabs [aria-selected="true"]`, "Chờ ký duyệt")
	screen(t, ctx, "desk-queue-leader")
	openFromQueue(t, ctx, "trinh-ky", code)
	step(t, ctx, "decide", nil)
	waitText(t, ctx, "#dossier-status", "Đã xử lý xong")
	waitText(t, ctx, "#timeline", "Lãnh đạo đã ký, phê duyệt")
	screen(t, ctx, "desk-decided")
	signOut(t, ctx)

	// The receptionist returns the result to the applicant.
	ctx = s.signIn(t, "motcua@ninhxuan.example")
	openFromQueue(t, ctx, "cho-tra", code)
	step(t, ctx, "return", nil) // the applicant's name is filled in
	waitText(t, ctx, "#dossier-status", "Đã trả kết quả")
	waitText(t, ctx, "#view-dossier", "Người nhận kết quả")
	waitText(t, ctx, "#view-dossier", "Hồ sơ đã kết thúc.")
	// The audit log's entries of the dossier, in words.
	click(t, ctx, "#history summary")
	waitText(t, ctx, "#history", "Đã xử lý xong → Đã trả kết quả")
	waitText(t, ctx, "#history", "Trần Một Cửa Mẫu (Công chức một cửa)")
	requireVietnameseOnly(t, ctx)
	screen(t, ctx, "desk-returned")

	rec, err = s.app.FindRecordById("dossiers", rec.Id)
	require.NoError(t, err)
	require.Equal(t, "returned", rec.GetString("status"))
	require.Equal(t, "Nguyễn Văn Thửnghiệm", rec.GetString("returned_to"))
	require.Equal(t, 1, rec.GetInt("supplement_count"))
}

// A paper dossier typed in days later: its date is office time, its deadline
// has passed (red in the leader's queue), the apology the server refuses is
// explained next to the date, and the late entry's finding is resolved from
// the desk.
func TestDeskPaperDossierApologyAndFinding(t *testing.T) {
	s := newSite(t)
	cal, err := office.Calendar(s.app)
	require.NoError(t, err)
	today := calendar.DateOf(time.Now())
	onPaper := cal.AddWorkingDays(today, -2)
	nextWorking := cal.AddWorkingDays(today, 1)
	saturday := today
	for saturday.Weekday() != time.Saturday {
		saturday = saturday.AddDays(1)
	}

	ctx := s.signIn(t, "motcua@ninhxuan.example")
	click(t, ctx, `#nav a[href="#/tiep-nhan"]`)
	typeInto(t, ctx, "#in-proc-q", "dang ky khai sinh")
	waitText(t, ctx, "#in-proc-list", "Đăng ký khai sinh")
	enter(t, ctx, "#in-proc-q")
	waitText(t, ctx, "#in-proc-chosen", "Miễn lệ phí khi đăng ký đúng hạn")
	typeInto(t, ctx, "#in-name", "Hoàng Thị Giấyđến")
	typeInto(t, ctx, "#in-received", onPaper.VN()+" 09:15")
	click(t, ctx, "#in-receive")
	waitText(t, ctx, "#form-sheet", "09 giờ 15 phút, ngày "+onPaper.VN())
	rec, err := s.app.FindFirstRecordByData("dossiers", "applicant_name", "Hoàng Thị Giấyđến")
	require.NoError(t, err)
	code := rec.GetString("code")

	// Found again without diacritics, in every dossier.
	click(t, ctx, `#nav a[href="#/"]`)
	waitQueue(t, ctx)
	click(t, ctx, `#tabs [data-tab="tat-ca"]`)
	typeInto(t, ctx, "#q", "hoang thi giayden")
	waitText(t, ctx, `#tabs [aria-selected="true"]`, "Kết quả tìm kiếm")
	waitText(t, ctx, "#queue-body", code)
	waitText(t, ctx, `#tabs [data-tab="tim-kiem"] .count`, "1")
	waitText(t, ctx, `#tabs [data-tab="tat-ca"] .count`, "1")
	waitText(t, ctx, "#queue-body tr.overdue", "Quá hạn")
	screen(t, ctx, "desk-search")

	// A dossier of months ago that no tab has loaded is found on the server,
	// by its name typed without diacritics; Enter opens the only one found.
	old, err := s.app.FindRecordsByFilter("dossiers", "status = 'returned'", "received_at", 1, 0)
	require.NoError(t, err)
	oldCode, oldName := old[0].GetString("code"), old[0].GetString("applicant_name")
	require.NotEqual(t, vntext.Fold(oldName), strings.ToLower(oldName), "a name with diacritics")
	typeInto(t, ctx, "#q", "")
	waitQueue(t, ctx)
	for _, tab := range []string{"cho-tiep-nhan", "moi-tiep-nhan", "cho-bo-sung", "cho-nop-phi", "cho-tra", "tat-ca"} {
		click(t, ctx, `#tabs [data-tab="`+tab+`"]`)
		waitQueue(t, ctx)
		require.NotContains(t, text(t, ctx, "#queue-body"), oldCode, "not loaded in %s", tab)
	}
	typeInto(t, ctx, "#q", vntext.Fold(oldName))
	waitText(t, ctx, `#tabs [aria-selected="true"]`, "Kết quả tìm kiếm")
	waitText(t, ctx, "#queue-body", oldCode)
	screen(t, ctx, "desk-search-server")
	within(t, "opening a dossier found by its code", 1, func() {
		typeInto(t, ctx, "#q", oldCode)
		enter(t, ctx, "#q")
		waitText(t, ctx, "#view-dossier h1", oldCode)
	})
	signOut(t, ctx)

	_, err = inspect.Run(s.app, inspect.Options{})
	require.NoError(t, err)

	// The leader sees it overdue; the apology is still owed after the
	// deadline (Decree 118/2025 keeps the duty; the self-inspection flags it
	// as apology_too_late and the dossier stays late).
	ctx = s.signIn(t, "lanhdao@ninhxuan.example")
	openFromQueue(t, ctx, "xin-loi", code)
	waitText(t, ctx, ".dossier-head", "Quá hạn")
	within(t, "step apology, with its preview", 3, func() {
		click(t, ctx, `#steps [data-step="apology"]`)
		typeInto(t, ctx, "#step-new_due_at", saturday.VN()+" 09:00")
		typeInto(t, ctx, "#step-apology_reason", "Chờ xác minh của cơ quan khác.")
		aside(func() {
			click(t, ctx, "#step-ok")
			waitText(t, ctx, `#step-dialog [data-err="new_due_at"]`, "không phải ngày làm việc")
		})
		typeInto(t, ctx, "#step-new_due_at", nextWorking.VN()+" 09:00")
		// Form 04 as it would print, before anything is saved.
		click(t, ctx, "#step-preview")
		waitText(t, ctx, "#step-sheet", "V/v xin lỗi và đề nghị gia hạn")
		waitText(t, ctx, "#step-sheet", "09 giờ 00 phút, ngày "+nextWorking.VN())
		waitText(t, ctx, "#step-sheet", "Chờ xác minh của cơ quan khác.")
		aside(func() { screen(t, ctx, "desk-apology-preview") })
		click(t, ctx, "#step-ok")
		waitText(t, ctx, "#form-sheet", "09 giờ 00 phút, ngày "+nextWorking.VN())
	})
	screen(t, ctx, "desk-apology-late")
	rec, err = s.app.FindRecordById("dossiers", rec.Id)
	require.NoError(t, err)
	require.False(t, rec.GetDateTime("apology_at").IsZero(), "the late apology is recorded")

	// The late entry's finding, resolved with a note (a new tab, the same
	// session).
	ctx = s.tab(t, 1366, 768)
	do(t, ctx, chromedp.Navigate(s.url+"/desk/#/viec/phat-hien"))
	waitQueue(t, ctx)
	typeInto(t, ctx, "#q", code)
	row := `#queue-body tr[data-rule="late_entry"][data-subject="` + code + `"]`
	waitText(t, ctx, row, "nhập vào phần mềm")
	click(t, ctx, row+" button")
	typeInto(t, ctx, "#step-resolution_note", "Đã nhắc bộ phận một cửa nhập hồ sơ ngay khi nhận.")
	click(t, ctx, "#step-ok")
	waitText(t, ctx, "#flash", "Đã đóng phát hiện.")
	waitQueue(t, ctx)
	screen(t, ctx, "desk-findings")
	f, err := s.app.FindFirstRecordByFilter("findings", "rule = 'late_entry' && subject_id = {:id}", map[string]any{"id": rec.Id})
	require.NoError(t, err)
	require.Equal(t, "resolved", f.GetString("status"))
	require.Equal(t, "Đã nhắc bộ phận một cửa nhập hồ sơ ngay khi nhận.", f.GetString("resolution_note"))

	// The queue on a 10-inch tablet.
	tablet := s.tab(t, 768, 1024)
	do(t, tablet, chromedp.Navigate(s.url+"/desk/"))
	waitQueue(t, tablet)
	requireVietnameseOnly(t, tablet)
	shot(t, tablet, "desk-tablet-queue-leader-768")
	do(t, tablet, chromedp.Navigate(s.url+"/desk/#/ho-so/"+code))
	waitText(t, tablet, "#timeline", "Tiếp nhận hồ sơ")
	requireVietnameseOnly(t, tablet)
	shot(t, tablet, "desk-tablet-dossier-leader-768")
	do(t, tablet, chromedp.Navigate(s.url+"/desk/#/phieu/01/"+code))
	waitText(t, tablet, "#form-sheet", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
	shot(t, tablet, "desk-tablet-form01-768")
}

// The desk and the admin UI share one session: signing in at the admin UI
// signs in at the desk, and signing out at the desk signs out of both.
func TestDeskSharesTheAdminUISession(t *testing.T) {
	s := newSite(t)
	ctx := s.tab(t, 1366, 768)
	do(t, ctx, chromedp.Navigate(s.url+"/_/"), chromedp.WaitVisible(chromedp.CSS("#login_identity")))
	typeInto(t, ctx, "#login_identity", "motcua@ninhxuan.example")
	typeInto(t, ctx, "#login_pass", demo.Password+kb.Enter)
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`!!localStorage.getItem("__pb_superusers__/_")`,
		chromedp.WithPollingTimeout(patience)))
	require.NoError(t, err, "the admin UI did not sign in")
	// The admin UI goes to its first collection after signing in; opening
	// another before it has would be undone by that redirect.
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`location.hash.startsWith("#/collections")`,
		chromedp.WithPollingTimeout(patience)))
	require.NoError(t, err, "the admin UI did not land on its collections")

	// Each dossier row of the admin UI links to its page on the desk: one click.
	link := `a[href^="/desk/#/ho-so/"]`
	openAdminUI(t, ctx, s.url+"/_/#/collections?collection=mc_dossiers", link)
	shot(t, ctx, "admin-dossiers-desk-link-1366")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(link)+`).getAttribute("href")`))
	require.NoError(t, err)
	code := strings.TrimPrefix(href, "/desk/#/ho-so/")
	do(t, ctx, chromedp.Navigate(s.url+href))
	waitText(t, ctx, "#view-dossier h1", code)

	do(t, ctx, chromedp.Navigate(s.url+"/desk/"))
	waitText(t, ctx, "#who", "Trần Một Cửa Mẫu · Công chức một cửa")
	waitQueue(t, ctx)
	signOut(t, ctx)
	do(t, ctx, chromedp.Navigate(s.url+"/_/"), chromedp.WaitVisible(chromedp.CSS("#login_identity")))
}

// The inspector lands on the open findings, every one of them counted, with
// nothing to change and the reports one click away.
func TestDeskInspectorSeesFindings(t *testing.T) {
	s := newSite(t)
	_, err := inspect.Run(s.app, inspect.Options{})
	require.NoError(t, err)
	open, err := s.app.CountRecords("findings", dbx.NewExp("status != 'resolved'"))
	require.NoError(t, err)
	require.NotZero(t, open)

	ctx := s.signIn(t, "kiemtra@ninhxuan.example")
	waitQueue(t, ctx)
	waitText(t, ctx, `#tabs [aria-selected="true"]`, "Phát hiện đang mở")
	waitText(t, ctx, `#tabs [data-tab="phat-hien"] .count`, strconv.FormatInt(open, 10))
	waitText(t, ctx, "#queue-body", "Cách khắc phục:")
	buttons, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#queue-body button").length`))
	require.NoError(t, err)
	require.Zero(t, buttons, "an inspector changes nothing")
	intake, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#nav a[href="#/tiep-nhan"]').hidden`))
	require.NoError(t, err)
	require.True(t, intake, "no intake for an inspector")
	waitText(t, ctx, `#nav a[href="/reports/"]`, "Báo cáo")
	requireVietnameseOnly(t, ctx)
	screen(t, ctx, "desk-queue-inspector")
}

// TestDeskIncompleteDossierIsGuidedNotReceived: at the counter an incomplete
// dossier is guided once, in writing (form 02), without being received: no
// receipt, no time limit; when the papers come it is received then.
func TestDeskIncompleteDossierIsGuidedNotReceived(t *testing.T) {
	s := newSite(t)
	ctx := s.signIn(t, "motcua@ninhxuan.example")
	startIntake(t, ctx, "Trần Văn Chưađủ")
	typeInto(t, ctx, "#in-phone", "0900 000 456")
	click(t, ctx, "#in-incomplete")
	waitText(t, ctx, "#step-title", "Hồ sơ chưa đủ")
	typeInto(t, ctx, "#step-missing_items", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
	typeInto(t, ctx, "#step-note", "Mang theo tờ khai đã ký.")
	click(t, ctx, "#step-ok")
	waitText(t, ctx, "#form-sheet", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
	waitText(t, ctx, "#form-sheet", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#form-sheet tbody tr")].map(tr => tr.innerText.replace(/\s+/g, " ").trim())`))
	require.NoError(t, err)
	require.Equal(t, []string{"1 Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, rows, "one row per missing paper, no empty row")
	screen(t, ctx, "desk-form02-before-receipt")

	rec, err := s.app.FindFirstRecordByData("dossiers", "applicant_name", "Trần Văn Chưađủ")
	require.NoError(t, err)
	require.Equal(t, "supplement_requested", rec.GetString("status"))
	require.True(t, rec.GetDateTime("received_at").IsZero(), "guided, not received")
	require.True(t, rec.GetDateTime("due_at").IsZero(), "no time limit runs before receipt")

	// The citizen comes back with the papers: received now, with a deadline.
	click(t, ctx, "#form-back")
	waitText(t, ctx, "#dossier-status", "Yêu cầu bổ sung giấy tờ")
	waitText(t, ctx, `#steps [data-step="receive"]`, "Đã nhận đủ, tiếp nhận")
	step(t, ctx, "receive", nil)
	waitText(t, ctx, "#form-sheet", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
	click(t, ctx, "#form-back")
	waitText(t, ctx, "#dossier-status", "Được tiếp nhận")
	rec, err = s.app.FindRecordById("dossiers", rec.Id)
	require.NoError(t, err)
	require.False(t, rec.GetDateTime("due_at").IsZero(), "received as complete: the time limit runs")
	requireVietnameseOnly(t, ctx)
}

// The English switch shows the desk's own words in English (the printed
// forms stay Vietnamese) and switches back.
func TestDeskEnglishSwitch(t *testing.T) {
	s := newSite(t)
	ctx := s.signIn(t, "motcua@ninhxuan.example")
	waitQueue(t, ctx)
	waitText(t, ctx, "#lang", "English")
	click(t, ctx, "#lang")
	waitText(t, ctx, "#view-queue h1", "My work")
	waitQueue(t, ctx)
	waitText(t, ctx, "#tabs", "Online, to receive")
	waitText(t, ctx, "#nav", "Intake")
	waitText(t, ctx, "#who", "Trần Một Cửa Mẫu · Receptionist")
	waitText(t, ctx, "#lang", "Tiếng Việt")
	shot(t, ctx, "desk-english-queue-1366")
	click(t, ctx, `#tabs [data-tab="cho-tra"]`)
	waitQueue(t, ctx)
	waitText(t, ctx, "#queue-body thead", "Dossier code")
	click(t, ctx, `#queue-body a.code`)
	waitText(t, ctx, "#steps", "Return the result…")
	waitText(t, ctx, "#view-dossier", "Handling (form 06)")
	shot(t, ctx, "desk-english-dossier-1366")
	click(t, ctx, "#lang")
	waitText(t, ctx, "#steps", "Trả kết quả…")
	requireVietnameseOnly(t, ctx)
}

// openAdminUI opens url, a page of PocketBase's admin UI, and waits for sel
// on it, starting the admin UI afresh there: on a clean clone, changing the
// address of the running admin UI (a single-page app we do not own) right
// after signing in had it set its own collection back over the one asked
// for. Should the page still not show sel, it is photographed for the
// record and opened once more before the test fails.
func openAdminUI(t *testing.T, ctx context.Context, url, sel string) {
	t.Helper()
	found := `!!document.querySelector(` + jsString(sel) + `)`
	// A fresh start of the admin UI at url (the session stays in local
	// storage), rather than a change of its address while it runs.
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](found, chromedp.WithPollingTimeout(patience))); err == nil {
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
		return
	}
	shot(t, ctx, "admin-ui-without-desk-link")
	t.Logf("the admin UI did not show %s at %s: opening it again", sel, url)
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](found, chromedp.WithPollingTimeout(patience)))
	require.NoError(t, err, "the admin UI did not show %s", sel)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
}
