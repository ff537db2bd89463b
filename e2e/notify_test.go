package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNotificationsSurviveKillDuringSending: the server is killed (kill -9)
// while the SMS gateway holds a message; after a restart every message is
// delivered, each with its idempotency key, and the only one sent twice is
// the one that was in flight, with the same key both times.
func TestNotificationsSurviveKillDuringSending(t *testing.T) {
	// The SMS gateway stand-in: it holds the first message it gets until
	// the test lets it go (after the kill), and accepts the others.
	var (
		mu       sync.Mutex
		got      []string // keys, in arrival order
		accepted = map[string]int{}
	)
	first, release := make(chan string, 1), make(chan struct{})
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Key, Phone, Text string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, body.Key)
		hold := len(got) == 1
		mu.Unlock()
		if hold {
			first <- body.Key
			<-release
			return // the server that sent it is dead by now
		}
		mu.Lock()
		accepted[body.Key]++
		mu.Unlock()
		fmt.Fprint(w, `{"result":"ok"}`)
	}))
	defer gw.Close()
	defer close(release)

	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	base, srv := startServerWith(t, data)
	client := &http.Client{Timeout: 30 * time.Second}
	call := func(base, token, method, path string, body any) (int, string) {
		var r io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			require.NoError(t, err)
			r = strings.NewReader(string(b))
		}
		req, err := http.NewRequest(method, base+path, r)
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	admin := signIn(t, client, base, "quantri@ninhxuan.example", "Motcua@2026")
	clerk := signIn(t, client, base, "motcua@ninhxuan.example", "Motcua@2026")

	// The IT officer configures the SMS gateway in the office record.
	status, body := call(base, admin, http.MethodGet, "/api/collections/office/records", nil)
	require.Equal(t, 200, status, body)
	var offices struct {
		Items []map[string]any `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &offices))
	require.Len(t, offices.Items, 1)
	settings, _ := offices.Items[0]["settings"].(map[string]any)
	if settings == nil {
		settings = map[string]any{}
	}
	settings["notify"] = map[string]any{"retry_seconds": 1, "per_day": 20, "sms": map[string]any{
		"url": gw.URL + "/send", "headers": map[string]string{"Content-Type": "application/json"},
		"body": `{"key":"{{key}}","phone":"{{phone}}","text":"{{text}}"}`, "expect_text": `"ok"`, "quiet": "off",
	}}
	status, body = call(base, admin, http.MethodPatch, "/api/collections/office/records/"+offices.Items[0]["id"].(string), map[string]any{"settings": settings})
	require.Equal(t, 200, status, body)

	status, body = call(base, clerk, http.MethodGet, "/api/collections/procedures/records?filter="+urlq("code='1.004873'"), nil)
	require.Equal(t, 200, status, body)
	var procs struct {
		Items []struct{ ID string } `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &procs))
	require.Len(t, procs.Items, 1)
	const n = 6
	for i := range n {
		status, body := call(base, clerk, http.MethodPost, "/api/collections/dossiers/records", map[string]any{
			"procedure": procs.Items[0].ID, "applicant_name": fmt.Sprintf("Nguyễn Văn Thử %d", i),
			"applicant_phone": fmt.Sprintf("090000%04d", i), "channel": "in_person", "notify_consent": true,
		})
		require.Equal(t, 200, status, body)
	}

	// The worker is sending the first message: kill -9, then let the
	// gateway's request end.
	var inFlight string
	select {
	case inFlight = <-first:
	case <-time.After(2 * time.Minute):
		t.Fatal("the worker sent nothing")
	}
	require.NoError(t, srv.Process.Signal(syscall.SIGKILL))
	_ = srv.Wait()
	release <- struct{}{}

	base, _ = startServerWith(t, data)
	admin = signIn(t, client, base, "quantri@ninhxuan.example", "Motcua@2026")
	type message struct {
		ID, State, To string
		Attempts      int
	}
	var msgs []message
	deadline := time.Now().Add(2 * time.Minute) // a bound on a hang, not a speed check
	for {
		status, body := call(base, admin, http.MethodGet, "/api/collections/outbox/records?perPage=100&sort=created", nil)
		require.Equal(t, 200, status, body)
		var page struct {
			Items []message `json:"items"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &page))
		msgs = page.Items
		sent := 0
		for _, m := range msgs {
			if m.State == "sent" {
				sent++
			}
		}
		if sent == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	require.Len(t, msgs, n, "one message per receipt, none lost with the kill")
	mu.Lock()
	defer mu.Unlock()
	for _, m := range msgs {
		assert.Equal(t, "sent", m.State, m.ID)
		assert.Equal(t, 1, accepted[m.ID], "message %s delivered once, with its key", m.ID)
		if m.ID == inFlight {
			assert.Equal(t, 2, m.Attempts, "the message in flight at the kill was tried again")
		} else {
			assert.Equal(t, 1, m.Attempts, m.ID)
		}
	}
	assert.Len(t, accepted, n, "no key the outbox does not have")
	assert.Len(t, got, n+1, "the only resend is the message in flight at the kill, under the same key")
	t.Logf("kill -9 while sending %s: %d requests for %d messages, all delivered", inFlight, len(got), n)
}
