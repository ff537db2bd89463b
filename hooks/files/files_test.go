package files_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

const filesURL = "/api/collections/dossier_files/records"

// TestUploadChecksContentSizeAndRole uploads digitised papers through the
// records API as the counter does: the type is judged by the bytes (a .pdf
// name over PNG bytes or over text is refused), the size is bounded, the
// hash is the server's, the item must be on the checklist, and only roles
// that may digitise do.
func TestUploadChecksContentSizeAndRole(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	dossier, item := dossierWith(t, app, "status = 'processing'")
	receptionist := testapp.Staff(t, app, "receptionist")
	png := pngBytes(t)
	paper := func(name string, content []byte, extra map[string]string) (*bytes.Buffer, string) {
		fields := map[string]string{"dossier": dossier.Id, "role": "submitted", "item": item, "kind": "copy"}
		for k, v := range extra {
			fields[k] = v
		}
		return multipartBody(t, fields, upload{"file", name, content})
	}
	type scenario struct {
		name, role, file string
		content          []byte
		extra            map[string]string
		status           int
		want             []string
		check            func(t testing.TB, app *tests.TestApp, res *http.Response)
	}
	stored := func(content []byte) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			var out struct{ ID string }
			require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
			rec, err := app.FindRecordById("dossier_files", out.ID)
			require.NoError(t, err)
			assert.Equal(t, sha(content), rec.GetString("sha256"), "the hash is computed from the bytes")
			assert.Equal(t, len(content), rec.GetInt("size"))
			assert.Equal(t, receptionist.Id, rec.GetString("digitised_by"))
			assert.False(t, rec.GetDateTime("digitised_at").IsZero())
			assert.Equal(t, "counter", rec.GetString("source"))
		}
	}
	big := append(pdfBytes("lớn"), bytes.Repeat([]byte("0"), 10<<20)...)
	cases := []scenario{
		{name: "a PDF scan is stored with the server's hash", role: "receptionist", file: "to-khai.pdf",
			content: pdfBytes("a"), extra: map[string]string{"sha256": strings.Repeat("0", 64), "digitised_by": ""},
			status: 200, want: []string{`"item":"` + item + `"`, `"sha256":"` + sha(pdfBytes("a")) + `"`}, check: stored(pdfBytes("a"))},
		{name: "a PNG photo", role: "receptionist", file: "anh.png", content: png, status: 200, check: stored(png)},
		{name: "a JPEG photo named .jpeg", role: "receptionist", file: "anh.jpeg", content: jpegBytes(t), status: 200},
		{name: "a .pdf name over PNG bytes", role: "receptionist", file: "scan.pdf", content: png, status: 400,
			want: []string{`"file":{"code":"validation_motcua_file","message":"Tệp \"scan.pdf\" mang đuôi .pdf nhưng nội dung là ảnh PNG: hãy đặt lại tên tệp cho đúng."}`}},
		{name: "text named .pdf", role: "receptionist", file: "giay-to.pdf", content: []byte("chỉ là văn bản, không phải bản quét"), status: 400,
			want: []string{`"message":"Tệp \"giay-to.pdf\" không phải PDF, JPEG hoặc PNG (xét theo nội dung tệp): hãy quét hoặc chụp lại giấy tờ."`}},
		{name: "an HTML page named .png", role: "receptionist", file: "anh.png", content: []byte("<html><script>alert(1)</script></html>"), status: 400,
			want: []string{`không phải PDF, JPEG hoặc PNG`}},
		{name: "over 10 MB", role: "receptionist", file: "day.pdf", content: big, status: 400,
			want: []string{`"file":{"code":"validation_motcua_file","message":"Tệp \"day.pdf\" quá lớn: tối đa 10 MB."}`}},
		{name: "an item not on the checklist", role: "receptionist", file: "x.pdf", content: pdfBytes("b"),
			extra: map[string]string{"item": "Giấy phép lái xe"}, status: 400,
			want: []string{`"item":{"code":"validation_motcua_item","message":"\"Giấy phép lái xe\" không có trong thành phần hồ sơ của thủ tục."}`}},
		{name: "a result on a dossier not yet decided", role: "leader", file: "kq.pdf", content: pdfBytes("c"),
			extra: map[string]string{"role": "result", "result_number": "12/GCN", "result_date": "2026-12-01 03:00:00.000Z", "result_signer": "Lê Lãnh Đạo Mẫu"}, status: 400,
			want: []string{`"message":"Chỉ số hóa kết quả khi hồ sơ đã được ký duyệt hoặc đã trả kết quả."`}},
		{name: "a specialist digitises a paper", role: "specialist", file: "cm.pdf", content: pdfBytes("d"), status: 200},
		{name: "an inspector changes nothing", role: "inspector", file: "x.pdf", content: pdfBytes("e"), status: 403,
			want: []string{`"message":"Kiểm tra không có quyền tạo dữ liệu \"dossier_files\"."`}},
		{name: "a guest uploads nothing", file: "x.pdf", content: pdfBytes("f"), status: 403},
	}
	var scenarios []tests.ApiScenario
	for _, c := range cases {
		body, ct := paper(c.file, c.content, c.extra)
		headers := map[string]string{}
		if c.role != "" {
			headers = testapp.Auth(t, app, c.role)
		}
		s := tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: filesURL, Body: body,
			Headers: withType(headers, ct), ExpectedStatus: c.status, ExpectedContent: c.want, TestAppFactory: testapp.New}
		if c.check != nil {
			s.AfterTestFunc = c.check
		}
		if c.status != 200 {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				n, err := app.CountRecords("dossier_files")
				require.NoError(t, err)
				assert.Zero(t, n, "nothing stored")
			}
		}
		if len(s.ExpectedContent) == 0 {
			s.ExpectedContent = []string{`"`}
		}
		scenarios = append(scenarios, s)
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestResultOfDecidedDossier digitises the issued document with its number,
// date and signer; each is required.
func TestResultOfDecidedDossier(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	decided, _ := dossierWith(t, app, "status = 'decided'")
	fields := map[string]string{"dossier": decided.Id, "role": "result", "result_number": "125/2026/TLKS-BS",
		"result_date": "2026-12-01 03:00:00.000Z", "result_signer": "Lê Lãnh Đạo Mẫu"}
	ok, ct := multipartBody(t, fields, upload{"file", "ket-qua.pdf", pdfBytes("kq")})
	delete(fields, "result_signer")
	noSigner, ct2 := multipartBody(t, fields, upload{"file", "ket-qua.pdf", pdfBytes("kq")})
	scenarios := []tests.ApiScenario{
		{Name: "the leader digitises the signed result", Method: http.MethodPost, URL: filesURL, Body: ok,
			Headers: withType(testapp.Auth(t, app, "leader"), ct), ExpectedStatus: 200,
			ExpectedContent: []string{`"result_number":"125/2026/TLKS-BS"`, `"kind":"original"`, `"role":"result"`},
			TestAppFactory:  testapp.New},
		{Name: "the signer is required", Method: http.MethodPost, URL: filesURL, Body: noSigner,
			Headers: withType(testapp.Auth(t, app, "receptionist"), ct2), ExpectedStatus: 400,
			ExpectedContent: []string{`"result_signer":{"code":"validation_motcua_result_signer","message":"Cần nhập người ký văn bản kết quả."}`},
			TestAppFactory:  testapp.New},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestFilesOnlyForStaff: the file of a paper is protected: guests get
// neither the record nor the file; staff get the file with a short-lived file
// token (their role decides, as for any record), never without one.
func TestFilesOnlyForStaff(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	dossier, item := dossierWith(t, app, "status = 'processing'")
	content := pdfBytes("bảo mật")
	rec := saveFile(t, app, dossier, item, "cccd.pdf", content)
	fileURL := "/api/files/dossier_files/" + rec.Id + "/" + rec.GetString("file")

	res := testapp.Do(t, app, nil, http.MethodGet, filesURL, "")
	assert.Equal(t, http.StatusForbidden, res.Code, "guests list nothing: %s", res.Body.String())
	res = testapp.Do(t, app, nil, http.MethodGet, filesURL+"/"+rec.Id, "")
	assert.NotEqual(t, http.StatusOK, res.Code, "guests view nothing")
	res = testapp.Do(t, app, nil, http.MethodGet, fileURL, "")
	assert.NotEqual(t, http.StatusOK, res.Code, "no file without a token")
	assert.NotContains(t, res.Body.String(), "%PDF")
	res = testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodGet, fileURL, "")
	assert.NotEqual(t, http.StatusOK, res.Code, "a protected file needs a file token, even for staff")
	res = testapp.Do(t, app, nil, http.MethodGet, fileURL+"?token=not-a-token", "")
	assert.NotEqual(t, http.StatusOK, res.Code)

	for _, role := range []string{"admin", "leader", "specialist", "receptionist", "inspector"} {
		res := testapp.Do(t, app, nil, http.MethodGet, fileURL+"?token="+fileToken(t, app, role), "")
		require.Equal(t, http.StatusOK, res.Code, role)
		assert.Equal(t, content, res.Body.Bytes(), role)
		res = testapp.Do(t, app, testapp.Auth(t, app, role), http.MethodGet, filesURL+"?filter="+
			"dossier%3D%27"+dossier.Id+"%27", "")
		require.Equal(t, http.StatusOK, res.Code, role)
		assert.Contains(t, res.Body.String(), rec.GetString("sha256"), role)
	}
	su, err := app.FindCollectionByNameOrId("_superusers")
	require.NoError(t, err)
	assert.LessOrEqual(t, su.FileToken.Duration, int64(180), "staff file tokens are short-lived")
}

// TestReplacedFileIsAudited: replacing a paper's file is an audit entry that
// keeps the old and the new hash; a client cannot set the hash by itself;
// removing the record keeps the old hash in the chain.
func TestReplacedFileIsAudited(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	dossier, item := dossierWith(t, app, "status = 'processing'")
	old := pdfBytes("bản cũ")
	rec := saveFile(t, app, dossier, item, "cu.pdf", old)
	auth := testapp.Auth(t, app, "receptionist")

	body, ct := multipartBody(t, map[string]string{"sha256": strings.Repeat("a", 64), "note": "sửa ghi chú"})
	res := send(t, app, auth, http.MethodPatch, filesURL+"/"+rec.Id, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"sha256":"`+sha(old)+`"`, "the hash is the server's")

	fresh := pngBytes(t)
	body, ct = multipartBody(t, nil, upload{"file", "moi.png", fresh})
	res = send(t, app, auth, http.MethodPatch, filesURL+"/"+rec.Id, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"sha256":"`+sha(fresh)+`"`)

	entries, err := app.FindRecordsByFilter("audit_log", "collection = 'dossier_files' && record_id = {:id}", "-seq", 0, 0,
		map[string]any{"id": rec.Id})
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	var changes map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(entries[0].GetString("changes")), &changes))
	assert.Equal(t, "update", entries[0].GetString("action"))
	assert.Equal(t, map[string]any{"before": sha(old), "after": sha(fresh)}, changes["sha256"])
	assert.Contains(t, changes, "file")

	res = testapp.Do(t, app, auth, http.MethodDelete, filesURL+"/"+rec.Id, "")
	require.Equal(t, http.StatusNoContent, res.Code, res.Body.String())
	entries, err = app.FindRecordsByFilter("audit_log", "collection = 'dossier_files' && record_id = {:id} && action = 'delete'", "-seq", 1, 0,
		map[string]any{"id": rec.Id})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.NoError(t, json.Unmarshal([]byte(entries[0].GetString("changes")), &changes))
	assert.Equal(t, map[string]any{"before": sha(fresh)}, changes["sha256"])
}

// TestReusePaperOfSameApplicant: a paper digitised in another dossier of the
// same ID number, still valid, is attached instead of scanned again: the new
// record owns a copy of the bytes (same hash) and records where it came from;
// another person's paper, an expired one, or a new file beside it are refused.
func TestReusePaperOfSameApplicant(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	older, item := dossierWith(t, app, "status = 'returned' && applicant_id_number != ''")
	newer, _ := dossierWith(t, app, "status = 'processing' && applicant_id_number != ''")
	other, _ := dossierWith(t, app, "status = 'received' && applicant_id_number != ''")
	newer.Set("applicant_id_number", " "+older.GetString("applicant_id_number")+" ")
	newer.Set("procedure", older.GetString("procedure"))
	require.NoError(t, app.Save(newer))
	require.NotEqual(t, older.GetString("applicant_id_number"), other.GetString("applicant_id_number"))
	content := pdfBytes("cccd cũ")
	src := saveFile(t, app, older, item, "cccd.pdf", content)
	expired, err := app.FindRecordById("dossier_files", saveFile(t, app, older, item, "het-han.pdf", pdfBytes("hết hạn")).Id)
	require.NoError(t, err)
	expired.Set("valid_until", "2020-01-01 00:00:00.000Z")
	require.NoError(t, app.Save(expired))

	auth := testapp.Auth(t, app, "receptionist")
	reuse := func(dossier, from string, files ...upload) (*bytes.Buffer, string) {
		return multipartBody(t, map[string]string{"dossier": dossier, "role": "submitted", "item": item, "reused_from": from}, files...)
	}
	body, ct := reuse(newer.Id, src.Id)
	res := send(t, app, auth, http.MethodPost, filesURL, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var out struct{ ID string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	rec, err := app.FindRecordById("dossier_files", out.ID)
	require.NoError(t, err)
	assert.Equal(t, sha(content), rec.GetString("sha256"))
	assert.Equal(t, src.Id, rec.GetString("reused_from"))
	assert.Equal(t, "reuse", rec.GetString("source"))
	assert.Equal(t, newer.Id, rec.GetString("dossier"))
	assert.NotEqual(t, src.GetString("file"), "", "the source keeps its file")

	for _, c := range []struct {
		name, dossier, from string
		files               []upload
		want                string
	}{
		{"another person's paper", other.Id, src.Id, nil,
			`"reused_from":{"code":"validation_motcua_reused_from","message":"Chỉ dùng lại giấy tờ đã số hóa của cùng người nộp (cùng số định danh) ở hồ sơ khác."}`},
		{"an expired paper", newer.Id, expired.Id, nil,
			`"message":"Giấy tờ đã số hóa này đã hết giá trị sử dụng."`},
		{"a new file beside the reuse", newer.Id, src.Id, []upload{{"file", "x.pdf", pdfBytes("x")}},
			`"message":"Bản dùng lại lấy tệp của bản số hóa gốc: không gửi kèm tệp mới."`},
	} {
		body, ct := reuse(c.dossier, c.from, c.files...)
		res := send(t, app, auth, http.MethodPost, filesURL, body, ct)
		assert.Equal(t, http.StatusBadRequest, res.Code, c.name)
		assert.Contains(t, res.Body.String(), c.want, c.name)
	}
}
