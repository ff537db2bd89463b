package browser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// TestOnlineSubmissionToDesk: a citizen submits a birth registration online
// from the public page (applicant data, one scan per checklist item, the
// e-mail code that PocketBase's mailer sent to a real SMTP server), gets the
// dossier's code; the receptionist finds it among the online dossiers to
// receive, sees its papers digitised, and receives it (form 01).
func TestOnlineSubmissionToDesk(t *testing.T) {
	s := newSite(t)
	box := testapp.StartMailbox(t)
	box.Use(t, s.app)
	proc, err := s.app.FindFirstRecordByData("procedures", "code", "1.001193")
	require.NoError(t, err)
	var docs []struct{ Name string }
	raw, _ := json.Marshal(proc.Get("documents"))
	require.NoError(t, json.Unmarshal(raw, &docs))
	require.NotEmpty(t, docs)

	dir := t.TempDir()
	scan := filepath.Join(dir, "to-khai.pdf")
	require.NoError(t, os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"), 0o644))

	ctx := s.tab(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(s.url+"/#/thu-tuc/1.001193"), chromedp.WaitVisible(chromedp.CSS("#submit-form")))
	typeInto(t, ctx, "#sub-name", "Phạm Thị Trựctuyến")
	typeInto(t, ctx, "#sub-phone", "0900 000 733")
	typeInto(t, ctx, "#sub-id", "079190000733")
	typeInto(t, ctx, "#sub-address", "Thôn Mẫu, xã Ninh Xuân")
	typeInto(t, ctx, "#sub-email", "truc.tuyen@ninhxuan.example")
	for i := range docs {
		do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#sub-item-"+strconv.Itoa(i)), []string{scan}))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#sub-send-code")))
	waitText(t, ctx, "#submit-form", "Đã gửi mã xác nhận tới truc.tuyen@ninhxuan.example.")
	mails := box.Wait(t, 1, patience)
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(mails[0].Text)
	require.NotEmpty(t, code)
	typeInto(t, ctx, "#sub-code", code)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#submit-form button[type=submit]`)))
	waitText(t, ctx, "#online-submission", "Đã nộp hồ sơ trực tuyến. Mã hồ sơ của bạn:")
	dossierCode := text(t, ctx, "#sub-code-done")
	require.Regexp(t, `^[A-Z0-9.]+-\d{6}-\d{4}$`, dossierCode)
	shot(t, ctx, "public-online-submission")

	desk := s.signIn(t, "motcua@ninhxuan.example")
	openFromQueue(t, desk, "cho-tiep-nhan", dossierCode)
	waitText(t, desk, "#digitised", docs[0].Name)
	waitText(t, desk, "#digitised", "nộp trực tuyến")
	screen(t, desk, "desk-online-dossier-papers")
	step(t, desk, "receive", nil)
	waitText(t, desk, "#form-sheet", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
	rec, err := s.app.FindFirstRecordByData("dossiers", "code", dossierCode)
	require.NoError(t, err)
	require.Equal(t, "received", rec.GetString("status"))
	require.Equal(t, "online", rec.GetString("channel"))
	require.False(t, rec.GetDateTime("received_at").IsZero(), "received now")
	require.False(t, rec.GetDateTime("due_at").IsZero(), "the time limit runs from the receipt")
}
