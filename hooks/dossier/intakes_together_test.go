package dossier_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/audit"
	"motcua/hooks/roles"
	"motcua/internal/access"
	"motcua/testapp"
)

// Intakes sent at the same time by two clerks each keep their own code,
// event and audit entries, under the clerk who received them.
func TestIntakesTogetherKeepTheirOwnClerk(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	first := testapp.Staff(t, app, access.Receptionist)
	second, err := roles.AddStaff(app, "tiepnhan2@ninhxuan.example", "Motcua@2026", access.Receptionist, "Lê Thị Thử Hai")
	require.NoError(t, err)
	clerks := []*core.Record{first, second}
	proc := testapp.ProcedureID(t, app, "1.004873")

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
	res, err := audit.VerifyAudit(app)
	require.NoError(t, err)
	assert.True(t, res.OK, "%+v", res)
}
