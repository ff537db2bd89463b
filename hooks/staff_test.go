package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/internal/testapp"
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
