package dossier_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/hooks/inspect"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
	"motcua/testapp"
)

// TestEveryTransitionByEveryRole drives each legal step through the API as
// each role: the roles the law gives the step get 200, the others a 400 that
// names the field (or the guard's 403 for the read-only inspector).
func TestEveryTransitionByEveryRole(t *testing.T) {
	type transition struct {
		from    string
		body    func(app core.App) string
		allowed []string
		action  lifecycle.Action
		to      string // the status after the step
	}
	leaderID := func(app core.App) string { return testapp.Staff(t, app, access.Leader).Id }
	specID := func(app core.App) string { return testapp.Staff(t, app, access.Specialist).Id }
	transitions := map[string]transition{
		"transfer": {"received", func(app core.App) string {
			return fmt.Sprintf(`{"status":"processing","assignee":%q}`, specID(app))
		}, []string{"admin", "receptionist", "leader"}, lifecycle.Transfer, "processing"},
		"request supplement": {"processing", func(core.App) string {
			return `{"status":"supplement_requested","note":"Thiếu bản sao","missing_items":[{"name":"Bản sao CCCD","kind":"copy","count":1}]}`
		}, []string{"admin", "receptionist", "specialist"}, lifecycle.RequestSupplement, "supplement_requested"},
		"supplement received": {"supplement_requested", func(core.App) string { return `{"status":"processing"}` }, []string{"admin", "receptionist"},
			lifecycle.SupplementReceived, "processing"},
		"request payment": {"processing", func(core.App) string { return `{"status":"payment_requested","note":"Lệ phí 15.000 đ"}` },
			[]string{"admin", "receptionist", "specialist"}, lifecycle.RequestPayment, "payment_requested"},
		"paid": {"payment_requested", func(core.App) string { return `{"status":"processing"}` }, []string{"admin", "receptionist"},
			lifecycle.Paid, "processing"},
		"submit for decision": {"processing", func(app core.App) string {
			return fmt.Sprintf(`{"assignee":%q}`, leaderID(app))
		}, []string{"admin", "receptionist", "specialist", "leader"}, lifecycle.SubmitForDecision, "processing"},
		"decide": {"processing", func(core.App) string { return `{"status":"decided"}` }, []string{"admin", "leader"}, lifecycle.Decide, "decided"},
		"return": {"decided", func(core.App) string { return `{"status":"returned","returned_to":"Nguyễn Văn Kiểm Thử"}` }, []string{"admin", "receptionist"},
			lifecycle.Return, "returned"},
		"stop": {"processing", func(core.App) string { return `{"status":"stopped","note":"Công dân không bổ sung"}` }, []string{"admin", "leader"},
			lifecycle.Stop, "stopped"},
		"withdraw": {"processing", func(core.App) string { return `{"status":"withdrawal_requested","note":"Đơn xin rút"}` }, []string{"admin", "receptionist"},
			lifecycle.RequestWithdrawal, "withdrawal_requested"},
		"apology": {"processing", func(core.App) string {
			return fmt.Sprintf(`{"new_due_at":%q,"apology_reason":"Cần xác minh thêm"}`, time.Now().AddDate(0, 1, 0).UTC().Format("2006-01-02 15:04:05.000Z"))
		}, []string{"admin", "leader"}, lifecycle.Apologize, "processing"},
	}
	for name, tr := range transitions {
		for _, role := range access.Roles {
			// The exact answer: the dossier in its new status; the rule's
			// refusal naming the step; the guard's refusal of any change.
			want, content := 400, []string{`"status":{"code":"validation_motcua_status","message":"Vai trò của bạn không được thực hiện bước \"` + tr.action.Label() + `\"."}`}
			if role == access.Inspector {
				want, content = 403, []string{`"message":"` + access.RoleLabel(role) + ` không có quyền sửa dữ liệu \"dossiers\"."`}
			}
			for _, r := range tr.allowed {
				if r == role {
					want, content = 200, []string{`"status":"` + tr.to + `"`}
				}
			}
			// The chain: an accepted step is the dossier's update and one
			// event created in its transaction; a refused one creates
			// nothing; the guard's refusal fires no hook at all.
			events := map[int]map[string]int{200: testapp.StepEvents(), 400: testapp.RefusedStepEvents(), 403: testapp.NoEvents}[want]
			var id string
			var eventsBefore int
			var auditBefore int64
			s := &tests.ApiScenario{
				Name:            name + "/" + role,
				Method:          http.MethodPatch,
				ExpectedStatus:  want,
				ExpectedContent: content,
				ExpectedEvents:  events,
			}
			s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
				app := testapp.New(tb)
				d := testapp.DossierIn(tb, app, tr.from)
				if tr.from == "processing" && name == "apology" {
					// due far enough for the apology to come in time
					_, err := app.DB().NewQuery("UPDATE dossiers SET due_at = {:d} WHERE id = {:id}").
						Bind(map[string]any{"d": time.Now().AddDate(0, 0, 14).UTC().Format("2006-01-02 15:04:05.000Z"), "id": d.Id}).Execute()
					require.NoError(tb, err)
				}
				id = d.Id
				evs, err := app.FindAllRecords("dossier_events", dbxDossier(id))
				require.NoError(tb, err)
				eventsBefore, auditBefore = len(evs), testapp.AuditCount(tb, app)
				s.URL = "/api/collections/dossiers/records/" + id
				s.Body = strings.NewReader(tr.body(app))
				s.Headers = testapp.Auth(tb, app, role)
				return app
			}
			s.AfterTestFunc = func(tb testing.TB, app *tests.TestApp, res *http.Response) {
				evs, err := app.FindAllRecords("dossier_events", dbxDossier(id))
				require.NoError(tb, err)
				if want != 200 {
					assert.Len(tb, evs, eventsBefore, "a refused step writes no event")
					assert.Equal(tb, auditBefore, testapp.AuditCount(tb, app), "a refused step writes no audit entry")
					return
				}
				require.Len(tb, evs, eventsBefore+1, "a step writes one event")
				// Its audit entries, in the same transaction: the dossier's
				// update, then the event's create, both under the caller.
				entries := testapp.AuditEntries(tb, app, fmt.Sprintf("seq > %d", auditBefore))
				require.Len(tb, entries, 2, "one audit entry for the dossier, one for its event")
				assert.Equal(tb, []string{"dossiers", "update", id}, []string{entries[0].Collection, entries[0].Action, entries[0].RecordID})
				assert.Equal(tb, []string{"dossier_events", "create"}, []string{entries[1].Collection, entries[1].Action})
				ev, err := app.FindRecordById("dossier_events", entries[1].RecordID)
				require.NoError(tb, err, "the entry names the new event")
				assert.Equal(tb, id, ev.GetString("dossier"))
				for _, e := range entries {
					assert.Equal(tb, role, e.ActorRole, "the entry names the caller's role")
				}
			}
			s.Test(t)
		}
	}
}

func TestSpecialistWorksOnlyOnAssignedDossiers(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := testapp.DossierIn(t, app, "processing")
	other := testapp.Staff(t, app, access.Leader) // reassign away from the specialist
	testapp.Step(t, app, d, time.Time{}, map[string]any{"assignee": other.Id})
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Specialist), http.MethodPatch,
		"/api/collections/dossiers/records/"+d.Id, `{"status":"payment_requested","note":"x"}`)
	assert.Equal(t, 400, res.Code)
	assert.Contains(t, res.Body.String(), "không được giao cho bạn")
}

func TestReceiveThroughTheAPI(t *testing.T) {
	s := &tests.ApiScenario{
		Name:   "the receptionist receives a dossier",
		Method: http.MethodPost, URL: "/api/collections/dossiers/records",
		ExpectedStatus:  200,
		ExpectedContent: []string{`"status":"received"`, `"applicant_name":"Trần Thị Mẫu"`},
		// The dossier and its first event in one transaction, nothing else.
		ExpectedEvents: testapp.IntakeEvents(),
	}
	var auditBefore int64
	s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
		app := testapp.New(tb)
		s.Body = strings.NewReader(fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","applicant_phone":"0900111222","channel":"in_person"}`,
			testapp.ProcedureID(tb, app, "1.004873")))
		s.Headers = testapp.Auth(tb, app, access.Receptionist)
		auditBefore = testapp.AuditCount(tb, app)
		return app
	}
	s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
		var out map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
		assert.Regexp(t, regexp.MustCompile(`^H15\.50\.05\.13-\d{6}-\d{4}$`), out["code"])
		assert.Equal(t, "received", out["status"])
		assert.NotEmpty(t, out["due_at"])
		clerk := testapp.Staff(t, app, access.Receptionist).Id
		assert.Equal(t, clerk, out["received_by"])

		evs, err := app.FindAllRecords("dossier_events", dbxDossier(out["id"].(string)))
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, "receive", evs[0].GetString("action"))
		assert.Equal(t, clerk, evs[0].GetString("actor"))

		// Their audit entries, in the same transaction, under the clerk.
		entries := testapp.AuditEntries(t, app, fmt.Sprintf("seq > %d", auditBefore))
		require.Len(t, entries, 2)
		assert.Equal(t, []string{"dossiers", "create", out["id"].(string)}, []string{entries[0].Collection, entries[0].Action, entries[0].RecordID})
		assert.Equal(t, []string{"dossier_events", "create", evs[0].Id}, []string{entries[1].Collection, entries[1].Action, entries[1].RecordID})
		for _, e := range entries {
			assert.Equal(t, clerk, e.ActorID)
		}
	}
	s.Test(t)
}

func TestLastCodeOfTheDayIsRefusedClearly(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Mẫu","channel":"in_person"}`, testapp.ProcedureID(t, app, "1.004873"))
	res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body)
	require.Equal(t, 200, res.Code, res.Body.String())
	var first struct{ Code string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &first))
	last := first.Code[:len(first.Code)-4] + "9999"
	_, err := app.DB().NewQuery("INSERT INTO dossiers (id, code) VALUES ('zzzzzzzzzzzz999', {:code})").
		Bind(map[string]any{"code": last}).Execute()
	require.NoError(t, err)

	var before int
	require.NoError(t, app.DB().NewQuery("SELECT COUNT(*) FROM dossiers").Row(&before))
	res = testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body)
	assert.Equal(t, 400, res.Code)
	assert.Contains(t, res.Body.String(), "Đã hết số thứ tự hồ sơ của ngày "+time.Now().In(calendar.Location).Format("02/01/2006"))
	var after int
	require.NoError(t, app.DB().NewQuery("SELECT COUNT(*) FROM dossiers").Row(&after))
	assert.Equal(t, before, after, "nothing written")
}

func TestBadInputNamesTheField(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	proc := testapp.ProcedureID(t, app, "1.004873")
	cases := []struct {
		name, body, field string
	}{
		{"no procedure", `{"applicant_name":"A","channel":"in_person"}`, "procedure"},
		{"no applicant", fmt.Sprintf(`{"procedure":%q,"channel":"in_person"}`, proc), "applicant_name"},
		{"refusal without reason", fmt.Sprintf(`{"procedure":%q,"applicant_name":"A","status":"refused"}`, proc), "note"},
		{"future receipt", fmt.Sprintf(`{"procedure":%q,"applicant_name":"A","received_at":"2099-01-01 00:00:00.000Z"}`, proc), "received_at"},
		{"computed code", fmt.Sprintf(`{"procedure":%q,"applicant_name":"A","code":"X-1"}`, proc), ""},
		{"born decided", fmt.Sprintf(`{"procedure":%q,"applicant_name":"A","status":"decided"}`, proc), "status"},
	}
	var before int
	require.NoError(t, app.DB().NewQuery("SELECT count(*) FROM dossiers").Row(&before))
	for _, c := range cases {
		res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", c.body)
		assert.Equal(t, 400, res.Code, c.name)
		if c.field != "" {
			var out struct {
				Message string                    `json:"message"`
				Data    map[string]map[string]any `json:"data"`
			}
			require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out), c.name)
			assert.Contains(t, out.Data, c.field, "%s: %s", c.name, res.Body.String())
		}
	}
	var after int
	require.NoError(t, app.DB().NewQuery("SELECT count(*) FROM dossiers").Row(&after))
	assert.Equal(t, before, after, "no half-written dossier")
}

func TestFinalDossiersDoNotChange(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Auth(t, app, access.Admin)
	for _, status := range []string{"returned", "stopped"} {
		d := testapp.DossierIn(t, app, status)
		res := testapp.Do(t, app, admin, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id, `{"status":"processing"}`)
		assert.Equal(t, 400, res.Code, status)
		assert.Contains(t, res.Body.String(), "đã kết thúc")
	}
	d := testapp.DossierIn(t, app, "returned")
	res := testapp.Do(t, app, admin, http.MethodDelete, "/api/collections/dossiers/records/"+d.Id, "")
	assert.Equal(t, 400, res.Code, "a dossier is never deleted")
}

func TestSupplementPausesAndResumesTheClock(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	spec := testapp.Staff(t, app, access.Specialist)
	// 3 working days from Mon 9 Mar 2026 10:00: due Thu 12 Mar 17:00.
	d := testapp.NewDossier(t, app, "1.004873", time.Date(2026, 3, 9, 10, 0, 0, 0, loc))
	require.Equal(t, time.Date(2026, 3, 12, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
	testapp.Step(t, app, d, time.Date(2026, 3, 9, 11, 0, 0, 0, loc), map[string]any{"status": "processing", "assignee": spec.Id})
	// Paused on Tue 10 Mar 17:00 with 2 full working days left (Wed, Thu).
	testapp.Step(t, app, d, time.Date(2026, 3, 10, 17, 0, 0, 0, loc), map[string]any{
		"status": "supplement_requested", "note": "Thiếu tờ khai", "missing_items": []string{"Tờ khai"}})
	assert.Equal(t, 1, d.GetInt("supplement_count"))
	// Supplement arrives Mon 16 Mar 07:00: two working days remain: due Tue 17 Mar 17:00.
	testapp.Step(t, app, d, time.Date(2026, 3, 16, 7, 0, 0, 0, loc), map[string]any{"status": "processing"})
	assert.Equal(t, time.Date(2026, 3, 17, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
	assert.Equal(t, time.Date(2026, 3, 12, 17, 0, 0, 0, loc), d.GetDateTime("original_due_at").Time().In(loc))
	// Decided on Tue 17 Mar: on time, because the wait does not count.
	testapp.Step(t, app, d, time.Date(2026, 3, 17, 9, 0, 0, 0, loc), map[string]any{"status": "decided"})
	assert.Equal(t, "on_time", d.GetString("result_class"))
}

func TestTwoSupplementRequestsAreLate(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	spec := testapp.Staff(t, app, access.Specialist)
	d := testapp.NewDossier(t, app, "1.004884", time.Date(2026, 3, 2, 8, 0, 0, 0, loc)) // 5 working days
	testapp.Step(t, app, d, time.Date(2026, 3, 2, 9, 0, 0, 0, loc), map[string]any{"status": "processing", "assignee": spec.Id})
	for i, day := range []int{3, 4} {
		testapp.Step(t, app, d, time.Date(2026, 3, day, 8, 0, 0, 0, loc), map[string]any{"status": "supplement_requested", "note": fmt.Sprint("Thiếu giấy tờ, lần ", i+1), "missing_items": []string{fmt.Sprint("x", i)}})
		testapp.Step(t, app, d, time.Date(2026, 3, day, 9, 0, 0, 0, loc), map[string]any{"status": "processing"})
	}
	testapp.Step(t, app, d, time.Date(2026, 3, 4, 10, 0, 0, 0, loc), map[string]any{"status": "decided"})
	assert.Equal(t, "late", d.GetString("result_class"), "more than one supplement request counts as late")
}

func TestApologyOnceAndInTime(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	leader := testapp.Staff(t, app, access.Leader)
	spec := testapp.Staff(t, app, access.Specialist)
	d := testapp.NewDossier(t, app, "1.011607", time.Date(2026, 10, 1, 9, 0, 0, 0, loc)) // 15 working days
	testapp.Step(t, app, d, time.Date(2026, 10, 1, 10, 0, 0, 0, loc), map[string]any{"status": "processing", "assignee": spec.Id})
	due := d.GetDateTime("due_at").Time()
	apologize := func(at time.Time, newDue time.Time) error {
		d.Set("new_due_at", newDue)
		d.Set("apology_reason", "Cần xác minh thêm")
		return dossier.SaveAs(app, d, dossier.Actor{ID: leader.Id, Name: "Lãnh đạo", Role: access.Leader, At: at})
	}
	// A new date before the deadline is no new date.
	err := apologize(due.AddDate(0, 0, -3), due.Add(-time.Hour))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Ngày hẹn mới phải sau hạn trả kết quả hiện tại")
	d, _ = app.FindRecordById("dossiers", d.Id)
	// Two working days before: accepted.
	require.NoError(t, apologize(due.AddDate(0, 0, -3), due.AddDate(0, 0, 7)))
	assert.False(t, d.GetDateTime("apology_at").IsZero())
	assert.True(t, d.GetDateTime("due_at").Time().Equal(due), "the original deadline stays for statistics")
	// Once only.
	err = apologize(due.AddDate(0, 0, -2), due.AddDate(0, 0, 9))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "một lần")
	d, _ = app.FindRecordById("dossiers", d.Id)
	// Ending after the due date is late, apology or not.
	testapp.Step(t, app, d, due.AddDate(0, 0, 6), map[string]any{"status": "decided"})
	assert.Equal(t, "late", d.GetString("result_class"))
}

func TestPaperDateInThePast(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	received := time.Date(2026, 11, 20, 9, 0, 0, 0, loc)
	entered := time.Date(2026, 11, 26, 9, 0, 0, 0, loc)
	col, _ := app.FindCollectionByNameOrId("dossiers")
	d := core.NewRecord(col)
	d.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, "1.004873"), "applicant_name": "Lê Văn Mẫu", "received_at": received})
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{Name: "x", At: entered}))
	assert.Regexp(t, `-261120-\d{4}$`, d.GetString("code"), "the code carries the receipt date")
	// 3 working days from Fri 20 Nov: Mon 23, Tue 24 (Ngày Văn hóa Việt Nam is only
	// proposed, not a day off), Wed 25.
	assert.Equal(t, time.Date(2026, 11, 25, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
	ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d}", map[string]any{"d": d.Id})
	require.NoError(t, err)
	assert.True(t, ev.GetDateTime("at").Time().Equal(entered), "the event says when it was entered")
}

func TestSameDayProcedureAfterCutoff(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	before := testapp.NewDossier(t, app, "2.000815", time.Date(2026, 4, 24, 14, 0, 0, 0, loc))
	after := testapp.NewDossier(t, app, "2.000815", time.Date(2026, 4, 24, 15, 30, 0, 0, loc))
	assert.Equal(t, time.Date(2026, 4, 24, 17, 0, 0, 0, loc), before.GetDateTime("due_at").Time().In(loc))
	// After 15:00 on Friday 24 April: the weekend, Giỗ Tổ and its substitute Monday are skipped.
	assert.Equal(t, time.Date(2026, 4, 28, 17, 0, 0, 0, loc), after.GetDateTime("due_at").Time().In(loc))
}

// TestConcurrentCodesHaveNoDuplicateOrGap creates 50 dossiers at once.
func TestConcurrentCodesHaveNoDuplicateOrGap(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	at := time.Date(2026, 10, 11, 9, 0, 0, 0, calendar.Location) // a Sunday: no demo dossier that day
	proc := testapp.ProcedureID(t, app, "2.000815")
	col, _ := app.FindCollectionByNameOrId("dossiers")
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d := core.NewRecord(col)
			d.Load(map[string]any{"procedure": proc, "applicant_name": fmt.Sprint("Mẫu ", i), "received_at": at})
			errs <- dossier.SaveAs(app, d, dossier.Actor{Name: "x", At: at.Add(time.Duration(i) * time.Second)})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var codes []string
	require.NoError(t, app.DB().NewQuery("SELECT code FROM dossiers WHERE code LIKE '%-261011-%' ORDER BY code").Column(&codes))
	require.Len(t, codes, 50)
	for i, c := range codes {
		assert.Equal(t, fmt.Sprintf("H15.50.05.13-261011-%04d", i+1), c)
	}
}

func TestHolidayChangeReprojectsOpenDossiers(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	d := testapp.NewDossier(t, app, "1.004873", time.Date(2026, 12, 7, 9, 0, 0, 0, loc)) // Mon: due Thu 10 Dec
	require.Equal(t, time.Date(2026, 12, 10, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
	col, _ := app.FindCollectionByNameOrId("holidays")
	h := core.NewRecord(col)
	h.Load(map[string]any{"date": "2026-12-09", "kind": "holiday", "name": "Ngày nghỉ kiểm thử", "official": true})
	require.NoError(t, app.Save(h))
	d, _ = app.FindRecordById("dossiers", d.Id)
	assert.Equal(t, time.Date(2026, 12, 11, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
	ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d} && action = 'reproject'", map[string]any{"d": d.Id})
	require.NoError(t, err)
	assert.Contains(t, ev.GetString("note"), "2026-12-09")
	// And back when the day off is removed.
	require.NoError(t, app.Delete(h))
	d, _ = app.FindRecordById("dossiers", d.Id)
	assert.Equal(t, time.Date(2026, 12, 10, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
}

func TestEventsCannotBeWrittenOrChangedByHand(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	ev, err := app.FindFirstRecordByFilter("dossier_events", "id != ''")
	require.NoError(t, err)
	admin := testapp.Auth(t, app, access.Admin)
	assert.Equal(t, 403, testapp.Do(t, app, admin, http.MethodPost, "/api/collections/dossier_events/records", `{"dossier":"x","at":"2026-01-01","action":"decide"}`).Code)
	assert.Equal(t, 400, testapp.Do(t, app, admin, http.MethodPatch, "/api/collections/dossier_events/records/"+ev.Id, `{"note":"x"}`).Code)
	assert.Equal(t, 400, testapp.Do(t, app, admin, http.MethodDelete, "/api/collections/dossier_events/records/"+ev.Id, "").Code)
}

func TestDeadlineExplainsItself(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	d := testapp.NewDossier(t, app, "1.004873", time.Date(2026, 2, 13, 10, 0, 0, 0, loc))
	text := d.GetString("due_explanation")
	assert.Contains(t, text, "Tết Nguyên đán")
	assert.Contains(t, text, "16/02/2026")
	assert.Contains(t, text, "25/02/2026")
}

// TestReasonIsWrittenForTheStep: a stop needs its own reason, not the note
// left by the supplement request before it.
func TestReasonIsWrittenForTheStep(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := testapp.DossierIn(t, app, "supplement_requested")
	require.NotEmpty(t, d.GetString("note"))
	leader := testapp.Auth(t, app, access.Leader)
	res := testapp.Do(t, app, leader, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id, `{"status":"stopped"}`)
	assert.Equal(t, 400, res.Code)
	assert.Contains(t, res.Body.String(), `"note"`)
	res = testapp.Do(t, app, leader, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id, `{"status":"stopped","note":"Quá hạn bổ sung"}`)
	assert.Equal(t, 200, res.Code, res.Body.String())
}

func TestComputedFieldsAndProcedureAreNotEditable(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	d := testapp.DossierIn(t, app, "processing")
	admin := testapp.Auth(t, app, access.Admin)
	url := "/api/collections/dossiers/records/" + d.Id
	for _, body := range []string{
		`{"due_at":"2030-01-01 10:00:00.000Z"}`,
		`{"code":"X-1"}`,
		`{"result_class":"early"}`,
		`{"received_at":"2026-01-01 10:00:00.000Z"}`,
		fmt.Sprintf(`{"procedure":%q}`, testapp.ProcedureID(t, app, "2.000815")),
	} {
		res := testapp.Do(t, app, admin, http.MethodPatch, url, body)
		assert.Equal(t, 400, res.Code, body)
	}
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodPatch, url, `{"applicant_phone":"0900123456"}`)
	assert.Equal(t, 200, res.Code, "correcting the applicant's details is an ordinary edit: %s", res.Body.String())
	ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d} && action = 'edit'", map[string]any{"d": d.Id})
	require.NoError(t, err)
	assert.Contains(t, ev.GetString("note"), "applicant_phone")
}

// New dossiers and events get ids that sort by time, so that they go to the
// end of the indexes on id (BENCHMARKS.md); an id given by the client stays.
func TestDossierAndEventIdsFollowTime(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	proc := testapp.ProcedureID(t, app, "1.004873")
	idTime := func(id string) time.Time {
		require.Regexp(t, `^[a-z0-9]{15}$`, id)
		us, err := strconv.ParseInt(id[:10], 36, 64)
		require.NoError(t, err, id)
		return time.UnixMicro(us)
	}
	var ids []string
	for i := 0; i < 3; i++ {
		res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records",
			fmt.Sprintf(`{"procedure":%q,"applicant_name":"Người Thử %d","channel":"in_person"}`, proc, i))
		require.Equal(t, http.StatusOK, res.Code, res.Body.String())
		var out struct{ ID string }
		require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
		assert.WithinDuration(t, time.Now(), idTime(out.ID), 10*time.Second)
		ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d}", map[string]any{"d": out.ID})
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now(), idTime(ev.Id), 10*time.Second)
		assert.Greater(t, ev.Id, out.ID, "the event is made after its dossier")
		ids = append(ids, out.ID)
	}
	assert.True(t, slices.IsSorted(ids), "%v", ids)

	res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records",
		fmt.Sprintf(`{"id":"khachchondinh99","procedure":%q,"applicant_name":"Người Thử","channel":"in_person"}`, proc))
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"id":"khachchondinh99"`)
}

// TestPauseNeverMovesAPassedDeadline: a supplement asked for after the
// deadline gives back no time (Decree 118/2025 Art. 19: only the time not yet
// run out resumes); the dossier stays late.
func TestPauseNeverMovesAPassedDeadline(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	spec := testapp.Staff(t, app, access.Specialist)
	// 3 working days from Mon 9 Mar 2026 10:00: due Thu 12 Mar 17:00.
	d := testapp.NewDossier(t, app, "1.004873", time.Date(2026, 3, 9, 10, 0, 0, 0, loc))
	due := time.Date(2026, 3, 12, 17, 0, 0, 0, loc)
	testapp.Step(t, app, d, time.Date(2026, 3, 9, 11, 0, 0, 0, loc), map[string]any{"status": "processing", "assignee": spec.Id})
	// Asked for a supplement on Mon 16 Mar, two working days after the deadline.
	testapp.Step(t, app, d, time.Date(2026, 3, 16, 9, 0, 0, 0, loc), map[string]any{
		"status": "supplement_requested", "note": "Thiếu tờ khai", "missing_items": []string{"Tờ khai"}})
	testapp.Step(t, app, d, time.Date(2026, 3, 18, 9, 0, 0, 0, loc), map[string]any{"status": "processing"})
	assert.Equal(t, due, d.GetDateTime("due_at").Time().In(loc), "a passed deadline stays passed")
	assert.Contains(t, d.GetString("due_explanation"), "đã quá hạn trước khi yêu cầu bổ sung")
	testapp.Step(t, app, d, time.Date(2026, 3, 18, 10, 0, 0, 0, loc), map[string]any{"status": "decided"})
	assert.Equal(t, "late", d.GetString("result_class"))
}

// TestLateApologyIsRecordedAndFlagged: once a dossier is overdue the apology
// (form 04) is still owed, so a leader may record it after the deadline; the
// event says it came too late, the self-inspection flags apology_too_late
// instead of overdue_no_apology, and the dossier stays late.
func TestLateApologyIsRecordedAndFlagged(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	leader := testapp.Staff(t, app, access.Leader)
	spec := testapp.Staff(t, app, access.Specialist)
	received := now.AddDate(0, 0, -14)
	d := testapp.NewDossier(t, app, "1.004873", received) // 3 working days: overdue now
	testapp.Step(t, app, d, received.Add(time.Minute), map[string]any{"status": "processing", "assignee": spec.Id})
	due := d.GetDateTime("due_at").Time()
	require.True(t, due.Before(now))
	d.Set("new_due_at", now.AddDate(0, 0, 3))
	d.Set("apology_reason", "Chờ kết quả xác minh của cơ quan khác.")
	require.NoError(t, dossier.SaveAs(app, d, dossier.Actor{ID: leader.Id, Name: "Lê Lãnh Đạo Mẫu", Role: access.Leader, At: now}))
	ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d} && action = 'apologize'", map[string]any{"d": d.Id})
	require.NoError(t, err)
	assert.Contains(t, ev.GetString("data"), `"too_late":true`)

	rep, err := inspect.Run(app, inspect.Options{Now: now})
	require.NoError(t, err)
	rules := map[string]bool{}
	for _, f := range rep.Findings {
		if f.SubjectID == d.Id {
			rules[f.Rule] = true
		}
	}
	assert.True(t, rules["apology_too_late"], "the late apology is flagged")
	assert.False(t, rules["overdue_no_apology"], "the apology was made")

	testapp.Step(t, app, d, now.Add(time.Hour), map[string]any{"status": "decided"})
	assert.Equal(t, "late", d.GetString("result_class"), "an apology does not make a dossier on time")
}

// TestRefusedAtIntakeWasNeverReceived: a dossier refused at the counter
// (form 03) keeps the office's dossier code, so that form 03 and the public
// page can cite it, but it has no deadline and no result class, and the
// indicators count it as a refusal only: not received, not ended.
func TestRefusedAtIntakeWasNeverReceived(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	now := time.Now()
	before, err := inspect.Run(app, inspect.Options{Now: now})
	require.NoError(t, err)
	body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Từ Chối","channel":"in_person","status":"refused","note":"Không thuộc thẩm quyền của xã."}`,
		testapp.ProcedureID(t, app, "1.004873"))
	res := testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodPost, "/api/collections/dossiers/records", body)
	require.Equal(t, 200, res.Code, res.Body.String())
	var out map[string]any
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	assert.Regexp(t, regexp.MustCompile(`^H15\.50\.05\.13-\d{6}-\d{4}$`), out["code"])
	assert.Equal(t, "", out["due_at"])
	assert.Equal(t, "", out["received_at"])
	assert.Equal(t, "", out["result_class"])
	assert.NotEmpty(t, out["ended_at"])

	after, err := inspect.Run(app, inspect.Options{Now: now.Add(time.Minute)})
	require.NoError(t, err)
	b, a := before.Indicators.Totals.Counts, after.Indicators.Totals.Counts
	assert.Equal(t, b.Refused+1, a.Refused)
	assert.Equal(t, b.Received, a.Received, "not received")
	assert.Equal(t, b.Ended, a.Ended, "not ended")
	assert.Equal(t, b.Early, a.Early, "not an early success")
}

// TestIntakeCheckComesBeforeReceipt: an incomplete dossier is guided once in
// writing (form 02) before it is received, at the counter or after an online
// registration; it has no deadline until it is received as complete, and its
// time limit runs from that receipt.
func TestIntakeCheckComesBeforeReceipt(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	loc := calendar.Location
	clerk := testapp.Staff(t, app, access.Receptionist)
	as := func(at time.Time) dossier.Actor {
		return dossier.Actor{ID: clerk.Id, Name: "Văn Thư Mẫu", Role: access.Receptionist, At: at}
	}
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	for _, start := range []string{"supplement_requested", "submitted"} {
		registered := time.Date(2026, 3, 2, 9, 0, 0, 0, loc) // Mon
		d := core.NewRecord(col)
		d.Load(map[string]any{"procedure": testapp.ProcedureID(t, app, "1.004873"), "applicant_name": "Lê Văn Bổ Sung",
			"channel": "online", "status": start, "note": "Thiếu tờ khai", "missing_items": []string{"Tờ khai"}})
		require.NoError(t, dossier.SaveAs(app, d, as(registered)), start)
		if start == "submitted" {
			assert.True(t, d.GetDateTime("due_at").IsZero(), "registered online: no time limit runs")
			d.Set("status", "supplement_requested")
			d.Set("note", "Thiếu tờ khai, hướng dẫn một lần")
			require.NoError(t, dossier.SaveAs(app, d, as(registered.Add(time.Hour))))
		}
		assert.True(t, d.GetDateTime("due_at").IsZero(), start)
		assert.True(t, d.GetDateTime("received_at").IsZero(), start)
		assert.Equal(t, 0, d.GetInt("supplement_count"), "the intake guidance is not a supplement request of the handling")
		assert.NotEmpty(t, d.GetString("code"))
		// Form 02 is printed; form 01 is not, before receipt.
		auth := testapp.Auth(t, app, access.Receptionist)
		res := testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/02/"+d.Id, "")
		assert.Equal(t, 200, res.Code, start)
		res = testapp.Do(t, app, auth, http.MethodGet, "/api/motcua/forms/01/"+d.Id, "")
		assert.Equal(t, 404, res.Code, start)
		assert.Contains(t, res.Body.String(), "chưa được tiếp nhận", start)
		// Not received: not handled yet.
		d.Set("status", "processing")
		err := dossier.SaveAs(app, d, as(registered.Add(2*time.Hour)))
		require.Error(t, err)
		d, _ = app.FindRecordById("dossiers", d.Id)
		// Completed on Wed 4 Mar 10:00: received now, 3 working days: due Mon 9 Mar 17:00.
		completed := time.Date(2026, 3, 4, 10, 0, 0, 0, loc)
		d.Set("status", "received")
		require.NoError(t, dossier.SaveAs(app, d, as(completed)))
		assert.Equal(t, completed, d.GetDateTime("received_at").Time().In(loc))
		assert.Equal(t, time.Date(2026, 3, 9, 17, 0, 0, 0, loc), d.GetDateTime("due_at").Time().In(loc))
		assert.Equal(t, clerk.Id, d.GetString("received_by"))
		ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d} && action = 'receive'", map[string]any{"d": d.Id})
		require.NoError(t, err, start)
		assert.True(t, ev.GetDateTime("at").Time().Equal(completed))
	}
}

// TestConditionalTimeLimitChosenAtIntake: marriage registration is "same day;
// up to 5 working days when verification is needed": the receiving clerk
// picks the alternative at intake; it is recorded, explained, printed on
// form 01, and cannot be changed afterwards.
func TestConditionalTimeLimitChosenAtIntake(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Auth(t, app, access.Receptionist)
	proc := testapp.ProcedureID(t, app, "1.000894")
	body := func(alt int) string {
		return fmt.Sprintf(`{"procedure":%q,"applicant_name":"Trần Thị Xác Minh","channel":"in_person","time_limit_alt":%d}`, proc, alt)
	}
	res := testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body(2))
	require.Equal(t, 400, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"time_limit_alt"`)
	assert.Contains(t, res.Body.String(), "Thời hạn thay thế phải từ 0 (thời hạn thông thường) đến 1.")

	res = testapp.Do(t, app, clerk, http.MethodPost, "/api/collections/dossiers/records", body(1))
	require.Equal(t, 200, res.Code, res.Body.String())
	var out map[string]any
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	d, err := app.FindRecordById("dossiers", out["id"].(string))
	require.NoError(t, err)
	cal, err := office.Calendar(app)
	require.NoError(t, err)
	received := d.GetDateTime("received_at").Time()
	want := cal.Due(received, 5).Due
	assert.True(t, d.GetDateTime("due_at").Time().Equal(want), "5 working days, not the same day: %v", d.GetDateTime("due_at").Time())
	assert.Contains(t, d.GetString("due_explanation"), `Áp dụng thời hạn có điều kiện "Trường hợp cần xác minh": 05 ngày làm việc`)

	res = testapp.Do(t, app, clerk, http.MethodGet, "/api/motcua/forms/01/"+d.Id, "")
	require.Equal(t, 200, res.Code)
	assert.Contains(t, res.Body.String(), "05 ngày làm việc (Trường hợp cần xác minh)")

	res = testapp.Do(t, app, clerk, http.MethodPatch, "/api/collections/dossiers/records/"+d.Id, `{"time_limit_alt":0}`)
	assert.Equal(t, 400, res.Code)
	assert.Contains(t, res.Body.String(), "Thời hạn giải quyết được chọn khi tiếp nhận, không đổi sau khi đã tiếp nhận.")
}
