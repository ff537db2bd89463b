package public_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"motcua/hooks/dossier"
	"motcua/internal/access"
	"motcua/testapp"
)

// pubStatsCount runs an independent count, the way an inspector would.
func pubStatsCount(t testing.TB, app *tests.TestApp, where string, params dbx.Params) int {
	t.Helper()
	var n int
	require.NoError(t, app.DB().NewQuery("SELECT COUNT(*) FROM dossiers WHERE "+where).Bind(params).Row(&n))
	return n
}

func TestPublicStats(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	// This month's own activity on top of the demo history: one returned
	// and rated, one open.
	rated := pubReturnedDossier(t, app, "1.004873")
	testapp.NewDossier(t, app, "2.000884", time.Time{}, testapp.OfCitizen, testapp.ByRole(access.Receptionist))
	// And one refused at the counter.
	col, err := app.FindCollectionByNameOrId("dossiers")
	require.NoError(t, err)
	refused := core.NewRecord(col)
	refused.Load(map[string]any{"procedure": rated.GetString("procedure"), "applicant_name": testapp.CitizenName,
		"channel": "in_person", "status": "refused", "note": "Không thuộc thẩm quyền của xã."})
	require.NoError(t, dossier.SaveAs(app, refused, dossier.Actor{Role: "receptionist", Name: "Trần Một Cửa Mẫu"}))
	code := rated.GetString("code")
	res := testapp.Do(t, app, nil, http.MethodPost, "/api/motcua/ratings", pubRatingBody(code, "3987", "dissatisfied"))
	require.Equal(t, 200, res.Code, res.Body.String())

	for _, period := range []string{"month", "year"} {
		res := testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/stats?period="+period, "")
		require.Equal(t, 200, res.Code, res.Body.String())
		s := pubDecode(t, res)
		require.Equal(t, period, s["period"])
		params := dbx.Params{}
		from := s["from"].(string)
		// Bounds in office time, as PocketBase stores them (UTC text).
		var fromDB string
		require.NoError(t, app.DB().NewQuery("SELECT strftime('%Y-%m-%d %H:%M:%S.000Z', {:d}, '-7 hours')").Bind(dbx.Params{"d": from}).Row(&fromDB))
		params["from"] = fromDB

		// Refused at intake: never received, never ended (issue 13.4).
		received := pubStatsCount(t, app, "received_at >= {:from} AND status != 'refused'", params)
		// Ended with a result: not a dossier stopped or withdrawn before its
		// due time (lifecycle.ClassifyEnding).
		ended := pubStatsCount(t, app, "ended_at >= {:from} AND status NOT IN ('refused', 'stopped', 'withdrawal_requested') AND "+
			"id NOT IN (SELECT dossier FROM dossier_events WHERE action = 'request_withdrawal')", params)
		ended += pubStatsCount(t, app, "ended_at >= {:from} AND status IN ('stopped', 'withdrawal_requested') AND result_class = 'late'", params)
		ended += pubStatsCount(t, app, "ended_at >= {:from} AND status = 'returned' AND result_class = 'late' AND "+
			"id IN (SELECT dossier FROM dossier_events WHERE action = 'request_withdrawal')", params)
		require.Positive(t, pubStatsCount(t, app, "ended_at >= {:from} AND status = 'refused'", params))
		late := pubStatsCount(t, app, "ended_at >= {:from} AND result_class = 'late'", params)
		onTime := pubStatsCount(t, app, "ended_at >= {:from} AND result_class IN ('early','on_time')", params)
		require.EqualValues(t, received, s["received"])
		require.EqualValues(t, ended, s["ended"])
		require.EqualValues(t, late, s["late"])
		require.EqualValues(t, onTime, s["on_time"])
		require.GreaterOrEqual(t, received, 2)

		var sum float64
		for _, row := range s["by_sector"].([]any) {
			sum += row.(map[string]any)["received"].(float64)
		}
		require.EqualValues(t, received, sum, "sectors add up")

		sat := s["satisfaction"].(map[string]any)
		rated := pubStatsCount(t, app, "rating != '' AND rated_at >= {:from}", params)
		happy := pubStatsCount(t, app, "rating IN ('satisfied','very_satisfied') AND rated_at >= {:from}", params)
		require.EqualValues(t, rated, sat["rated"])
		require.GreaterOrEqual(t, sat["dissatisfied"], 1.0)
		require.InDelta(t, float64(happy)*100/float64(rated), sat["rate"], 0.05)
	}

	res = testapp.Do(t, app, nil, http.MethodGet, "/api/motcua/stats?period=week", "")
	require.Equal(t, 400, res.Code)
	require.Contains(t, res.Body.String(), "Kỳ thống kê không hợp lệ")
}
