package browser

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"motcua/demo"
	"motcua/hooks/inspect"
	"motcua/internal/vntext"
)

// TestReportsPageIsVietnamese: the inspector signs in at /reports/ and reads
// the self-inspection report of the demo commune: the role, the Decision 766
// table (what the appliance can score) and every finding and hint are in
// Vietnamese (issue 15). Screenshot: testdata/out/reports-inspector-1366.png.
func TestReportsPageIsVietnamese(t *testing.T) {
	s := newSite(t)
	_, err := inspect.Run(s.app, inspect.Options{})
	require.NoError(t, err)

	ctx := s.tab(t, 1366, 768)
	do(t, ctx, chromedp.Navigate(s.url+"/reports/"), chromedp.WaitVisible(chromedp.CSS(`#signin-form [name="identity"]`)))
	typeInto(t, ctx, `#signin-form [name="identity"]`, "kiemtra@ninhxuan.example")
	typeInto(t, ctx, `#signin-form [name="password"]`, demo.Password+kb.Enter)
	waitText(t, ctx, "#report", "Nhóm chỉ số phần mềm chấm được bằng dữ liệu của mình — Tính được: Tiến độ, kết quả giải quyết.")
	waitText(t, ctx, "#report", "Các phát hiện đang mở")
	waitText(t, ctx, "#who", " · Kiểm tra")
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err)
	require.Contains(t, page, "Việc cần làm")
	require.Empty(t, vntext.EnglishWords(page), "English words on the reports page")
	shot(t, ctx, "reports-inspector-1366")
}
