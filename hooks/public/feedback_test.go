package public_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
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

// TestFeedbackAnswerEvents: the staff's answer and publication of a
// feedback are one update of it; each refusal of the answering rules writes
// nothing (no update executed, nothing created).
func TestFeedbackAnswerEvents(t *testing.T) {
	answered := map[string]any{"status": "resolved", "answer": "Đã hướng dẫn lại đúng danh mục giấy tờ."}
	withFeedback := func(role string, set map[string]any) func(*tests.ApiScenario) func(testing.TB) *tests.TestApp {
		return func(s *tests.ApiScenario) func(testing.TB) *tests.TestApp {
			return func(t testing.TB) *tests.TestApp {
				app := testapp.New(t)
				col, err := app.FindCollectionByNameOrId("feedback")
				require.NoError(t, err)
				fb := core.NewRecord(col)
				fb.Load(map[string]any{"tracking_code": "PA-261127-0902", "kind": "feedback", "name": "Nguyễn Văn Mẫu",
					"address": "Thôn Mẫu", "phone": "0900000111", "content": "Thủ tục yêu cầu giấy tờ không có trong danh mục.", "status": "new"})
				require.NoError(t, app.Save(fb))
				if set != nil {
					fb.Load(set)
					require.NoError(t, app.Save(fb))
				}
				s.URL = "/api/collections/feedback/records/" + fb.Id
				s.Headers = testapp.Auth(t, app, role)
				return app
			}
		}
	}
	answer := testapp.Events(testapp.UpdateRequest, testapp.Validates(1), testapp.Updates(1))
	scenarios := []struct {
		s       tests.ApiScenario
		factory func(*tests.ApiScenario) func(testing.TB) *tests.TestApp
	}{
		{tests.ApiScenario{Name: "published before an answer", Body: strings.NewReader(`{"published":true}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"Chưa có trả lời để công khai."`, `"published":{"code":"validation_motcua_published","message":"Chưa có trả lời."}`}, ExpectedEvents: testapp.Events(testapp.RefusedUpdate)},
			withFeedback(access.Leader, nil)},
		{tests.ApiScenario{Name: "resolved without the answer", Body: strings.NewReader(`{"status":"resolved"}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"Cần ghi nội dung trả lời hoặc lý do trước khi đổi trạng thái."`,
				`"answer":{"code":"validation_motcua_answer","message":"Cần ghi nội dung trả lời."}`}, ExpectedEvents: testapp.Events(testapp.RefusedUpdate)},
			withFeedback(access.Receptionist, nil)},
		{tests.ApiScenario{Name: "the citizen's words edited", Body: strings.NewReader(`{"content":"khác"}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"Trường \"content\" không sửa được: do công dân gửi hoặc hệ thống ghi."`,
				`"content":{"code":"validation_motcua_content","message":"Không sửa được."}`}, ExpectedEvents: testapp.Events(testapp.RefusedUpdateRequest)},
			withFeedback(access.Receptionist, nil)},
		{tests.ApiScenario{Name: "the clerk answers", Body: strings.NewReader(`{"status":"resolved","answer":"Đã hướng dẫn lại đúng danh mục giấy tờ."}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"resolved"`}, ExpectedEvents: answer},
			withFeedback(access.Receptionist, nil)},
		{tests.ApiScenario{Name: "the clerk publishes", Body: strings.NewReader(`{"published":true}`), ExpectedStatus: 403,
			ExpectedContent: []string{`"status":403`, `"message":"Chỉ lãnh đạo quyết định công khai trả lời phản ánh, kiến nghị."`}, ExpectedEvents: testapp.Events(testapp.RefusedUpdateRequest)},
			withFeedback(access.Receptionist, answered)},
		{tests.ApiScenario{Name: "the leader publishes", Body: strings.NewReader(`{"published":true}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"published":true`}, ExpectedEvents: answer},
			withFeedback(access.Leader, answered)},
	}
	for _, sc := range scenarios {
		s := sc.s
		s.Method = http.MethodPatch
		s.TestAppFactory = sc.factory(&s)
		s.Test(t)
	}
}
