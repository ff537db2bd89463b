package hooks_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"

	"motcua/hooks/dossier"
	"motcua/testapp"
	"motcua/testapp/cli"
)

// TestCommandBesideABusyServer runs `motcua staff add` and `motcua inspect`
// from a second app over the data dir of a server that is taking intakes from
// two clerks without pause. The writers wait for each other (BEGIN
// IMMEDIATE and the busy timeout) instead of failing with "database is locked
// (517)", as one `staff add` in three and every `inspect` did (issue 14, row 3).
func TestCommandBesideABusyServer(t *testing.T) {
	server := testapp.New(t)
	defer server.Cleanup()
	command := testapp.Beside(t, server)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var serverErrs []error
	intakes := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				d, err := receive(server, "1.004873", time.Time{})
				mu.Lock()
				if err != nil {
					serverErrs = append(serverErrs, err)
				} else if d != nil {
					intakes++
				}
				mu.Unlock()
			}
		}()
	}
	var cmdErrs []string
	for i := range 10 {
		out, err := cli.Run(t, command, "staff", "add", fmt.Sprintf("canbo.ben%d@ninhxuan.example", i), "Mat-khau-dai-2026", "--role", "specialist")
		if err != nil {
			cmdErrs = append(cmdErrs, fmt.Sprint(err, out))
		}
	}
	if out, err := cli.Run(t, command, "inspect", "--json"); err != nil {
		cmdErrs = append(cmdErrs, fmt.Sprint("inspect: ", err, out))
	}
	close(stop)
	wg.Wait()
	assert.Empty(t, cmdErrs, "every command beside the server succeeds")
	assert.Empty(t, serverErrs, "every intake beside the command succeeds")
	assert.NotZero(t, intakes)
	t.Logf("%d intakes while the commands ran", intakes)
	testapp.RequireChainOK(t, server)
}

// receive receives a dossier of procedure code as Go code, returning the
// error rather than failing the test (it runs in goroutines).
func receive(app core.App, code string, at time.Time) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId("dossiers")
	if err != nil {
		return nil, err
	}
	proc, err := app.FindFirstRecordByData("procedures", "code", code)
	if err != nil {
		return nil, err
	}
	d := core.NewRecord(col)
	d.Load(map[string]any{"procedure": proc.Id, "applicant_name": "Nguyễn Văn Kiểm Thử", "applicant_phone": "0900999001"})
	return d, dossier.SaveAs(app, d, dossier.Actor{Name: "Kiểm thử", At: at})
}
