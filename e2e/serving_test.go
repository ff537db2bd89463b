package e2e

import (
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileSize is the size of path, 0 when it does not exist.
func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// dataBytes is the size of the database in data (its pages, wherever they
// are: data.db or its write-ahead log).
func dataBytes(t *testing.T, data string) int64 {
	db, err := sql.Open("sqlite", filepath.Join(data, "data.db")+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	require.NoError(t, err)
	defer db.Close()
	var pages, size int64
	require.NoError(t, db.QueryRow("PRAGMA page_count").Scan(&pages))
	require.NoError(t, db.QueryRow("PRAGMA page_size").Scan(&size))
	return pages * size
}

// requestLog is the number and bytes of the rows of the server's request log.
func requestLog(t *testing.T, data string) (rows, bytes int64) {
	db, err := sql.Open("sqlite", filepath.Join(data, "auxiliary.db")+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.QueryRow(`SELECT count(*), coalesce(sum(length(id) + length(message) + length(data) + length(created) + 8), 0)
		FROM _logs`).Scan(&rows, &bytes))
	return rows, bytes
}

// TestWALAndRequestLogWhileServing: four clerks receive dossiers through the
// real server, each listing the dossiers after each intake; the write-ahead log grows while they work and is truncated
// once the office is idle, and the request log does not grow with the
// intakes (issue 14, row 8: the WAL stayed ~31 MB while serving; the request
// log grew twice as fast as the data). The figures are printed (-v).
func TestWALAndRequestLogWhileServing(t *testing.T) {
	const clerks, each = 4, 500
	data, base, client, clerk, body := intakeServer(t)

	wal := filepath.Join(data, "data.db-wal")
	dataBefore := dataBytes(t, data)
	_, logBytesBefore := requestLog(t, data)

	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if n := fileSize(wal); n > peak.Load() {
				peak.Store(n)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				req, _ := http.NewRequest(http.MethodPost, base+"/api/collections/dossiers/records", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", clerk)
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				if res.StatusCode != 200 {
					failed.Add(1)
				}
				res.Body.Close()
				// The desk lists the day's dossiers after each intake.
				req, _ = http.NewRequest(http.MethodGet, base+"/api/collections/dossiers/records?perPage=20&sort=-created", nil)
				req.Header.Set("Authorization", clerk)
				if res, err = client.Do(req); err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	require.Zero(t, failed.Load(), "every intake is received")
	assert.Positive(t, peak.Load(), "the log grows while the clerks work")

	// Idle: the server truncates the log by itself (after 3 s without a
	// commit); wait for it, measuring the file.
	deadline := time.Now().Add(60 * time.Second)
	for fileSize(wal) > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	idle := fileSize(wal)
	assert.Zero(t, idle, "the write-ahead log is truncated once the office is idle")

	// The request log is written in batches, at the latest 3 s after the
	// last request: one failed request, then wait until it is there.
	res, err := client.Post(base+"/api/collections/dossiers/records", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	res.Body.Close()
	var logRows, logBytes int64
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if logRows, logBytes = requestLog(t, data); logBytes > logBytesBefore {
			break
		}
	}
	dataGrowth := dataBytes(t, data) - dataBefore
	intakes := int64(clerks * each)
	t.Logf("%d intakes and as many lists: data.db-wal peak %.1f MB while serving, %d bytes once idle; the data grew %d bytes (%d per 1,000 intakes); "+
		"request log: %d rows, %d bytes added (%d per 1,000 intakes)",
		intakes, float64(peak.Load())/(1<<20), idle, dataGrowth, dataGrowth*1000/intakes,
		logRows, logBytes-logBytesBefore, (logBytes-logBytesBefore)*1000/intakes)
	assert.Less(t, logBytes-logBytesBefore, dataGrowth/10, "the request log grows far slower than the data")
}
