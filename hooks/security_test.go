package hooks_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

// securityFixture is what the security scenarios refer to in their URLs and
// bodies: {supplement} a dossier waiting for a supplement (assigned to the
// demo specialist), {processing} one in processing, {published} a feedback
// whose answer a leader published, {backup} a backup's name, {filetoken} a
// file token minted by the scenario's role, {leader} the demo leader's id,
// {self} the scenario's own account id.
type securityFixture map[string]string

func newSecurityFixture(t testing.TB, app *tests.TestApp, role, uses string) securityFixture {
	fx := securityFixture{}
	need := func(key string) bool { return strings.Contains(uses, "{"+key+"}") }
	if need("supplement") {
		fx["supplement"] = testapp.DossierIn(t, app, "supplement_requested").Id
	}
	if need("processing") {
		fx["processing"] = testapp.DossierIn(t, app, "processing").Id
	}
	if need("leader") {
		fx["leader"] = testapp.Staff(t, app, access.Leader).Id
	}
	if need("published") {
		col, err := app.FindCollectionByNameOrId("feedback")
		require.NoError(t, err)
		fb := core.NewRecord(col)
		fb.Load(map[string]any{"tracking_code": "PA-261201-0901", "kind": "feedback", "name": "Nguyễn Văn Mẫu",
			"address": "Thôn Mẫu", "phone": "0900000111", "content": "Thủ tục yêu cầu giấy tờ không có trong danh mục.",
			"status": "resolved", "answer": "Đã hướng dẫn lại đúng danh mục.", "published": true})
		require.NoError(t, app.Save(fb))
		fx["published"] = fb.Id
	}
	if need("backup") {
		require.NoError(t, app.CreateBackup(context.Background(), "sec.zip"))
		fx["backup"] = "sec.zip"
	}
	if role != "" {
		me := testapp.Staff(t, app, role)
		fx["self"] = me.Id
		if need("filetoken") {
			tok, err := me.NewFileToken()
			require.NoError(t, err)
			fx["filetoken"] = tok
		}
	}
	return fx
}

func (fx securityFixture) expand(s string) string {
	for k, v := range fx {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// securityCase is one attempt of the security issue (#12): who tries what,
// and the exact answer.
type securityCase struct {
	name    string
	role    string // "" for a guest
	noAuth  bool   // send no Authorization header (the file-token attacks)
	method  string
	url     string
	body    string
	status  int
	want    []string
	notWant []string
}

// TestSecurityHoles replays each path of the security issue that went
// through on the earlier main, and the allowed neighbours that must keep
// working. The role's own data stays reachable; nothing beyond it is.
func TestSecurityHoles(t *testing.T) {
	q := url.QueryEscape
	cases := []securityCase{
		// Row 1: a file token carries its minter's role, never the admin's.
		{name: "clerk's file token opens a backup", role: access.Receptionist, noAuth: true,
			method: "GET", url: "/api/backups/{backup}?token={filetoken}", status: 403,
			want: []string{`"message":"Công chức một cửa không có quyền dùng chức năng này (GET /api/backups/sec.zip)."`}},
		{name: "inspector's file token opens a backup", role: access.Inspector, noAuth: true,
			method: "GET", url: "/api/backups/{backup}?token={filetoken}", status: 403,
			want: []string{`"message":"Kiểm tra không có quyền dùng chức năng này (GET /api/backups/sec.zip)."`}},
		{name: "admin's file token opens a backup", role: access.Admin, noAuth: true,
			method: "GET", url: "/api/backups/{backup}?token={filetoken}", status: 200, want: []string{"PK"}},
		{name: "clerk's file token reads audit files", role: access.Receptionist, noAuth: true,
			method: "GET", url: "/api/files/audit_log/x/y.txt?token={filetoken}", status: 403,
			want: []string{`"message":"Công chức một cửa không có quyền xem dữ liệu \"audit_log\"."`}},
		{name: "clerk mints a file token", role: access.Receptionist,
			method: "POST", url: "/api/files/token", status: 200, want: []string{`"token":"`}},

		// The admin UI reads the settings at sign-in: a limited role gets the
		// display subset, with the collection controls hidden, and no secret.
		{name: "clerk's admin UI loads the settings", role: access.Receptionist,
			method: "GET", url: "/api/settings", status: 200,
			want: []string{`"appName":"`, `"accentColor":"#1055c9"`, `"hideControls":true`}, notWant: []string{`smtp`, `backups`, `s3`}},
		{name: "clerk changes the settings", role: access.Receptionist,
			method: "PATCH", url: "/api/settings", body: `{"meta":{"appName":"x"}}`, status: 403,
			want: []string{`"message":"Công chức một cửa không có quyền dùng chức năng này (PATCH /api/settings)."`}},
		{name: "admin reads every setting", role: access.Admin,
			method: "GET", url: "/api/settings", status: 200, want: []string{`"smtp":{`, `"backups":{`}},

		// Row 2: hidden fields are out of reach of filter and sort.
		{name: "filter on the admin's password hash", role: access.Receptionist,
			method: "GET", url: "/api/collections/_superusers/records?filter=" + q("password>='$2a$10$f'"), status: 403,
			want: []string{`"message":"Công chức một cửa không được dùng trường ẩn \"password\" của \"_superusers\" trong truy vấn."`}},
		{name: "sort on tokenKey", role: access.Leader,
			method: "GET", url: "/api/collections/_superusers/records?sort=tokenKey", status: 403,
			want: []string{`"message":"Lãnh đạo không được dùng trường ẩn \"tokenKey\" của \"_superusers\" trong truy vấn."`}},
		{name: "tokenKey through a relation", role: access.Specialist,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("assignee.tokenKey>'a'"), status: 403,
			want: []string{`"message":"Công chức chuyên môn không được dùng trường ẩn \"tokenKey\" của \"_superusers\" trong truy vấn."`}},
		{name: "password through a function argument", role: access.Inspector,
			method: "GET", url: "/api/collections/_superusers/records?filter=" + q("strftime('%Y', password) != ''"), status: 403,
			want: []string{`trường ẩn \"password\"`}},
		{name: "own tokenKey through @request.auth", role: access.Receptionist,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("@request.auth.tokenKey>'a'"), status: 403,
			want: []string{`trường ẩn \"tokenKey\"`}},
		{name: "admin may filter on hidden fields", role: access.Admin,
			method: "GET", url: "/api/collections/_superusers/records?filter=" + q("tokenKey!=''"), status: 200,
			want: []string{`"totalItems":`}},
		{name: "staff filter on a relation they may read", role: access.Specialist,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("assignee.email=@request.auth.email") + "&sort=-due_at", status: 200,
			want: []string{`"items":[`}},

		// Row 3: @collection, back-relations and expand stay within the role.
		{name: "@collection.audit_log from dossiers", role: access.Receptionist,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("@collection.audit_log.ip!=''"), status: 403,
			want: []string{`"message":"Công chức một cửa không có quyền xem dữ liệu \"audit_log\"."`}},
		{name: "@collection._mfas with an alias", role: access.Specialist,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("@collection._mfas:m.id!=''"), status: 403,
			want: []string{`"message":"Công chức chuyên môn không có quyền xem dữ liệu \"_mfas\"."`}},
		{name: "@collection._otps", role: access.Leader,
			method: "GET", url: "/api/collections/feedback/records?filter=" + q("@collection._otps.password!=''"), status: 403,
			want: []string{`"message":"Lãnh đạo không có quyền xem dữ liệu \"_otps\"."`}},
		{name: "@collection._authOrigins", role: access.Inspector,
			method: "GET", url: "/api/collections/dossiers/records?filter=" + q("@collection._authOrigins.fingerprint!=''"), status: 403,
			want: []string{`"message":"Kiểm tra không có quyền xem dữ liệu \"_authOrigins\"."`}},
		{name: "inspector may join the audit log", role: access.Inspector,
			method: "GET", url: "/api/collections/dossiers/records?perPage=1&filter=" + q("@collection.audit_log.record_id=id"), status: 200,
			want: []string{`"items":[`}},
		{name: "expand a back-relation the role reads", role: access.Receptionist,
			method: "GET", url: "/api/collections/dossiers/records?perPage=1&expand=dossier_events_via_dossier,procedure.sector", status: 200,
			want: []string{`"items":[`}},
		{name: "unknown expand is refused", role: access.Receptionist,
			method: "GET", url: "/api/collections/dossiers/records?expand=applicant_name", status: 403,
			want: []string{`"message":"Truy vấn dùng tên \"applicant_name\" không có trong dữ liệu \"dossiers\"."`}},

		// Row 6: records that are evidence are never deleted, not even by the admin.
		{name: "admin deletes the dossiers collection", role: access.Admin,
			method: "DELETE", url: "/api/collections/dossiers", status: 400,
			want: []string{`"message":"Không được xóa bảng \"dossiers\": dữ liệu phải lưu giữ."`}},
		{name: "admin deletes dossier_events", role: access.Admin,
			method: "DELETE", url: "/api/collections/dossier_events", status: 400,
			want: []string{`"message":"Không được xóa bảng \"dossier_events\": dữ liệu phải lưu giữ."`}},
		{name: "admin deletes feedback", role: access.Admin,
			method: "DELETE", url: "/api/collections/feedback", status: 400,
			want: []string{`"message":"Không được xóa bảng \"feedback\": dữ liệu phải lưu giữ."`}},
		{name: "admin truncates feedback", role: access.Admin,
			method: "DELETE", url: "/api/collections/feedback/truncate", status: 400, want: []string{`"status":400`}},
		{name: "admin deletes a feedback record", role: access.Admin,
			method: "DELETE", url: "/api/collections/feedback/records/{published}", status: 400, want: []string{`"status":400`}},

		// Row 12: a published answer is the leader's.
		{name: "clerk edits a published answer", role: access.Receptionist,
			method: "PATCH", url: "/api/collections/feedback/records/{published}", body: `{"answer":"Nội dung khác"}`, status: 403,
			want: []string{`"message":"Trả lời đã được lãnh đạo công khai: chỉ lãnh đạo được sửa trường \"answer\"."`}},
		{name: "clerk edits a published subject", role: access.Receptionist,
			method: "PATCH", url: "/api/collections/feedback/records/{published}", body: `{"subject":"Khác"}`, status: 403,
			want: []string{`chỉ lãnh đạo được sửa trường \"subject\".`}},
		{name: "leader edits a published answer", role: access.Leader,
			method: "PATCH", url: "/api/collections/feedback/records/{published}", body: `{"answer":"Đã hướng dẫn lại, kèm danh mục."}`, status: 200,
			want: []string{`"answer":"Đã hướng dẫn lại, kèm danh mục."`}},

		// Row 13: the apology and its new date are the leader's step.
		{name: "clerk sets a new date outside the apology", role: access.Receptionist,
			method: "PATCH", url: "/api/collections/dossiers/records/{processing}", body: `{"apology_reason":"Chậm"}`, status: 400,
			want: []string{`"message":"Lý do chậm trễ chỉ được ghi trong bước xin lỗi và hẹn lại ngày trả kết quả (phiếu 04), do lãnh đạo lập."`}},
		{name: "leader writes a reason without the apology", role: access.Leader,
			method: "PATCH", url: "/api/collections/dossiers/records/{processing}", body: `{"apology_reason":"Chậm"}`, status: 400,
			want: []string{`"apology_reason":{"code":"validation_motcua_apology_reason"`}},

		// Row 14: the password rule holds through the API.
		{name: "staff sets a weak password", role: access.Receptionist,
			method: "PATCH", url: "/api/collections/_superusers/records/{self}", body: `{"password":"12345678","passwordConfirm":"12345678"}`, status: 400,
			want: []string{`"password":{"code":"validation_motcua_password","message":"Mật khẩu quá ngắn: cần ít nhất 10 ký tự."}`}},
		{name: "admin creates staff with a letters-only password", role: access.Admin,
			method: "POST", url: "/api/collections/_superusers/records", body: `{"email":"moi@ninhxuan.example","password":"abcdefghijkl","passwordConfirm":"abcdefghijkl","role":"receptionist"}`, status: 400,
			want: []string{`"message":"Mật khẩu quá yếu: cần có cả chữ cái và chữ số hoặc ký hiệu."`}},

		// Row 15: a hand-over is a step, not an edit.
		{name: "specialist hands over while waiting for a supplement", role: access.Specialist,
			method: "PATCH", url: "/api/collections/dossiers/records/{supplement}", body: `{"assignee":"{leader}"}`, status: 400,
			want: []string{`"message":"Người xử lý chỉ được đổi khi chuyển hồ sơ đang xử lý cho người khác hoặc trình lãnh đạo ký."`}},
		{name: "specialist submits for decision", role: access.Specialist,
			method: "PATCH", url: "/api/collections/dossiers/records/{processing}", body: `{"assignee":"{leader}"}`, status: 200,
			want: []string{`"assignee":"`}},

		// Row 17: report periods are bounded.
		{name: "a report over eight thousand years", role: access.Specialist,
			method: "GET", url: "/api/motcua/reports/summary?from=0001-01-01&to=9999-12-31", status: 400,
			want: []string{`"message":"Mỗi báo cáo tối đa 400 ngày: hãy chọn kỳ ngắn hơn."`}},
		{name: "a report from the start of time to today", role: access.Leader,
			method: "GET", url: "/api/motcua/reports/summary?from=2000-01-01", status: 400,
			want: []string{`"from":{"code":"validation_motcua_from"`}},
	}
	for _, c := range cases {
		app := testapp.New(t)
		fx := newSecurityFixture(t, app, c.role, c.url+c.body)
		s := tests.ApiScenario{
			Name:               c.name,
			Method:             c.method,
			URL:                fx.expand(c.url),
			ExpectedStatus:     c.status,
			ExpectedContent:    c.want,
			NotExpectedContent: c.notWant,
			TestAppFactory:     func(testing.TB) *tests.TestApp { return app },
		}
		if c.body != "" {
			s.Body = strings.NewReader(fx.expand(c.body))
		}
		if c.role != "" && !c.noAuth {
			s.Headers = testapp.Auth(t, app, c.role)
		}
		s.Test(t)
	}
}

// TestPermanentRecordsRefuseRawSQL: the triggers refuse a DELETE that skips
// every hook, and a collection change that would drop a field's data.
func TestPermanentRecordsRefuseRawSQL(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.RunInspection(t, app, time.Now()) // so that findings has rows
	for _, table := range []string{"dossiers", "dossier_events", "feedback", "findings"} {
		_, err := app.DB().NewQuery("DELETE FROM " + table).Execute()
		require.ErrorContains(t, err, "Không được xóa: đây là chứng từ hành chính, phải lưu giữ.", table)
	}
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	col.Fields.RemoveByName("note")
	require.ErrorContains(t, app.Save(col), "Không được xóa trường \"note\" của bảng \"dossiers\"")
}

// TestSubscriptionOptionsStayWithinReach: a realtime subscription's filter is
// checked like a list's.
func TestSubscriptionOptionsStayWithinReach(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	opts := url.QueryEscape(`{"query":{"filter":"@collection.audit_log.ip != ''"}}`)
	for role, want := range map[string]int{access.Receptionist: 403, access.Inspector: 204} {
		res := testapp.SubscribeAs(t, app, role, "dossiers/*?options="+opts)
		require.Equal(t, want, res, role)
	}
}

// TestEveryCollectionQueryByEveryRole: for every collection the app has
// (system ones and any a future version or the admin adds), each role's list
// with a filter, a sort and an expand is answered as the role table says:
// what a role may not read it may not query either. An unknown API route is
// refused to every limited role (deny by default).
func TestEveryCollectionQueryByEveryRole(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	future := core.NewBaseCollection("future_feature")
	require.NoError(t, app.Save(future))
	all, err := app.FindAllCollections()
	require.NoError(t, err)
	headers := map[string]map[string]string{}
	for _, role := range access.Roles {
		headers[role] = testapp.Auth(t, app, role)
	}
	for _, c := range all {
		if c.IsView() {
			continue
		}
		query := "?perPage=1&skipTotal=1&filter=" + url.QueryEscape("id!=''") + "&sort=-id"
		for _, f := range c.Fields {
			if rel, ok := f.(*core.RelationField); ok && !rel.Hidden {
				query += "&expand=" + rel.Name
				break
			}
		}
		for _, role := range access.Roles {
			res := testapp.Do(t, app, headers[role], "GET", "/api/collections/"+c.Name+"/records"+query, "")
			if access.Can(role, c.Name, access.Read) {
				require.Equal(t, 200, res.Code, "%s reads %s: %s", role, c.Name, res.Body.String())
				continue
			}
			require.Equal(t, 403, res.Code, "%s reads %s: %s", role, c.Name, res.Body.String())
			require.Contains(t, res.Body.String(), "không có quyền xem dữ liệu", role)
		}
	}
	for _, role := range access.Roles {
		res := testapp.Do(t, app, headers[role], "GET", "/api/a-route-of-a-future-version", "")
		if role == access.Admin {
			require.NotEqual(t, 403, res.Code)
		} else {
			require.Equal(t, 403, res.Code, role)
		}
	}
}
