package hooks_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/access"
	"motcua/internal/testapp"
)

// TestAuditBackups: a backup made by the admin through the API, and one made
// by Go code (the scheduled backup), are entries of the chain; a clerk may
// make neither.
func TestAuditBackups(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)

	res := testapp.Do(t, app, testapp.Auth(t, app, access.Admin), http.MethodPost, "/api/backups", `{"name":"truoc_nang_cap.zip"}`)
	require.Equal(t, http.StatusNoContent, res.Code, res.Body.String())
	e := lastAudit(t, app, "action = 'backup_create'")
	assert.Equal(t, "truoc_nang_cap.zip", e.changes["name"])
	assert.Equal(t, admin.Id, e.ActorID)

	require.NoError(t, app.CreateBackup(hooks.ActorContext(context.Background(), hooks.SystemActor("auto_backup")), "tu_dong.zip"))
	e = lastAudit(t, app, "action = 'backup_create'")
	assert.Equal(t, "tu_dong.zip", e.changes["name"])
	assert.Equal(t, hooks.ActorSystem, e.ActorType)
	assert.Equal(t, "auto_backup", e.ActorName)

	before := auditCount(t, app)
	res = testapp.Do(t, app, testapp.Auth(t, app, access.Receptionist), http.MethodPost, "/api/backups", `{"name":"x.zip"}`)
	assert.Equal(t, http.StatusForbidden, res.Code)
	assert.Equal(t, before, auditCount(t, app), "a refused backup leaves no entry")
	requireChainOK(t, app)
}
