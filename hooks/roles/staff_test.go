package roles_test

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

// TestFirstAccountIsTheAdmin: PocketBase's installer and `superuser` command
// know nothing of roles; the first account they make is the IT officer's.
func TestFirstAccountIsTheAdmin(t *testing.T) {
	app := testapp.Empty(t)
	defer app.Cleanup()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)

	first := core.NewRecord(col)
	first.SetEmail("it@ninhxuan.example")
	first.SetPassword("Mat-khau-dai-2026")
	require.NoError(t, app.Save(first))
	assert.Equal(t, access.Admin, first.GetString("role"))

	second := core.NewRecord(col)
	second.SetEmail("clerk@ninhxuan.example")
	second.SetPassword("Mat-khau-dai-2026")
	err = app.Save(second)
	require.Error(t, err, "a later account needs a role")
	assert.Contains(t, err.Error(), "vai trò")

	second.Set("role", access.Receptionist)
	require.NoError(t, app.Save(second))
}

func TestTheLastAdminStays(t *testing.T) {
	app := testapp.Empty(t)
	defer app.Cleanup()
	col, _ := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	admin := core.NewRecord(col)
	admin.SetEmail("it@ninhxuan.example")
	admin.SetPassword("Mat-khau-dai-2026")
	require.NoError(t, app.Save(admin))

	admin, err := app.FindRecordById(col, admin.Id)
	require.NoError(t, err)
	admin.Set("role", access.Leader)
	assert.Error(t, app.Save(admin), "demoting the only admin")
	admin, _ = app.FindRecordById(col, admin.Id)
	assert.Error(t, app.Delete(admin), "deleting the only admin")
}

// TestTheLastAdminStaysThroughTheAPI: the rule's sentence reaches the admin
// (a model hook's plain error would read "Failed to update record."), and
// nothing is written: the update is refused before its success events.
func TestTheLastAdminStaysThroughTheAPI(t *testing.T) {
	for _, c := range []struct{ name, method, body string }{
		{"demote", http.MethodPatch, `{"role":"leader"}`},
		{"delete", http.MethodDelete, ""},
	} {
		s := &tests.ApiScenario{
			Name:   c.name + " the only admin",
			Method: c.method,
			ExpectedContent: []string{
				`"message":"Không thể bỏ quản trị viên cuối cùng: hãy tạo một tài khoản quản trị khác trước."`,
				`"role":{"code":"validation_motcua_role"`,
			},
			ExpectedStatus:     400,
			NotExpectedContent: []string{"Failed to"},
		}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
			app := testapp.New(tb)
			admins, err := app.FindRecordsByFilter(core.CollectionNameSuperusers, "role = 'admin'", "", 0, 0)
			require.NoError(tb, err)
			require.Len(tb, admins, 1, "the demo commune has one admin")
			s.URL = "/api/collections/_superusers/records/" + admins[0].Id
			s.Headers = testapp.Auth(tb, app, access.Admin)
			return app
		}
		if c.method == http.MethodDelete {
			s.ExpectedEvents = map[string]int{"OnRecordDeleteRequest": 1, "OnRecordDelete": 1, "OnRecordAfterDeleteError": 1, "OnModelDelete": 1, "OnModelAfterDeleteError": 1}
		} else {
			s.ExpectedEvents = map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordAfterUpdateError": 1, "OnModelUpdate": 1, "OnModelAfterUpdateError": 1}
		}
		s.Test(t)
	}
}
