package browser

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

// TestDeskAdminSeesReplication: above the queues the IT officer reads where
// continuous replication stands, in words: off (a red line saying what is
// at stake and how to turn it on) or replicating to its address; nobody
// else sees the line (the status is the admin's only).
func TestDeskAdminSeesReplication(t *testing.T) {
	state := func(t *testing.T, s *site, email string) (string, string, bool) {
		t.Helper()
		ctx := s.signIn(t, email)
		waitQueue(t, ctx)
		if email != "quantri@ninhxuan.example" {
			hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#replica-status").hidden`))
			require.NoError(t, err)
			return "", "", hidden
		}
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#replica-status").dataset.state`,
			chromedp.WithPollingTimeout(patience)))
		require.NoError(t, err)
		st, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#replica-status").dataset.state`))
		require.NoError(t, err)
		requireVietnameseOnly(t, ctx)
		screen(t, ctx, "desk-queue-admin-"+st)
		line := text(t, ctx, "#replica-status")
		signOut(t, ctx) // the next person signs in in the same browser
		return st, line, false
	}

	t.Run("off", func(t *testing.T) {
		s := newSite(t)
		st, line, _ := state(t, s, "quantri@ninhxuan.example")
		require.Equal(t, "off", st)
		require.True(t, strings.HasPrefix(line, "Sao lưu liên tục: chưa bật. Nếu máy chủ hỏng, dữ liệu chỉ còn ở bản sao lưu gần nhất. "+
			"Bật bằng settings.replica trong bản ghi cơ quan (hoặc motcua serve --replica). Đầu chuỗi nhật ký kiểm toán: #"), line)
		_, _, hidden := state(t, s, "motcua@ninhxuan.example")
		require.True(t, hidden, "the receptionist sees no replication line")
	})

	t.Run("replicating", func(t *testing.T) {
		app, url := testapp.Replicating(t)
		s := newSiteOf(t, app)
		req, err := http.NewRequest(http.MethodPost, s.url+"/api/motcua/replica/sync", nil)
		require.NoError(t, err)
		for k, v := range testapp.Auth(t, app, access.Admin) {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		st, line, _ := state(t, s, "quantri@ninhxuan.example")
		// Signing in writes (the audit log), so the replica may be a
		// moment behind when the page asks.
		require.Contains(t, []string{"in-sync", "behind"}, st, line)
		require.True(t, strings.HasPrefix(line, "Sao lưu liên tục tới "+url+": đã đồng bộ lúc ") ||
			strings.HasPrefix(line, "Sao lưu liên tục tới "+url+": đang đồng bộ (lần đồng bộ gần nhất lúc "), line)
	})
}
