package browser

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motcua/province"
	"motcua/testapp"
)

// TestProvincePage: the province view over a demo commune's replica, in a
// real browser: the side-by-side row, then the commune's findings.
// Screenshots: testdata/out/province-1280.png, province-commune-1280.png.
func TestProvincePage(t *testing.T) {
	s := newSite(t)
	app, url := testapp.Replicating(t)
	testapp.Replicated(t, app)
	v := province.New(&province.Config{Province: "Tỉnh Thử Nghiệm",
		Communes: []province.CommuneConfig{{Name: "Xã Ninh Xuân (thử)", Replica: url}}}, t.TempDir())
	v.Refresh(context.Background())
	srv := httptest.NewServer(v.Handler())
	defer srv.Close()
	row := v.Table(time.Now())[1]

	ctx := s.tab(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#communes")))
	waitText(t, ctx, "h1", "Tự kiểm tra bộ phận một cửa các xã — Tỉnh Thử Nghiệm")
	for _, cell := range row[:11] {
		waitText(t, ctx, `tr[data-commune="xa-ninh-xuan-thu"]`, cell)
	}
	shot(t, ctx, "province-1280")
	do(t, ctx, chromedp.Click(chromedp.CSS(`tr[data-commune="xa-ninh-xuan-thu"] a`)), chromedp.WaitVisible(chromedp.CSS("section.finding")))
	waitText(t, ctx, "h1", "Xã Ninh Xuân (thử)")
	waitText(t, ctx, "h2", "Phát hiện ("+row[len(row)-1]+")")
	waitText(t, ctx, "body", "Đề nghị:")
	shot(t, ctx, "province-commune-1280")
}
