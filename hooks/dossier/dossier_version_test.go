package dossier_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/internal/access"
	"motcua/testapp"
)

const staleBody = `"message":"Hồ sơ vừa được người khác cập nhật; tải lại để xem."`

// eventsOf lists a dossier's events in the order they happened.
func eventsOf(t *testing.T, app core.App, id string) []*core.Record {
	evs, err := app.FindAllRecords("dossier_events", dbxDossier(id))
	require.NoError(t, err)
	sort.Slice(evs, func(i, j int) bool { return evs[i].Id < evs[j].Id }) // ids follow time
	return evs
}

// openDossier receives a dossier of a 15-working-day procedure now and walks
// it through steps, as Go code.
func openDossier(t *testing.T, app core.App, steps ...map[string]any) *core.Record {
	d := testapp.NewDossier(t, app, "1.011607", time.Time{})
	for _, s := range steps {
		testapp.Step(t, app, d, time.Time{}, s)
	}
	return d
}

// TestConflictingStepsAreNeverLost fires pairs of conflicting steps at one
// dossier at the same moment through the real HTTP server (loopback) and
// checks that every acknowledged step (200) is in the final row and in the
// events, that the events form one chain of transitions that happened, and
// that the loser of a race is told to reload (409). Before the check, 4 to 8
// of every 40 such pairs lost an acknowledged step (issue 14, row 1).
func TestConflictingStepsAreNeverLost(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	srv := httptest.NewServer(testapp.Handler(t, app))
	defer srv.Close()

	spec := testapp.Staff(t, app, access.Specialist)
	spec2, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "chuyenmon2@ninhxuan.example")
	require.NoError(t, err)
	clerk, leader, specialist := testapp.Auth(t, app, access.Receptionist), testapp.Auth(t, app, access.Leader), testapp.Auth(t, app, access.Specialist)
	processing := map[string]any{"status": "processing", "assignee": spec.Id}

	type request struct {
		auth map[string]string
		body func(d *core.Record) string
	}
	type pair struct {
		setup []map[string]any
		a, b  request
		// check asserts the final row holds each acknowledged step.
		check func(t *testing.T, final *core.Record, aOK, bOK bool)
	}
	apology := request{leader, func(d *core.Record) string {
		return fmt.Sprintf(`{"new_due_at":%q,"apology_reason":"Cần xác minh thêm"}`,
			d.GetDateTime("due_at").Time().AddDate(0, 0, 7).UTC().Format("2006-01-02 15:04:05.000Z"))
	}}
	fixed := func(body string) func(*core.Record) string { return func(*core.Record) string { return body } }
	pairs := map[string]pair{
		"return vs apology": {
			setup: []map[string]any{processing, {"status": "decided"}},
			a:     request{clerk, fixed(`{"status":"returned","returned_to":"Nguyễn Văn Nhận Thử"}`)},
			b:     apology,
			check: func(t *testing.T, final *core.Record, aOK, bOK bool) {
				if aOK {
					assert.Equal(t, "returned", final.GetString("status"))
					assert.Equal(t, "Nguyễn Văn Nhận Thử", final.GetString("returned_to"))
				}
				if bOK {
					assert.False(t, final.GetDateTime("new_due_at").IsZero())
					assert.False(t, final.GetDateTime("apology_at").IsZero())
				}
			},
		},
		"supplement vs stop": {
			setup: []map[string]any{processing},
			a: request{specialist, fixed(`{"status":"supplement_requested","note":"Thiếu bản sao",` +
				`"missing_items":[{"name":"Bản sao CCCD","kind":"copy","count":1}]}`)},
			b: request{leader, fixed(`{"status":"stopped","note":"Công dân đề nghị dừng"}`)},
			check: func(t *testing.T, final *core.Record, aOK, bOK bool) {
				if aOK {
					assert.Equal(t, 1, final.GetInt("supplement_count"))
				}
				if bOK {
					assert.Equal(t, "stopped", final.GetString("status"))
				}
			},
		},
		"two transfers": {
			a: request{clerk, fixed(fmt.Sprintf(`{"status":"processing","assignee":%q}`, spec.Id))},
			b: request{leader, fixed(fmt.Sprintf(`{"status":"processing","assignee":%q}`, spec2.Id))},
			check: func(t *testing.T, final *core.Record, aOK, bOK bool) {
				if aOK != bOK {
					want := spec.Id
					if bOK {
						want = spec2.Id
					}
					assert.Equal(t, want, final.GetString("assignee"))
				}
			},
		},
	}
	send := func(r request, d *core.Record) (int, string) {
		req, err := http.NewRequest(http.MethodPatch, srv.URL+"/api/collections/dossiers/records/"+d.Id, strings.NewReader(r.body(d)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		for k, v := range r.auth {
			req.Header.Set(k, v)
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	const rounds = 20
	for name, p := range pairs {
		t.Run(name, func(t *testing.T) {
			conflicts, outcomes := 0, map[string]int{}
			for range rounds {
				d := openDossier(t, app, p.setup...)
				before := len(eventsOf(t, app, d.Id))
				var codes [2]int
				var bodies [2]string
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i, r := range []request{p.a, p.b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						codes[i], bodies[i] = send(r, d)
					}()
				}
				close(start)
				wg.Wait()
				outcomes[fmt.Sprint(codes)]++

				ok := 0
				for i, c := range codes {
					switch c {
					case 200:
						ok++
					case 409:
						conflicts++
						assert.Contains(t, bodies[i], staleBody)
					case 400: // the step is illegal after the other one (a final status)
					default:
						t.Fatalf("unexpected %d: %s", c, bodies[i])
					}
				}
				require.NotZero(t, ok, "one of two conflicting steps goes through: %v %v", codes, bodies)

				final, err := app.FindRecordById("dossiers", d.Id)
				require.NoError(t, err)
				p.check(t, final, codes[0] == 200, codes[1] == 200)
				evs := eventsOf(t, app, d.Id)
				require.Len(t, evs, before+ok, "one event for each acknowledged step, none for a refused one")
				for i := 1; i < len(evs); i++ {
					require.Equal(t, evs[i-1].GetString("to_status"), evs[i].GetString("from_status"),
						"event %d records a transition from a status the dossier did not have", i)
				}
				require.Equal(t, final.GetString("status"), evs[len(evs)-1].GetString("to_status"))
			}
			t.Logf("%s: %d of %d rounds: the later step refused with 409; outcomes (first, second): %v", name, conflicts, rounds, outcomes)
		})
	}
}

// TestStepOnAChangedDossierIsRefused makes the race deterministic: another
// step is committed after PocketBase loaded the dossier for a request and
// before the request's write; the request gets the 409 and changes nothing.
// A client stating an old base with If-Match gets the same answer.
func TestStepOnAChangedDossierIsRefused(t *testing.T) {
	var id, updated string
	setup := func(t testing.TB) *tests.TestApp {
		app := testapp.New(t)
		d := openDossier(t.(*testing.T), app, map[string]any{"status": "processing", "assignee": testapp.Staff(t, app, access.Specialist).Id},
			map[string]any{"status": "decided"})
		id, updated = d.Id, d.GetDateTime("updated").String()
		return app
	}
	returnMeanwhile := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		app.OnRecordUpdateRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
			other, err := e.App.FindRecordById("dossiers", e.Record.Id)
			require.NoError(t, err)
			other.Set("status", "returned")
			other.Set("returned_to", "Nguyễn Văn Nhận Thử")
			require.NoError(t, dossier.SaveAs(e.App, other, dossier.Actor{Name: "Một cửa khác", Role: access.Receptionist}))
			return e.Next()
		})
	}
	unchangedAfterReturn := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		d, err := app.FindRecordById("dossiers", id)
		require.NoError(t, err)
		assert.Equal(t, "returned", d.GetString("status"), "the acknowledged return stays")
		assert.True(t, d.GetDateTime("new_due_at").IsZero(), "the stale apology wrote nothing")
		evs := eventsOf(t.(*testing.T), app, id)
		assert.Equal(t, "return", evs[len(evs)-1].GetString("action"), "no event for the refused step")
	}
	apologyBody := `{"new_due_at":"2099-01-05 10:00:00.000Z","apology_reason":"Cần xác minh thêm"}`
	scenarios := []tests.ApiScenario{
		{
			Name:   "a step based on a row changed meanwhile",
			Method: http.MethodPatch, URL: "/api/collections/dossiers/records/{id}", Body: strings.NewReader(apologyBody),
			ExpectedStatus:  409,
			ExpectedContent: []string{staleBody, `"status":{"code":"validation_motcua_changed"`},
			BeforeTestFunc:  returnMeanwhile,
			AfterTestFunc:   unchangedAfterReturn,
		},
		{
			Name:   "If-Match with an old base",
			Method: http.MethodPatch, URL: "/api/collections/dossiers/records/{id}", Body: strings.NewReader(apologyBody),
			Headers:         map[string]string{"If-Match": `"2020-01-01 00:00:00.000Z"`},
			ExpectedStatus:  409,
			ExpectedContent: []string{staleBody, `"updated":{"code":"validation_motcua_changed"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				d, err := app.FindRecordById("dossiers", id)
				require.NoError(t, err)
				assert.True(t, d.GetDateTime("new_due_at").IsZero(), "nothing written")
			},
		},
		{
			Name:   "If-Match with the current base",
			Method: http.MethodPatch, URL: "/api/collections/dossiers/records/{id}", Body: strings.NewReader(apologyBody),
			Headers:         map[string]string{"If-Match": "{updated}"},
			ExpectedStatus:  200,
			ExpectedContent: []string{`"apology_reason":"Cần xác minh thêm"`},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = func(t testing.TB) *tests.TestApp {
			app := setup(t)
			s.URL = strings.ReplaceAll(s.URL, "{id}", id)
			headers := testapp.Auth(t, app, access.Leader)
			if m := s.Headers["If-Match"]; m != "" {
				headers["If-Match"] = strings.ReplaceAll(m, "{updated}", updated)
			}
			s.Headers = headers
			return app
		}
		s.Test(t)
	}
}

// TestOtherStepsOnAChangedRecordAreRefused: the steps of a finding and of a
// citizen's feedback are checked the same way: a leader resolving a finding
// another leader acknowledged meanwhile, a clerk answering feedback another
// clerk answered meanwhile, get the 409, and the committed step stays.
func TestOtherStepsOnAChangedRecordAreRefused(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RunInspection(t, app, time.Now())
	var finding *core.Record
	for _, r := range testapp.OpenFindings(t, app) {
		finding = r
		break
	}
	require.NotNil(t, finding)
	col, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	fb := core.NewRecord(col)
	fb.Load(map[string]any{"tracking_code": "PA-261127-0902", "kind": "feedback", "name": "Nguyễn Văn Mẫu",
		"address": "Thôn Mẫu", "phone": "0900000112", "content": "Giấy hẹn ghi sai ngày.", "status": "new"})
	require.NoError(t, app.Save(fb))

	cases := []struct {
		collection, id, body string
		meanwhile            map[string]any
		field, kept          string
	}{
		{"findings", finding.Id, `{"status":"resolved","resolution_note":"Đã xử lý."}`,
			map[string]any{"status": "acknowledged"}, "status", "acknowledged"},
		{"feedback", fb.Id, `{"status":"resolved","answer":"Trả lời của người thứ hai."}`,
			map[string]any{"status": "resolved", "answer": "Trả lời của người thứ nhất."}, "answer", "Trả lời của người thứ nhất."},
	}
	for _, c := range cases {
		once := true
		app.OnRecordUpdateRequest(c.collection).BindFunc(func(e *core.RecordRequestEvent) error {
			if once {
				once = false
				other, err := e.App.FindRecordById(c.collection, e.Record.Id)
				require.NoError(t, err)
				for k, v := range c.meanwhile {
					other.Set(k, v)
				}
				require.NoError(t, e.App.Save(other))
			}
			return e.Next()
		})
		res := testapp.Do(t, app, testapp.Auth(t, app, access.Leader), http.MethodPatch,
			"/api/collections/"+c.collection+"/records/"+c.id, c.body)
		assert.Equal(t, 409, res.Code, c.collection)
		assert.Contains(t, res.Body.String(), staleBody, c.collection)
		rec, err := app.FindRecordById(c.collection, c.id)
		require.NoError(t, err)
		assert.Equal(t, c.kept, rec.GetString(c.field), "%s: the committed step stays", c.collection)
	}
}
