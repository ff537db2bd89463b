package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks/notify"
	"motcua/internal/access"
	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// newApp is a demo app whose worker is stopped: the tests run its rounds
// themselves, at the times they choose (RunOnce). The router is built first,
// since building it (OnServe) starts the worker.
func newApp(t *testing.T) *tests.TestApp {
	app := testapp.New(t)
	t.Cleanup(app.Cleanup)
	testapp.Handler(t, app)
	notify.WorkerOf(app).Stop()
	return app
}

// setNotify writes the office's "notify" settings and public address.
func setNotify(t *testing.T, app core.App, n map[string]any) {
	t.Helper()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	s := map[string]any{}
	_ = office.UnmarshalJSONField("settings", &s)
	s["notify"] = n
	s["public_url"] = "https://motcua.example.invalid"
	office.Set("settings", s)
	require.NoError(t, app.Save(office))
}

// gateway is an SMS gateway stand-in on loopback: it answers fail first
// requests with 503, then accepts, and keeps what it was sent.
type gateway struct {
	*httptest.Server
	mu   sync.Mutex
	fail int
	got  []smsRequest
}

type smsRequest struct {
	Key, Phone, Text, Header string
}

func startGateway(t *testing.T, fail int) *gateway {
	g := &gateway{fail: fail}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct{ Key, Phone, Text string }
		if err := json.Unmarshal(raw, &body); err != nil || r.Header.Get("Authorization") != "Bearer thu-nghiem" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		g.got = append(g.got, smsRequest{body.Key, body.Phone, body.Text, r.Header.Get("Idempotency-Key")})
		if g.fail > 0 {
			g.fail--
			http.Error(w, "gateway busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `{"status":"queued"}`)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *gateway) requests() []smsRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]smsRequest(nil), g.got...)
}

// smsSettings configures the office's SMS channel to g.
func (g *gateway) settings() map[string]any {
	return map[string]any{
		"url": g.URL + "/send", "method": "POST",
		"headers":       map[string]string{"Content-Type": "application/json", "Authorization": "Bearer thu-nghiem"},
		"body":          `{"key":"{{key}}","phone":"{{phone}}","text":"{{text}}"}`,
		"expect_status": 200, "expect_text": `"queued"`, "quiet": "off",
	}
}

// api sends a request as the demo admin and decodes the answer.
func api(t *testing.T, app *tests.TestApp, method, url string, body map[string]any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), method, url, string(raw))
	require.Equal(t, 200, res.Code, res.Body.String())
	out := map[string]any{}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	return out
}

// receive enters a dossier at the counter through the API, with the
// citizen's consent as given.
func receive(t *testing.T, app *tests.TestApp, consent bool) map[string]any {
	t.Helper()
	return receiveWith(t, app, map[string]any{"notify_consent": consent})
}

// receiveWith enters a dossier through the API, fields over those of
// receive's (in person, phone and e-mail given).
func receiveWith(t *testing.T, app *tests.TestApp, fields map[string]any) map[string]any {
	t.Helper()
	p, err := app.FindFirstRecordByData("procedures", "code", "1.011607") // 15 working days
	require.NoError(t, err)
	body := map[string]any{
		"procedure": p.Id, "applicant_name": "Nguyễn Thị Thử Nghiệm", "applicant_phone": "0900000123",
		"applicant_email": "thu.nghiem@example.invalid", "channel": "in_person", "fee": 15000, "notify_consent": true,
	}
	maps.Copy(body, fields)
	return api(t, app, http.MethodPost, "/api/collections/dossiers/records", body)
}

// stepTo takes a step on dossier id through the API.
func stepTo(t *testing.T, app *tests.TestApp, id string, fields map[string]any) map[string]any {
	t.Helper()
	return api(t, app, http.MethodPatch, "/api/collections/dossiers/records/"+id, fields)
}

// outbox lists the dossier's messages, oldest first.
func outbox(t *testing.T, app core.App, dossier string) []*core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter("outbox", "dossier = {:d}", "created,channel", 0, 0, map[string]any{"d": dossier})
	require.NoError(t, err)
	return recs
}

func run(t *testing.T, app core.App, now time.Time) {
	t.Helper()
	_, err := notify.WorkerOf(app).RunOnce(context.Background(), now)
	require.NoError(t, err)
}
