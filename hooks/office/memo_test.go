package office_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/access"
	"motcua/testapp"
)

// The office profile, the procedures and the calendar are kept in memory
// between intakes; these tests change them and look at the next dossier.
func TestMemoFollowsCommittedChanges(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	require.NoError(t, err)
	unit := office.GetString("unit_code")
	assert.True(t, strings.HasPrefix(testapp.NewDossier(t, app, "1.004873", time.Time{}).GetString("code"), unit+"-"))

	t.Run("a change through the admin API is seen by the next intake", func(t *testing.T) {
		res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodPatch,
			"/api/collections/office/records/"+office.Id, `{"unit_code":"H99.99.01"}`)
		require.Equal(t, http.StatusOK, res.Code, res.Body.String())
		assert.True(t, strings.HasPrefix(testapp.NewDossier(t, app, "1.004873", time.Time{}).GetString("code"), "H99.99.01-"))
	})

	t.Run("a rolled-back change is not kept", func(t *testing.T) {
		err := app.RunInTransaction(func(tx core.App) error {
			o, err := tx.FindRecordById("office", office.Id)
			require.NoError(t, err)
			o.Set("unit_code", "H00.00.00")
			require.NoError(t, tx.Save(o))
			// Inside the transaction that changed it, the new value is used.
			col, err := tx.FindCollectionByNameOrId("dossiers")
			require.NoError(t, err)
			d := core.NewRecord(col)
			d.Load(map[string]any{"procedure": testapp.ProcedureID(t, tx, "1.004873"), "applicant_name": "Nguyễn Văn Trong Giao Dịch"})
			require.NoError(t, tx.Save(d))
			assert.True(t, strings.HasPrefix(d.GetString("code"), "H00.00.00-"), d.GetString("code"))
			return errors.New("rolled back")
		})
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(testapp.NewDossier(t, app, "1.004873", time.Time{}).GetString("code"), "H99.99.01-"))
	})

	t.Run("a procedure's new time limit gives the next deadline", func(t *testing.T) {
		p, err := app.FindFirstRecordByData("procedures", "code", "1.004873")
		require.NoError(t, err)
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // a Tuesday, 16:00 in the office
		before := testapp.NewDossier(t, app, "1.004873", at).GetDateTime("due_at").Time()
		p.Set("time_limit_days", p.GetInt("time_limit_days")+5)
		require.NoError(t, app.Save(p))
		after := testapp.NewDossier(t, app, "1.004873", at).GetDateTime("due_at").Time()
		assert.True(t, after.After(before), "due %s, then %s", before, after)
	})
}
