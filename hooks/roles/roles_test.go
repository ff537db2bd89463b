package roles_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

// capability is one guarded thing a staff member might try through the API.
type capability struct {
	name   string
	method string
	url    string
	body   string
	admin  int // status for the admin
	other  int // status for every other role
	// what the body says, for the admin and for the others; a 403 of the
	// role guard needs nothing (see expectedBody)
	adminSays, otherSays []string
}

func TestRolesGuardSystemCapabilities(t *testing.T) {
	caps := []capability{
		{name: "settings read (limited roles get the display subset: security_test.go)", method: http.MethodGet, url: "/api/settings", admin: 200, other: 200,
			adminSays: []string{`"smtp":{`}, otherSays: []string{`"hideControls":true`}},
		{name: "settings write", method: http.MethodPatch, url: "/api/settings", body: `{"meta":{"appName":"x"}}`, admin: 200, other: 403,
			adminSays: []string{`"appName":"x"`}},
		{name: "backups list", method: http.MethodGet, url: "/api/backups", admin: 200, other: 403, adminSays: []string{`[]`}},
		{name: "backup create", method: http.MethodPost, url: "/api/backups", body: `{"name":"x.zip"}`, admin: 204, other: 403},
		{name: "backup restore", method: http.MethodPost, url: "/api/backups/x.zip/restore", admin: 400, other: 403,
			adminSays: []string{`"message":"Missing or invalid backup file."`}},
		{name: "logs", method: http.MethodGet, url: "/api/logs", admin: 200, other: 403, adminSays: []string{`"items":[`}},
		{name: "crons", method: http.MethodGet, url: "/api/crons", admin: 200, other: 403, adminSays: []string{`{"id":"motcua_inspect",`}},
		{name: "sql console (closed for everyone)", method: http.MethodPost, url: "/api/sql", body: `{"query":"select 1"}`, admin: 403, other: 403,
			adminSays: []string{`"message":"Bảng điều khiển SQL đã bị khóa cho mọi tài khoản, kể cả quản trị`},
			otherSays: []string{`"message":"Bảng điều khiển SQL đã bị khóa cho mọi tài khoản, kể cả quản trị`}},
		{name: "collection create", method: http.MethodPost, url: "/api/collections", body: `{"name":"hack","type":"base"}`, admin: 200, other: 403,
			adminSays: []string{`"name":"hack"`}},
		{name: "collection update", method: http.MethodPatch, url: "/api/collections/dossiers", body: `{"listRule":""}`, admin: 200, other: 403,
			adminSays: []string{`"listRule":"","viewRule":null`}},
		{name: "collection delete", method: http.MethodDelete, url: "/api/collections/feedback", admin: 400, other: 403,
			adminSays: []string{`"message":"Không được xóa bảng \"feedback\": dữ liệu phải lưu giữ."`}},
		{name: "collection truncate", method: http.MethodDelete, url: "/api/collections/feedback/truncate", admin: 400, other: 403,
			adminSays: []string{`"message":"Không được xóa dữ liệu của bảng \"feedback\": dữ liệu phải lưu giữ."`}},
		{name: "collection delete (not evidence)", method: http.MethodDelete, url: "/api/collections/holidays", admin: 204, other: 403},
		{name: "collections import", method: http.MethodPut, url: "/api/collections/import", body: `{"collections":[]}`, admin: 400, other: 403,
			adminSays: []string{`"collections":{"code":"validation_required"`}},
		{name: "collections read", method: http.MethodGet, url: "/api/collections?perPage=100", admin: 200, other: 200,
			adminSays: []string{`"name":"dossiers"`}, otherSays: []string{`"name":"dossiers"`}},
		{name: "health", method: http.MethodGet, url: "/api/health", admin: 200, other: 200,
			adminSays: []string{`"message":"API is healthy."`}, otherSays: []string{`"message":"API is healthy."`}},
		{name: "collections metadata (the admin UI reads it)", method: http.MethodGet, url: "/api/collections/meta/oauth2-providers", admin: 200, other: 200,
			adminSays: []string{`"name":"apple"`}, otherSays: []string{`"name":"apple"`}},
	}
	for _, c := range caps {
		for _, role := range access.Roles {
			want := c.other
			if role == access.Admin {
				want = c.admin
			}
			says := c.otherSays
			if role == access.Admin {
				says = c.adminSays
			}
			testapp.Scenario(t, c.name+"/"+role, role, c.method, c.url, c.body, want, says...)
		}
	}
}

// TestRolesGuardBatch: batch sub-requests skip path middleware, so the guard
// refuses the batch route itself to everyone but the admin, even when the
// admin has enabled batch requests.
func TestRolesGuardBatch(t *testing.T) {
	body := `{"requests":[{"method":"PATCH","url":"/api/collections/office/records/x","body":{"name":"x"}}]}`
	for _, role := range access.Roles {
		app := testapp.New(t)
		app.Settings().Batch.Enabled = true
		require.NoError(t, app.Save(app.Settings()))
		res := testapp.Do(t, app, testapp.Auth(t, app, role), http.MethodPost, "/api/batch", body)
		if role == access.Admin {
			require.NotEqual(t, http.StatusForbidden, res.Code, res.Body.String())
		} else {
			require.Equal(t, http.StatusForbidden, res.Code, role)
		}
		app.Cleanup()
	}
}

// TestRolesGuardImpersonation: nobody, the admin included (hooks/impersonate.go),
// may mint a token for another account, which would let a clerk become the admin.
func TestRolesGuardImpersonation(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)
	for _, role := range access.Roles {
		want := 403
		testapp.Scenario(t, "impersonate/"+role, role, http.MethodPost,
			"/api/collections/_superusers/impersonate/"+admin.Id, `{"duration":60}`, want,
			`"message":"Không ai được đăng nhập thay tài khoản của người khác (mạo danh), kể cả quản trị`)
	}
}

// TestRolesGuardRecords checks every role against the CRUD of every Motcua
// collection, following internal/access's table. Bodies are valid enough to
// pass the guard; rules beyond the guard may still refuse (400), which is not
// a 403.
func TestRolesGuardRecords(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	ids := map[string]string{}
	for _, name := range []string{"office", "sectors", "procedures", "holidays"} {
		if rec, err := app.FindFirstRecordByFilter(name, "id != ''"); err == nil {
			ids[name] = rec.Id
		}
	}
	for _, coll := range []string{"office", "sectors", "procedures", "dossiers", "dossier_events", "holidays", "feedback", "audit_log", "findings"} {
		for _, role := range access.Roles {
			for _, act := range access.Actions {
				if role == access.Admin && systemWritten(coll, act) {
					continue // written by the rules only, even for the admin: see their own tests
				}
				var method, url string
				id := ids[coll]
				if id == "" {
					id = "missingid000000"
				}
				switch act {
				case access.Read:
					method, url = http.MethodGet, "/api/collections/"+coll+"/records?perPage=1"
				case access.Create:
					method, url = http.MethodPost, "/api/collections/"+coll+"/records"
				case access.Update:
					method, url = http.MethodPatch, "/api/collections/"+coll+"/records/"+id
				case access.Delete:
					method, url = http.MethodDelete, "/api/collections/"+coll+"/records/"+id
				}
				name := fmt.Sprintf("%s/%s/%s", coll, role, act)
				if access.Can(role, coll, act) {
					notForbidden(t, name, role, method, url)
				} else {
					testapp.Scenario(t, name, role, method, url, `{}`, 403)
				}
			}
		}
	}
}

// systemWritten reports whether only Motcua's own rules write a collection
// this way: the audit log and the process-control sheet entirely, findings
// on creation (the self-inspection makes them).
func systemWritten(coll string, act access.Action) bool {
	switch coll {
	case "audit_log", "dossier_events":
		return act != access.Read
	case "findings":
		return act == access.Create
	}
	return false
}

func TestGuestsReadOnlyThePublicCollections(t *testing.T) {
	for _, coll := range []string{"office", "sectors", "procedures", "holidays"} {
		testapp.Scenario(t, "guest reads "+coll, "", http.MethodGet, "/api/collections/"+coll+"/records", "", 200, `"items":[{`)
	}
	for _, coll := range []string{"dossiers", "dossier_events", "feedback", "audit_log", "findings", "_superusers"} {
		// PocketBase answers 403 for a list whose rule is superusers-only.
		testapp.Scenario(t, "guest cannot read "+coll, "", http.MethodGet, "/api/collections/"+coll+"/records", "", 403)
	}
	for _, coll := range []string{"office", "sectors", "procedures", "dossiers", "feedback"} {
		testapp.Scenario(t, "guest cannot create "+coll, "", http.MethodPost, "/api/collections/"+coll+"/records", `{}`, 403)
	}
}

func TestStaffMayChangeOnlyTheirOwnNameAndPassword(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clerk := testapp.Staff(t, app, access.Receptionist)
	leader := testapp.Staff(t, app, access.Leader)
	url := "/api/collections/_superusers/records/"

	testapp.Scenario(t, "own name", access.Receptionist, http.MethodPatch, url+clerk.Id, `{"name":"Tên Mới Mẫu"}`, 200, `"name":"Tên Mới Mẫu"`)
	testapp.Scenario(t, "own password", access.Receptionist, http.MethodPatch, url+clerk.Id,
		`{"password":"Mat-khau-moi-2026","passwordConfirm":"Mat-khau-moi-2026"}`, 200, `"id":"`+clerk.Id+`"`)
	testapp.Scenario(t, "own role", access.Receptionist, http.MethodPatch, url+clerk.Id, `{"role":"admin"}`, 403,
		`"message":"Cán bộ chỉ được đổi họ tên và mật khẩu của mình; trường \"role\" do quản trị thay đổi."`)
	testapp.Scenario(t, "own email", access.Receptionist, http.MethodPatch, url+clerk.Id, `{"email":"x@ninhxuan.example"}`, 403,
		`"message":"Cán bộ chỉ được đổi họ tên và mật khẩu của mình; trường \"email\" do quản trị thay đổi."`)
	testapp.Scenario(t, "other's name", access.Receptionist, http.MethodPatch, url+leader.Id, `{"name":"X"}`, 403, `"message":"Chỉ quản trị được sửa tài khoản của cán bộ khác."`)
	testapp.Scenario(t, "create staff", access.Leader, http.MethodPost, url,
		`{"email":"new@ninhxuan.example","password":"Abcdefgh12","passwordConfirm":"Abcdefgh12","role":"admin"}`, 403)
	testapp.Scenario(t, "delete staff", access.Leader, http.MethodDelete, url+clerk.Id, "", 403)
	testapp.Scenario(t, "admin sets role", access.Admin, http.MethodPatch, url+clerk.Id, `{"role":"leader"}`, 200, `"role":"leader"`)
}

func TestDenialsAreClearSentences(t *testing.T) {
	s := &tests.ApiScenario{
		Name:            "specialist opens the logs",
		Method:          http.MethodGet,
		URL:             "/api/logs",
		ExpectedStatus:  403,
		ExpectedContent: []string{"Công chức chuyên môn không có quyền dùng chức năng này"},
	}
	s.TestAppFactory = testapp.AsRole(s, access.Specialist)
	s.Test(t)
}

func notForbidden(t *testing.T, name, role, method, url string) {
	t.Helper()
	app := testapp.New(t)
	defer app.Cleanup()
	res := testapp.Do(t, app, testapp.Auth(t, app, role), method, url, `{}`)
	if res.Code == http.StatusForbidden {
		t.Errorf("%s: the guard refused an allowed request: %s", name, res.Body.String())
	}
}

// TestRealtimeSubscriptionsFollowTheRoleTable: a realtime subscription
// delivers records like a list, so a clerk may not listen to the audit log.
func TestRealtimeSubscriptionsFollowTheRoleTable(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	subscribe := func(role, sub string) int { return testapp.SubscribeAs(t, app, role, sub) }
	assert.Equal(t, 204, subscribe(access.Receptionist, "dossiers/*"))
	assert.Equal(t, 403, subscribe(access.Receptionist, "audit_log/*"))
	assert.Equal(t, 403, subscribe(access.Receptionist, "mc_audit_log/*?options={}"))
	assert.Equal(t, 204, subscribe(access.Inspector, "audit_log/*"))
	assert.Equal(t, 204, subscribe(access.Admin, "_mfas/*"))
	assert.Equal(t, 403, subscribe(access.Leader, "_mfas/*"))
}
