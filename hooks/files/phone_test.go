package files_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// TestPhoneLink: the desk's QR code carries a signed link for one dossier;
// the phone sends a photo with it and the paper is the clerk's (digitised_by,
// audit entry), for that dossier only; other roles and guests get no link, a
// forged or foreign link does nothing, and a password change revokes it.
func TestPhoneLink(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	dossier, item := dossierWith(t, app, "status = 'processing'")
	other, _ := dossierWith(t, app, "status = 'received'")
	clerk := testapp.Staff(t, app, "receptionist")

	res := testapp.Do(t, app, testapp.Auth(t, app, "receptionist"), http.MethodGet, "/api/motcua/desk/phone-link/"+dossier.Id, "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var link struct{ URL, QR string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &link))
	assert.True(t, strings.HasPrefix(link.QR, "data:image/png;base64,"))
	_, fragment, ok := strings.Cut(link.URL, "/desk/phone.html#")
	require.True(t, ok, link.URL)
	q, err := url.ParseQuery(fragment)
	require.NoError(t, err)
	assert.Equal(t, dossier.Id, q.Get("d"))
	phone := map[string]string{"X-Motcua-Phone": q.Get("t")}

	res = testapp.Do(t, app, phone, http.MethodGet, "/api/motcua/phone/"+dossier.Id, "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"code":"`+dossier.GetString("code")+`"`)
	assert.Contains(t, res.Body.String(), item)

	photo := jpegBytes(t)
	body, ct := multipartBody(t, map[string]string{"item": item, "kind": "copy"}, upload{"file", "anh-chup.jpg", photo})
	res = send(t, app, phone, http.MethodPost, "/api/motcua/phone/"+dossier.Id, body, ct)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var out struct{ ID string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
	rec, err := app.FindRecordById("dossier_files", out.ID)
	require.NoError(t, err)
	assert.Equal(t, clerk.Id, rec.GetString("digitised_by"))
	assert.Equal(t, "phone", rec.GetString("source"))
	assert.Equal(t, sha(photo), rec.GetString("sha256"))
	entry, err := app.FindFirstRecordByFilter("audit_log", "collection = 'dossier_files' && record_id = {:id}", map[string]any{"id": rec.Id})
	require.NoError(t, err)
	assert.Equal(t, clerk.Id, entry.GetString("actor_id"), "audited as the clerk")

	expired := "Liên kết chụp giấy tờ đã hết hạn hoặc không hợp lệ: hãy quét lại mã QR trên bàn làm việc."
	scenarios := []tests.ApiScenario{
		{Name: "the link opens no other dossier", Method: http.MethodGet, URL: "/api/motcua/phone/" + other.Id,
			Headers: phone, ExpectedStatus: 401, ExpectedContent: []string{expired}, TestAppFactory: testapp.New},
		{Name: "a forged link", Method: http.MethodGet, URL: "/api/motcua/phone/" + dossier.Id,
			Headers: map[string]string{"X-Motcua-Phone": q.Get("t") + "x"}, ExpectedStatus: 401, ExpectedContent: []string{expired}, TestAppFactory: testapp.New},
		{Name: "no link: a guest", Method: http.MethodGet, URL: "/api/motcua/phone/" + dossier.Id,
			ExpectedStatus: 401, ExpectedContent: []string{"Cần đăng nhập bằng tài khoản cán bộ."}, TestAppFactory: testapp.New},
		{Name: "an inspector gets no link", Method: http.MethodGet, URL: "/api/motcua/desk/phone-link/" + dossier.Id,
			Headers: testapp.Auth(t, app, "inspector"), ExpectedStatus: 403,
			ExpectedContent: []string{"Kiểm tra không có quyền số hóa giấy tờ."}, TestAppFactory: testapp.New},
		{Name: "a password change revokes the link", Method: http.MethodGet, URL: "/api/motcua/phone/" + dossier.Id,
			Headers: phone, ExpectedStatus: 401, ExpectedContent: []string{expired},
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := testapp.New(t)
				c := testapp.Staff(t, app, "receptionist")
				c.SetPassword("Mat-khau-moi-2026")
				require.NoError(t, app.Save(c))
				return app
			}},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
