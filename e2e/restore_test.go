package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRestoreNeverReissuesCodes: dossiers received and feedback sent after a
// backup keep their codes to themselves once the backup is restored (the next
// intakes and feedback are numbered past them), and the replaced data dir is kept under
// pb_data/replaced/ (issue 14, row 2: 10 of 10 codes were issued again).
func TestRestoreNeverReissuesCodes(t *testing.T) {
	data, base, client, admin, clerk := demoOnline(t)

	call := func(token, method, path, body string) (int, string) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := client.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := call(clerk, http.MethodGet, "/api/collections/procedures/records?filter="+urlq("code='1.004873'"), "")
	require.Equal(t, 200, status, body)
	var procs struct {
		Items []struct{ ID string } `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &procs))
	require.Len(t, procs.Items, 1)
	receive := func(n int) []string {
		var codes []string
		for i := range n {
			status, body := call(clerk, http.MethodPost, "/api/collections/dossiers/records",
				fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Thử %d"}`, procs.Items[0].ID, i))
			require.Equal(t, 200, status, body)
			var d struct{ Code string }
			require.NoError(t, json.Unmarshal([]byte(body), &d))
			codes = append(codes, d.Code)
		}
		return codes
	}

	// Feedback tracking codes are given to citizens too (sent as staff:
	// the public rate limit does not apply).
	feedback := func(n int) []string {
		var codes []string
		for i := range n {
			status, body := call(admin, http.MethodPost, "/api/motcua/feedback",
				fmt.Sprintf(`{"kind":"feedback","name":"Nguyễn Văn Thử %d","address":"Thôn Thử, xã Ninh Xuân","phone":"0900000001",`+
					`"content":"Phản ánh thử nghiệm số %d về đường làng."}`, i, i))
			require.Equal(t, 200, status, body)
			var f struct {
				Code string `json:"tracking_code"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &f))
			codes = append(codes, f.Code)
		}
		return codes
	}

	receive(2)
	feedback(1)
	status, body = call(admin, http.MethodPost, "/api/backups", `{"name":"truoc_khoi_phuc.zip"}`)
	require.Equal(t, 204, status, body)
	lost := receive(5) // printed on receipts, then lost with the restore
	lostFeedback := feedback(3)
	status, body = call(admin, http.MethodPost, "/api/backups/truoc_khoi_phuc.zip/restore", "")
	require.Equal(t, 204, status, body)

	// The server restarts itself on the restored data dir: wait until a
	// dossier received after the backup is gone.
	deadline := time.Now().Add(60 * time.Second)
	for {
		status, _ := call(clerk, http.MethodGet, "/api/collections/dossiers/records?filter="+urlq("code='"+lost[0]+"'"), "")
		if status == 200 {
			_, body := call(clerk, http.MethodGet, "/api/collections/dossiers/records?filter="+urlq("code='"+lost[0]+"'"), "")
			if strings.Contains(body, `"totalItems":0`) {
				break
			}
		}
		require.False(t, time.Now().After(deadline), "the restore did not take effect")
		time.Sleep(200 * time.Millisecond)
	}

	after := receive(5)
	for _, c := range after {
		assert.NotContains(t, lost, c, "code %s was already issued before the restore", c)
	}
	assert.Greater(t, after[0], lost[len(lost)-1], "numbering continues past the last code issued")
	afterFeedback := feedback(3)
	for _, c := range afterFeedback {
		assert.NotContains(t, lostFeedback, c, "tracking code %s was already given before the restore", c)
	}
	assert.Greater(t, afterFeedback[0], lostFeedback[len(lostFeedback)-1], "feedback numbering continues past the last code given")

	kept, err := filepath.Glob(filepath.Join(data, "replaced", "*", "data.db"))
	require.NoError(t, err)
	require.Len(t, kept, 1, "the replaced data dir is kept")
	_, err = os.Stat(filepath.Join(filepath.Dir(kept[0]), ".codes_reconciled"))
	assert.NoError(t, err)
}
