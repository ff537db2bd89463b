package hooks_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/access"
	"motcua/internal/staff"
	"motcua/testapp"
)

// Intakes sent at the same time by two clerks are written in shared
// transactions; each keeps its own code, event and audit entries, under the
// clerk who received it.
func TestIntakesTogetherKeepTheirOwnClerk(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	first := testapp.Staff(t, app, access.Receptionist)
	second, err := staff.Add(app, "tiepnhan2@ninhxuan.example", "Motcua@2026", access.Receptionist, "Lê Thị Thử Hai")
	require.NoError(t, err)
	clerks := []*core.Record{first, second}
	proc := procedureID(t, app, "1.004873")

	const n = 40
	type made struct{ id, code, clerk string }
	var mu sync.Mutex
	var got []made
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			clerk := clerks[i%2]
			body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Người Thử %d","channel":"in_person"}`, proc, i)
			res := testapp.Do(t, app, map[string]string{"Authorization": testapp.Token(t, clerk)}, http.MethodPost,
				"/api/collections/dossiers/records", body)
			if !assert.Equal(t, http.StatusOK, res.Code, res.Body.String()) {
				return
			}
			var out struct{ ID, Code string }
			if assert.NoError(t, json.Unmarshal(res.Body.Bytes(), &out)) {
				mu.Lock()
				got = append(got, made{out.ID, out.Code, clerk.Id})
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	require.Len(t, got, n)
	assert.Greater(t, hooks.LargestIntakeBatch(app), 1, "some intakes shared a transaction")

	codes := map[string]bool{}
	for _, d := range got {
		codes[d.code] = true
		ev, err := app.FindFirstRecordByFilter("dossier_events", "dossier = {:d}", dbx.Params{"d": d.id})
		require.NoError(t, err)
		assert.Equal(t, d.clerk, ev.GetString("actor"), d.code)
		for _, rec := range []struct{ collection, id string }{{"dossiers", d.id}, {"dossier_events", ev.Id}} {
			var actor string
			require.NoError(t, app.DB().NewQuery("SELECT actor_id FROM audit_log WHERE collection = {:c} AND record_id = {:r} AND action = 'create'").
				Bind(dbx.Params{"c": rec.collection, "r": rec.id}).Row(&actor))
			assert.Equal(t, d.clerk, actor, "%s %s of %s", rec.collection, rec.id, d.code)
		}
	}
	assert.Len(t, codes, n, "no code given twice")
	res, err := hooks.VerifyAudit(app)
	require.NoError(t, err)
	assert.True(t, res.OK, "%+v", res)
}

// An intake that fails inside a batch is undone alone: its rows and audit
// entries are gone, the chain goes on from the intake before it, and the
// others are committed.
func TestFailedIntakeInABatchIsUndoneAlone(t *testing.T) {
	for _, failing := range []int{0, 1, 2} {
		t.Run(fmt.Sprint("failing ", failing), func(t *testing.T) {
			app := testapp.New(t)
			defer app.Cleanup()
			col, err := app.FindCollectionByNameOrId("sectors")
			require.NoError(t, err)
			taken, err := app.FindFirstRecordByFilter("sectors", "name != ''")
			require.NoError(t, err)
			var before int64
			require.NoError(t, app.DB().NewQuery("SELECT MAX(seq) FROM audit_log").Row(&before))

			actors := make([]hooks.AuditActor, 3)
			writes := make([]func(core.App) error, 3)
			for i := range writes {
				actors[i] = hooks.AuditActor{Type: hooks.ActorStaff, ID: fmt.Sprintf("actor%d", i), Name: fmt.Sprint("Người thứ ", i)}
				writes[i] = func(tx core.App) error {
					s := core.NewRecord(col)
					s.Set("name", fmt.Sprint("Lĩnh vực lô ", i))
					if err := tx.Save(s); err != nil {
						return err
					}
					if i != failing {
						return nil
					}
					// A second write that the database refuses (the name
					// is unique), after the first one and its audit entry.
					dup := core.NewRecord(col)
					dup.Set("name", taken.GetString("name"))
					return tx.SaveNoValidate(dup)
				}
			}
			errs := hooks.WriteIntakeBatch(app, actors, writes)
			for i, err := range errs {
				if i == failing {
					assert.Error(t, err)
					continue
				}
				assert.NoError(t, err)
			}

			var entries []struct {
				Seq      int64  `db:"seq"`
				ActorID  string `db:"actor_id"`
				RecordID string `db:"record_id"`
			}
			require.NoError(t, app.DB().NewQuery("SELECT seq, actor_id, record_id FROM audit_log WHERE seq > {:s} ORDER BY seq").
				Bind(dbx.Params{"s": before}).All(&entries))
			require.Len(t, entries, 2, "one entry for each committed write")
			k := 0
			for i := range writes {
				name := fmt.Sprint("Lĩnh vực lô ", i)
				rec, err := app.FindFirstRecordByData("sectors", "name", name)
				if i == failing {
					assert.ErrorIs(t, err, sql.ErrNoRows, "%s was undone", name)
					continue
				}
				require.NoError(t, err, name)
				assert.Equal(t, before+int64(k)+1, entries[k].Seq, "the chain has no gap")
				assert.Equal(t, rec.Id, entries[k].RecordID)
				assert.Equal(t, actors[i].ID, entries[k].ActorID, "each write under its own actor")
				k++
			}
			// The chain verifies, and the next change links to it.
			next := core.NewRecord(col)
			next.Set("name", "Lĩnh vực sau lô")
			require.NoError(t, app.Save(next))
			res, err := hooks.VerifyAudit(app)
			require.NoError(t, err)
			assert.True(t, res.OK, "%+v", res)
		})
	}
}

// A panic in one intake's writes is that intake's error; the batch goes on.
func TestPanicInABatchIsThatIntakesError(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	col, err := app.FindCollectionByNameOrId("sectors")
	require.NoError(t, err)
	save := func(name string) func(core.App) error {
		return func(tx core.App) error {
			s := core.NewRecord(col)
			s.Set("name", name)
			return tx.Save(s)
		}
	}
	actor := hooks.AuditActor{Type: hooks.ActorSystem, Name: "thử"}
	errs := hooks.WriteIntakeBatch(app, []hooks.AuditActor{actor, actor, actor}, []func(core.App) error{
		save("Lĩnh vực trước"),
		func(tx core.App) error {
			if err := save("Lĩnh vực hỏng")(tx); err != nil {
				return err
			}
			panic("hỏng")
		},
		save("Lĩnh vực sau"),
	})
	assert.NoError(t, errs[0])
	assert.ErrorContains(t, errs[1], "panic")
	assert.NoError(t, errs[2])
	for name, want := range map[string]bool{"Lĩnh vực trước": true, "Lĩnh vực hỏng": false, "Lĩnh vực sau": true} {
		_, err := app.FindFirstRecordByData("sectors", "name", name)
		assert.Equal(t, want, err == nil, name)
	}
	res, err := hooks.VerifyAudit(app)
	require.NoError(t, err)
	assert.True(t, res.OK, "%+v", res)
}
