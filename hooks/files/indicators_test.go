package files_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	selfcheck "motcua/hooks/inspect"
	"motcua/internal/inspect"
	"motcua/testapp"
)

// TestDigitisationIndicators: Decision 766's digitisation group is computed
// from dossier_files: papers digitised (4.2) and reused (4.3) among the
// dossiers received in the period, results digitised (4.1) among those ended
// with a result. Data built in code over the demo commune, read as deltas.
func TestDigitisationIndicators(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	since := time.Now().AddDate(0, 0, -60).UTC().Format("2006-01-02 15:04:05.000Z")
	totals := func() inspect.Counts {
		rep, err := selfcheck.Report(app, selfcheck.Options{})
		require.NoError(t, err)
		return rep.Indicators.Totals.Counts
	}
	before := totals()
	require.Positive(t, before.Received)
	require.Positive(t, before.Results)

	received, item := dossierWith(t, app, "status = 'processing' && received_at > '"+since+"' && applicant_id_number != ''")
	second, _ := dossierWith(t, app, "status = 'processing' && received_at > '"+since+"' && id != '"+received.Id+"'")
	second.Set("applicant_id_number", received.GetString("applicant_id_number"))
	second.Set("procedure", received.GetString("procedure"))
	require.NoError(t, app.Save(second))
	decided, _ := dossierWith(t, app, "status = 'decided' && ended_at > '"+since+"'")

	src := saveFile(t, app, received, item, "cccd.pdf", pdfBytes("chỉ số"))
	saveFile(t, app, received, item, "cccd-2.pdf", pdfBytes("chỉ số 2")) // a second paper: the dossier counts once
	c, err := app.FindCollectionByNameOrId("dossier_files")
	require.NoError(t, err)
	reuse := core.NewRecord(c)
	reuse.Load(map[string]any{"dossier": second.Id, "role": "submitted", "item": item, "reused_from": src.Id})
	require.NoError(t, app.Save(reuse))
	result := core.NewRecord(c)
	f, err := filesystem.NewFileFromBytes(pdfBytes("kết quả"), "ket-qua.pdf")
	require.NoError(t, err)
	result.Load(map[string]any{"dossier": decided.Id, "role": "result", "result_number": "7/GXN",
		"result_date": time.Now().UTC().Format("2006-01-02 15:04:05.000Z"), "result_signer": "Lê Lãnh Đạo Mẫu", "file": f})
	require.NoError(t, app.Save(result))

	after := totals()
	assert.Equal(t, before.Digitised+2, after.Digitised, "two dossiers received in the period with papers")
	assert.Equal(t, before.Reused+1, after.Reused)
	assert.Equal(t, before.ResultsDigitised+1, after.ResultsDigitised)
	assert.Equal(t, before.Received, after.Received)
	r := after.Rates()
	require.NotNil(t, r.Digitised)
	assert.InDelta(t, 100*float64(after.Digitised)/float64(after.Received), *r.Digitised, 0.001)

	rep, err := selfcheck.Report(app, selfcheck.Options{})
	require.NoError(t, err)
	for _, g := range rep.Indicators.Points766 {
		if g.Group != "Số hóa hồ sơ" {
			continue
		}
		assert.Equal(t, inspect.CoveragePartial, g.Coverage)
		require.NotNil(t, g.Value)
		assert.Positive(t, *g.Value)
	}
}

// TestPublicStatsDigital: the public statistics show the share of online
// dossiers among those of procedures offered online and the share of
// dossiers with digitised papers, as independent counts give them.
func TestPublicStatsDigital(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	year := time.Date(time.Now().Year(), 1, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600)).UTC().Format("2006-01-02 15:04:05.000Z")
	d, item := dossierWith(t, app, "status = 'processing' && received_at >= '"+year+"'")
	saveFile(t, app, d, item, "to-khai.pdf", pdfBytes("thống kê"))

	res := testapp.Do(t, app, nil, "GET", "/api/motcua/stats?period=year", "")
	require.Equal(t, 200, res.Code, res.Body.String())
	var s struct {
		Received int
		Digital  struct {
			OfferedOnline int      `json:"offered_online"`
			Online        int      `json:"online"`
			OnlineRate    *float64 `json:"online_rate"`
			Digitised     int      `json:"digitised"`
			DigitisedRate *float64 `json:"digitised_rate"`
		}
	}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &s))
	count := func(q string) int {
		var n int
		require.NoError(t, app.DB().NewQuery(q).Bind(map[string]any{"y": year}).Row(&n))
		return n
	}
	base := "FROM dossiers d JOIN procedures p ON p.id = d.procedure WHERE d.received_at >= {:y} AND d.status != 'refused'"
	assert.Equal(t, count("SELECT COUNT(*) "+base+" AND p.online_level IN ('partial','full')"), s.Digital.OfferedOnline)
	assert.Equal(t, count("SELECT COUNT(*) "+base+" AND p.online_level IN ('partial','full') AND d.channel = 'online'"), s.Digital.Online)
	assert.Equal(t, 1, s.Digital.Digitised)
	require.NotNil(t, s.Digital.DigitisedRate)
	assert.InDelta(t, 100.0/float64(s.Received), *s.Digital.DigitisedRate, 0.05)
}
