package browser

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"motcua/province"
	"motcua/testapp"
)

// TestProvincePage: the province view over three demo communes built in
// code (renamed, and receiving 0, 2 and 5 more dossiers), in a real browser
// on a 1366×768 screen: each commune's row holds its own side-by-side
// figures, then one commune's findings.
// Screenshots: testdata/out/province-1366.png, province-commune-1366.png.
func TestProvincePage(t *testing.T) {
	s := newSite(t)
	cfg := &province.Config{Province: "Tỉnh Thử Nghiệm"}
	for i, name := range []string{"Xã Ninh Xuân (thử)", "Xã Ninh Hải (thử)", "Xã Ninh Vân (thử)"} {
		app, url := testapp.Replicating(t)
		office, err := app.FindFirstRecordByFilter("office", "id != ''")
		require.NoError(t, err)
		office.Set("name", name)
		require.NoError(t, app.Save(office))
		testapp.Receive(t, app, []int{0, 2, 5}[i], "Phạm Văn Tỉnh")
		testapp.Replicated(t, app)
		cfg.Communes = append(cfg.Communes, province.CommuneConfig{Name: name, Replica: url})
	}
	v := province.New(cfg, t.TempDir())
	v.Refresh(context.Background())
	srv := httptest.NewServer(v.Handler())
	defer srv.Close()
	communes, table := v.Communes(), v.Table(time.Now())
	require.Len(t, table, 4)
	for i, c := range communes {
		require.Empty(t, c.Err)
		f := c.Figures()
		require.Equal(t, communes[0].Figures().Received+[]int{0, 2, 5}[i], f.Received, c.Name)
	}

	ctx := s.tab(t, 1366, 768)
	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#communes")))
	waitText(t, ctx, "h1", "Tự kiểm tra bộ phận một cửa các xã — Tỉnh Thử Nghiệm")
	for i, c := range communes {
		for _, cell := range table[i+1][:11] { // up to the audit column: the lag moves
			waitText(t, ctx, `tr[data-commune="`+c.Slug+`"]`, cell)
		}
	}
	shot(t, ctx, "province-1366")
	row := table[3]
	do(t, ctx, chromedp.Click(chromedp.CSS(`tr[data-commune="`+communes[2].Slug+`"] a`)), chromedp.WaitVisible(chromedp.CSS("section.finding")))
	waitText(t, ctx, "h1", "Xã Ninh Vân (thử)")
	waitText(t, ctx, "h2", "Phát hiện ("+row[len(row)-1]+")")
	waitText(t, ctx, "body", "Đề nghị:")
	shot(t, ctx, "province-commune-1366")
}
