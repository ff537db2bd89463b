package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandsBesideABusyServer runs `motcua staff add` and `motcua inspect`
// (the real binary, another process) on the data dir of a server taking
// intakes from four clerks without pause. Both sides wait for the write lock
// instead of failing with "database is locked (517)" (issue 14, row 3).
func TestCommandsBesideABusyServer(t *testing.T) {
	data, base, client, clerk, body := intakeServer(t)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	var failures []string
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodPost, base+"/api/collections/dossiers/records", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", clerk)
				res, err := client.Do(req)
				mu.Lock()
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					b, _ := io.ReadAll(res.Body)
					res.Body.Close()
					statuses[res.StatusCode]++
					if res.StatusCode != 200 && len(failures) < 5 {
						failures = append(failures, string(b))
					}
				}
				mu.Unlock()
			}
		}()
	}
	var cmdFailures []string
	for i := range 6 {
		out, code := run(t, "staff", "add", fmt.Sprintf("canbo.ben%d@ninhxuan.example", i), "Mat-khau-dai-2026", "--role", "specialist", "--dir", data)
		if code != 0 {
			cmdFailures = append(cmdFailures, out)
		}
	}
	if out, code := run(t, "inspect", "--json", "--dir", data); code != 0 {
		cmdFailures = append(cmdFailures, out)
	}
	close(stop)
	wg.Wait()
	t.Logf("intakes while the commands ran, by status: %v", statuses)
	assert.Empty(t, cmdFailures, "every command beside the server succeeds")
	assert.Empty(t, failures, "every intake beside the commands succeeds")
	assert.NotZero(t, statuses[200])
	out, code := run(t, "audit", "verify", "--dir", data)
	assert.Equal(t, 0, code, out)
}

// intakeServer loads the demo commune into a new data dir, serves it with the
// real binary and signs the one-stop clerk in: the data dir, the server's
// address, a client, the clerk's token and the body of an intake of a
// same-day procedure.
func intakeServer(t *testing.T) (data, base string, client *http.Client, clerk, body string) {
	t.Helper()
	data, base, client, _, clerk = demoOnline(t)
	req, _ := http.NewRequest(http.MethodGet, base+"/api/collections/procedures/records?filter="+urlq("code='1.004873'"), nil)
	req.Header.Set("Authorization", clerk)
	res, err := client.Do(req)
	require.NoError(t, err)
	var procs struct {
		Items []struct{ ID string } `json:"items"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&procs))
	res.Body.Close()
	require.Len(t, procs.Items, 1)
	body = fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Thử"}`, procs.Items[0].ID)
	return data, base, client, clerk, body
}
