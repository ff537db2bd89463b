package actor_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/actor"
	"motcua/internal/access"
	"motcua/testapp"
)

// A hook that saves records while another is saved: through e.App, through a
// transaction opened from it, and with the event's context. Each of them is
// recorded under the actor of the save that started it, whichever way that
// one named its actor. (A save through the bare transaction app:
// TestAuditGoCodeActors.)
func TestActorOfNestedSaves(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	leader := testapp.Staff(t, app, access.Leader)
	names := []string{"Lĩnh vực con qua e.App", "Lĩnh vực con trong giao dịch", "Lĩnh vực con theo ngữ cảnh"}
	app.OnRecordCreate("sectors").BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil || e.Record.GetString("name") != "Lĩnh vực cha" {
			return err
		}
		if err := e.App.Save(testapp.NewSector(t, app, names[0])); err != nil {
			return err
		}
		if err := e.App.RunInTransaction(func(tx core.App) error { return tx.Save(testapp.NewSector(t, app, names[1])) }); err != nil {
			return err
		}
		return e.App.SaveWithContext(e.Context, testapp.NewSector(t, app, names[2]))
	})
	for name, save := range map[string]func(r *core.Record) error{
		"context": func(r *core.Record) error {
			return app.SaveWithContext(actor.NewContext(t.Context(), actor.Staff(leader)), r)
		},
		"wrapper": func(r *core.Record) error { return actor.AsActor(app, actor.Staff(leader)).Save(r) },
	} {
		t.Run(name, func(t *testing.T) {
			parent := testapp.NewSector(t, app, "Lĩnh vực cha")
			require.NoError(t, save(parent))
			for _, n := range append([]string{"Lĩnh vực cha"}, names...) {
				rec, err := app.FindFirstRecordByData("sectors", "name", n)
				require.NoError(t, err, n)
				e := testapp.LastAudit(t, app, "record_id = '"+rec.Id+"' AND action = 'create'")
				assert.Equal(t, actor.TypeStaff, e.ActorType, n)
				assert.Equal(t, leader.Id, e.ActorID, n)
				require.NoError(t, app.Delete(rec))
			}
		})
	}
	testapp.RequireChainOK(t, app)
}

// Collections imported through an app with an actor (the admin UI's import
// runs through the request's) are recorded under it: PocketBase saves them
// through the bare transaction app.
func TestActorOfImportedCollections(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	leader := testapp.Staff(t, app, access.Admin)
	err := actor.AsActor(app, actor.Staff(leader)).ImportCollections([]map[string]any{{
		"name": "ghi_chu_thu", "type": "base", "fields": []map[string]any{{"name": "noi_dung", "type": "text"}},
	}}, false)
	require.NoError(t, err)
	c, err := app.FindCollectionByNameOrId("ghi_chu_thu")
	require.NoError(t, err)
	e := testapp.LastAudit(t, app, "collection = '_collections' AND record_id = '"+c.Id+"'")
	assert.Equal(t, "create", e.Action)
	assert.Equal(t, leader.Id, e.ActorID)
	testapp.RequireChainOK(t, app)
}

// A command's app records its changes under the command once it is named,
// in its transactions too; before that, under the system.
func TestActorOfACommand(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	cli, named := actor.AsCommand(app)
	early := testapp.NewSector(t, app, "Lĩnh vực trước lệnh")
	require.NoError(t, cli.Save(early))
	named("calendar import")
	inTx := testapp.NewSector(t, app, "Lĩnh vực trong lệnh")
	require.NoError(t, cli.RunInTransaction(func(tx core.App) error { return tx.Save(inTx) }))
	for rec, want := range map[*core.Record]actor.Actor{
		early: {Type: actor.TypeSystem},
		inTx:  {Type: actor.TypeCLI, Name: "calendar import"},
	} {
		e := testapp.LastAudit(t, app, "record_id = '"+rec.Id+"'")
		assert.Equal(t, want.Type, e.ActorType, rec.GetString("name"))
		assert.Equal(t, want.Name, e.ActorName, rec.GetString("name"))
	}
	// The app the commands were given is not changed.
	bare := testapp.NewSector(t, app, "Lĩnh vực ngoài lệnh")
	require.NoError(t, app.Save(bare))
	assert.Equal(t, actor.TypeSystem, testapp.LastAudit(t, app, "record_id = '"+bare.Id+"'").ActorType)
}
