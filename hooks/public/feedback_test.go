package public_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

func TestFeedbackAnswerAndPublish(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	col, err := app.FindCollectionByNameOrId("feedback")
	require.NoError(t, err)
	fb := core.NewRecord(col)
	fb.Load(map[string]any{"tracking_code": "PA-261127-0901", "kind": "feedback", "name": "Nguyễn Văn Mẫu",
		"address": "Thôn Mẫu", "phone": "0900000111", "content": "Thủ tục yêu cầu giấy tờ không có trong danh mục.", "status": "new"})
	require.NoError(t, app.Save(fb))
	url := "/api/collections/feedback/records/" + fb.Id
	clerk := testapp.Auth(t, app, access.Receptionist)
	leader := testapp.Auth(t, app, access.Leader)

	// Publishing before there is an answer.
	res := testapp.Do(t, app, leader, http.MethodPatch, url, `{"published":true}`)
	assert.Equal(t, 400, res.Code, res.Body.String())
	// A status change needs the answer or the reason.
	res = testapp.Do(t, app, clerk, http.MethodPatch, url, `{"status":"resolved"}`)
	assert.Equal(t, 400, res.Code)
	assert.Contains(t, res.Body.String(), `"answer"`)
	// The citizen's words are not the clerk's to edit.
	res = testapp.Do(t, app, clerk, http.MethodPatch, url, `{"content":"khác"}`)
	assert.Equal(t, 400, res.Code)

	res = testapp.Do(t, app, clerk, http.MethodPatch, url, `{"status":"resolved","answer":"Đã hướng dẫn lại đúng danh mục giấy tờ."}`)
	require.Equal(t, 200, res.Code, res.Body.String())
	fb, _ = app.FindRecordById("feedback", fb.Id)
	assert.False(t, fb.GetDateTime("answered_at").IsZero())
	assert.Equal(t, testapp.Staff(t, app, access.Receptionist).Id, fb.GetString("answered_by"))

	res = testapp.Do(t, app, clerk, http.MethodPatch, url, `{"published":true}`)
	assert.Equal(t, 403, res.Code, "only a leader publishes")
	res = testapp.Do(t, app, leader, http.MethodPatch, url, `{"published":true}`)
	require.Equal(t, 200, res.Code, res.Body.String())
	fb, _ = app.FindRecordById("feedback", fb.Id)
	assert.False(t, fb.GetDateTime("published_at").IsZero())

	// The public sees the published answer.
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/feedback/PA-261127-0901", "")
	require.Equal(t, 200, res.Code)
	assert.Contains(t, res.Body.String(), "Đã hướng dẫn lại")
	assert.NotContains(t, res.Body.String(), "0900000111")
}
