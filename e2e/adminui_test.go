package e2e

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/demo"
)

// chromium returns Chromium's path, skipping the test outside CI when it is
// not installed (CI installs it and fails without it).
func chromium(t *testing.T) string {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium is not installed: apt-get install -y chromium")
	}
	return path
}

// TestAdminUIUsableForEveryRole signs each demo role in to PocketBase's admin
// UI in a real Chromium and opens the dossiers list: the guard must leave the
// dashboard working for clerks, not only the admin.
func TestAdminUIUsableForEveryRole(t *testing.T) {
	exe := chromium(t)
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	base := startServer(t, data)

	for _, a := range demo.Accounts {
		if a.Email == "chuyenmon2@ninhxuan.example" {
			continue
		}
		t.Run(a.Role, func(t *testing.T) {
			// A browser of its own per role: tabs of one profile share the
			// admin UI's session in localStorage.
			opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe),
				chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
				chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
				chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
				chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
			actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancelA()
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute) // bounds a hang only (a loaded box is slow)
			defer cancelT()
			// Sign in the way the admin UI stores its session.
			signIn := `fetch('/api/collections/_superusers/auth-with-password',{method:'POST',headers:{'Content-Type':'application/json'},` +
				`body:JSON.stringify({identity:'` + a.Email + `',password:'` + demo.Password + `'})}).then(r=>r.json()).then(d=>{` +
				`localStorage.setItem('__pb_superusers__/_', JSON.stringify({token:d.token, record:d.record})); return d.record.role})`
			require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/_/")))
			role, err := chromedp.Run(ctx, chromedp.Evaluate[string](signIn, chromedp.EvalAwaitPromise))
			require.NoError(t, err)
			assert.Equal(t, a.Role, role)
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(base+"/_/#/collections?collection=mc_dossiers"),
				chromedp.WaitVisible(`.page-footer, footer`),
			))
			var text string
			for i := 0; i < 50 && !strings.Contains(text, "H15.50.05.13-"); i++ {
				time.Sleep(200 * time.Millisecond)
				text, err = chromedp.Run(ctx, chromedp.Text(`body`))
				require.NoError(t, err)
			}
			// Let the dashboard finish its background requests, then read again.
			time.Sleep(2 * time.Second)
			text, err = chromedp.Run(ctx, chromedp.Text(`body`))
			require.NoError(t, err)
			assert.Contains(t, text, "H15.50.05.13-", "the dossiers list shows dossier codes")
			if i := strings.Index(text, "không có quyền"); i >= 0 {
				t.Errorf("the dashboard asked for something the role may not have: %q", text[max(0, i-120):min(len(text), i+200)])
			}
			assert.Contains(t, text, "dossiers")
		})
	}
}
