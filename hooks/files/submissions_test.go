package files_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

const submitURL = "/api/motcua/submissions"

// onlineProcedure returns a demo procedure taking online dossiers and its
// checklist's item names.
func onlineProcedure(t testing.TB, app core.App, code string) (*core.Record, []string) {
	t.Helper()
	proc, err := app.FindFirstRecordByData("procedures", "code", code)
	require.NoError(t, err)
	var docs []struct{ Name string }
	raw, _ := json.Marshal(proc.Get("documents"))
	require.NoError(t, json.Unmarshal(raw, &docs))
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
	}
	return proc, names
}

// applicant is the form of a fictitious citizen.
func applicant(procedure, email, code string) map[string]string {
	return map[string]string{"procedure": procedure, "applicant_name": "Trần Thị Thử Nghiệm",
		"applicant_phone": "0900 000 417", "applicant_id_number": "079190000417",
		"applicant_address": "Thôn Mẫu, xã Ninh Xuân", "applicant_email": email, "email_code": code}
}

// papers is one upload per checklist item.
func papers(t testing.TB, n int) []upload {
	out := make([]upload, n)
	for i := range out {
		out[i] = upload{"item_" + strconv.Itoa(i), "giay-to-" + strconv.Itoa(i) + ".pdf", pdfBytes("trực tuyến " + strconv.Itoa(i))}
	}
	if n > 1 {
		out[1] = upload{"item_1", "anh.png", pngBytes(t)}
	}
	return out
}

func countAll(t testing.TB, app core.App, collection string) int64 {
	n, err := app.CountRecords(collection)
	require.NoError(t, err)
	return n
}

// requestCode asks for a code for email and reads it from the real mailbox.
func requestCode(t *testing.T, app *tests.TestApp, box *testapp.Mailbox, email string, n int) string {
	t.Helper()
	res := testapp.Do(t, app, nil, http.MethodPost, submitURL+"/code", `{"email":"`+email+`"}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), "Đã gửi mã xác nhận tới "+email+". Mã có hiệu lực trong 15 phút.")
	mails := box.Wait(t, n, 30*time.Second)
	m := mails[n-1]
	assert.Equal(t, []string{email}, m.To)
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(m.Text)
	require.NotEmpty(t, code, m.Text)
	assert.Contains(t, m.Text, "Mã xác nhận nộp hồ sơ trực tuyến của bạn là: "+code)
	return code
}

// TestOnlineSubmission: a citizen confirms an address with the code that
// PocketBase's mailer sent through a real SMTP server, submits the applicant
// data and one file per checklist item, and gets the dossier's code; the
// dossier waits as `submitted` (online, no time limit yet) with its papers
// hashed by the server, the code cannot be used twice, and the receptionist
// receives it, the time limit running from then.
func TestOnlineSubmission(t *testing.T) {
	box := testapp.StartMailbox(t)
	app := testapp.New(t)
	defer app.Cleanup()
	box.Use(t, app)
	proc, items := onlineProcedure(t, app, "1.001193")
	const email = "thu.nghiem@example.invalid"
	code := requestCode(t, app, box, email, 1)

	before := countAll(t, app, "dossiers")
	uploads := papers(t, len(items))
	body, ct := multipartBody(t, applicant(proc.Id, email, "000000"), uploads...)
	if code == "000000" {
		body, ct = multipartBody(t, applicant(proc.Id, email, "999999"), uploads...)
	}
	res := send(t, app, nil, http.MethodPost, submitURL, body, ct)
	require.Equal(t, http.StatusBadRequest, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"email_code":{"code":"validation_motcua_email_code","message":"Mã xác nhận không đúng hoặc đã hết hạn: hãy kiểm tra thư hoặc yêu cầu mã mới."}`)

	body, ct = multipartBody(t, applicant(proc.Id, email, code), uploads...)
	res = send(t, app, nil, http.MethodPost, submitURL, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var out struct{ Code, Message string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	require.NotEmpty(t, out.Code)
	assert.Equal(t, "Đã nộp hồ sơ trực tuyến. Mã hồ sơ "+out.Code+" dùng để tra cứu; Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ.", out.Message)
	assert.Equal(t, before+1, countAll(t, app, "dossiers"))

	d, err := app.FindFirstRecordByData("dossiers", "code", out.Code)
	require.NoError(t, err)
	assert.Equal(t, "submitted", d.GetString("status"))
	assert.Equal(t, "online", d.GetString("channel"))
	assert.True(t, d.GetDateTime("received_at").IsZero(), "not received yet: no time limit runs")
	assert.Equal(t, email, d.GetString("applicant_email"))
	files, err := app.FindRecordsByFilter("dossier_files", "dossier = {:d}", "created", 0, 0, map[string]any{"d": d.Id})
	require.NoError(t, err)
	require.Len(t, files, len(items))
	got := map[string]string{}
	for _, f := range files {
		got[f.GetString("item")] = f.GetString("sha256")
		assert.Equal(t, "online", f.GetString("source"))
		assert.Empty(t, f.GetString("digitised_by"))
	}
	for i, it := range items {
		assert.Equal(t, sha(uploads[i].content), got[it], it)
	}

	// The public look-up tracks it by its code.
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/dossiers/"+out.Code, "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())

	// One code, one dossier.
	body, ct = multipartBody(t, applicant(proc.Id, email, code), uploads...)
	res = send(t, app, nil, http.MethodPost, submitURL, body, ct)
	require.Equal(t, http.StatusBadRequest, res.Code, res.Body.String())
	assert.Equal(t, before+1, countAll(t, app, "dossiers"))

	// The receptionist receives it from the queue: the time limit starts.
	res = testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodPatch,
		"/api/collections/dossiers/records/"+d.Id, `{"status":"received"}`)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	d, err = app.FindRecordById("dossiers", d.Id)
	require.NoError(t, err)
	assert.False(t, d.GetDateTime("received_at").IsZero())
	assert.False(t, d.GetDateTime("due_at").IsZero())

	// The online applicant is told by e-mail at the address just confirmed
	// (hooks/notify): the receipt's message is queued.
	assert.True(t, d.GetBool("notify_consent"))
	msgs, err := app.FindRecordsByFilter("outbox", "dossier = {:d}", "created", 0, 0, map[string]any{"d": d.Id})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, "email", msgs[0].GetString("channel"))
	assert.Equal(t, email, msgs[0].GetString("to"))
	assert.Contains(t, msgs[0].GetString("body"), out.Code)
}

// TestSubmissionRefusals: what is refused before anything is stored, with
// the field named in Vietnamese: a procedure that takes no online dossier, a
// missing paper, a .pdf name over PNG bytes, a missing address; the honeypot
// stores nothing; the code route's address check; the rate limit.
func TestSubmissionRefusals(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	proc, items := onlineProcedure(t, app, "1.001193")
	offline, _ := onlineProcedure(t, app, "2.000908")
	require.GreaterOrEqual(t, len(items), 1)
	baseline := countAll(t, app, "dossiers")

	type form struct {
		fields  map[string]string
		uploads []upload
	}
	all := papers(t, len(items))
	wrongType := append([]upload{{"item_0", "to-khai.pdf", pngBytes(t)}}, all[1:]...)
	noEmail := applicant(proc.Id, "", "123456")
	honeypot := applicant(proc.Id, "a@example.invalid", "123456")
	honeypot["website"] = "http://spam.example"
	cases := []struct {
		name   string
		in     form
		status int
		want   []string
	}{
		{"a procedure without online service", form{applicant(offline.Id, "a@example.invalid", "123456"), all}, 400,
			[]string{`"procedure":{"code":"validation_motcua_procedure","message":"Thủ tục này chưa nhận hồ sơ trực tuyến: vui lòng nộp trực tiếp tại Bộ phận Một cửa."}`}},
		{"a missing paper", form{applicant(proc.Id, "a@example.invalid", "123456"), all[1:]}, 400,
			[]string{`"item_0":{"code":"validation_required","message":"Cần tải lên bản chụp hoặc bản quét: ` + items[0] + `."}`}},
		{"a .pdf name over PNG bytes", form{applicant(proc.Id, "a@example.invalid", "123456"), wrongType}, 400,
			[]string{`"item_0":{"code":"validation_motcua_file","message":"Tệp \"to-khai.pdf\" mang đuôi .pdf nhưng nội dung là ảnh PNG: hãy đặt lại tên tệp cho đúng."}`}},
		{"no e-mail address", form{noEmail, all}, 400,
			[]string{`"applicant_email":{"code":"validation_required","message":"Cần nhập địa chỉ thư điện tử để nhận mã xác nhận."}`,
				`"message":"Vui lòng kiểm tra lại các mục được đánh dấu."`}},
		{"the honeypot", form{honeypot, all}, 200, []string{`"message":"Đã nhận hồ sơ."`}},
	}
	for _, c := range cases {
		body, ct := multipartBody(t, c.in.fields, c.in.uploads...)
		s := tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: submitURL, Body: body,
			Headers: map[string]string{"Content-Type": ct}, ExpectedStatus: c.status, ExpectedContent: c.want,
			TestAppFactory: testapp.New,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				assert.Zero(t, countAll(t, app, "dossier_files"), "nothing stored")
				n, err := app.CountRecords("dossiers", nil)
				require.NoError(t, err)
				assert.Equal(t, baseline, n, "no dossier")
			}}
		s.Test(t)
	}

	codeCases := []tests.ApiScenario{
		{Name: "an invalid address gets no code", Method: http.MethodPost, URL: submitURL + "/code",
			Body: jsonBody(`{"email":"khong-phai-thu"}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"email":{"code":"validation_invalid_email","message":"Địa chỉ thư điện tử không hợp lệ."}`},
			TestAppFactory:  testapp.New},
	}
	for _, s := range codeCases {
		s.Test(t)
	}

	// The fourth submission within a minute from one address is refused
	// before it is read.
	for i := range 4 {
		body, ct := multipartBody(t, honeypot, all...)
		res := send(t, app, nil, http.MethodPost, submitURL, body, ct)
		if i < 3 {
			require.Equal(t, http.StatusOK, res.Code, res.Body.String())
			continue
		}
		require.Equal(t, http.StatusTooManyRequests, res.Code, res.Body.String())
		assert.Contains(t, res.Body.String(), "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
		assert.NotEmpty(t, res.Header().Get("Retry-After"))
	}
}

// TestSubmissionFailingMidwayStoresNothing: when the storage fails on the
// second paper, the dossier, the first paper, its file on disk and their
// audit entries are all undone; the citizen is told nothing was stored.
func TestSubmissionFailingMidwayStoresNothing(t *testing.T) {
	box := testapp.StartMailbox(t)
	app := testapp.New(t)
	defer app.Cleanup()
	box.Use(t, app)
	proc, items := onlineProcedure(t, app, "1.001193")
	require.GreaterOrEqual(t, len(items), 2, "the procedure needs two papers for a failure midway")
	const email = "giua.chung@example.invalid"
	code := requestCode(t, app, box, email, 1)

	saved := 0
	app.OnRecordCreateExecute("dossier_files").BindFunc(func(e *core.RecordEvent) error {
		if saved++; saved == 2 {
			return errors.New("storage: disk full")
		}
		return e.Next()
	})
	dossiers, audit := countAll(t, app, "dossiers"), countAll(t, app, "audit_log")
	body, ct := multipartBody(t, applicant(proc.Id, email, code), papers(t, len(items))...)
	res := send(t, app, nil, http.MethodPost, submitURL, body, ct)
	require.Equal(t, http.StatusInternalServerError, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), "Chưa lưu được hồ sơ, không có gì được lưu. Vui lòng thử lại.")
	assert.Equal(t, 2, saved, "the first paper was written before the failure")

	assert.Equal(t, dossiers, countAll(t, app, "dossiers"), "no dossier")
	assert.Zero(t, countAll(t, app, "dossier_files"), "no paper")
	assert.Equal(t, audit, countAll(t, app, "audit_log"), "no audit entry of what was undone")
	var stored []string
	root := filepath.Join(app.DataDir(), "storage", "mc_dossier_files")
	_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			stored = append(stored, p)
		}
		return nil
	})
	assert.Empty(t, stored, "no file left in the storage")

	// The code was not spent: the citizen tries again and it goes through.
	saved = 10
	body, ct = multipartBody(t, applicant(proc.Id, email, code), papers(t, len(items))...)
	res = send(t, app, nil, http.MethodPost, submitURL, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Equal(t, dossiers+1, countAll(t, app, "dossiers"))
}

func jsonBody(s string) *strings.Reader { return strings.NewReader(s) }
