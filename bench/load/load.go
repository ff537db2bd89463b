// Package load is the benchmarks' HTTP load generator: N concurrent clients
// with keep-alive connections, each sending requests back to back, bounded
// by a duration and a request count, to loopback addresses only. It stops by
// itself at whichever bound comes first.
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config bounds a run.
type Config struct {
	Clients  int           // concurrent clients (default 8)
	Duration time.Duration // at most this long (default 10 s, never more than 2 minutes)
	Max      int64         // at most this many requests (default 1,000,000)
	Warmup   int           // requests sent before the clock starts, not counted
}

// Request builds the i-th request of client c.
type Request func(c, i int) (*http.Request, error)

// Result is a run's outcome.
type Result struct {
	Requests int64
	Errors   int64 // transport errors and unexpected statuses
	Elapsed  time.Duration
	P50, P99 time.Duration
	// FirstError says what went wrong first, for the report.
	FirstError string
}

// RPS is requests per second.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

func (r Result) String() string {
	return fmt.Sprintf("%d req in %.1fs = %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors",
		r.Requests, r.Elapsed.Seconds(), r.RPS(), ms(r.P50), ms(r.P99), r.Errors)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// CheckLoopback refuses any target that is not on this machine's loopback.
func CheckLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("load: %q is not a loopback address: the benchmarks only load this machine", host)
	}
	return nil
}

// NewClient is an HTTP client whose connections are kept alive for clients
// concurrent users.
func NewClient(clients int) *http.Client {
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: 30 * time.Second,
		DisableCompression: true}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// Run sends requests built by next from cfg.Clients clients until a bound is
// reached, and expects status want from each.
func Run(ctx context.Context, cfg Config, want int, next Request) (Result, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 8
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	cfg.Duration = min(cfg.Duration, 2*time.Minute)
	if cfg.Max <= 0 {
		cfg.Max = 1_000_000
	}
	client := NewClient(cfg.Clients)
	defer client.CloseIdleConnections()
	var firstErr atomic.Value
	do := func(c, i int) (time.Duration, bool) {
		req, err := next(c, i)
		if err != nil {
			firstErr.CompareAndSwap(nil, err.Error())
			return 0, false
		}
		if err := CheckLoopback(req.URL.String()); err != nil {
			firstErr.CompareAndSwap(nil, err.Error())
			return 0, false
		}
		t := time.Now()
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			firstErr.CompareAndSwap(nil, err.Error())
			return time.Since(t), false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t)
		if resp.StatusCode != want {
			firstErr.CompareAndSwap(nil, fmt.Sprintf("%s %s: %d %.200s", req.Method, req.URL.Path, resp.StatusCode, body))
			return d, false
		}
		return d, true
	}
	for i := 0; i < cfg.Warmup; i++ {
		do(cfg.Clients, i) // an extra client index: builders may key on it
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var sent, errs atomic.Int64
	lat := make([][]time.Duration, cfg.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				if sent.Add(1) > cfg.Max {
					sent.Add(-1)
					return
				}
				d, ok := do(c, i)
				if !ok {
					if ctx.Err() != nil {
						sent.Add(-1) // cut off by the deadline, not a failure
						return
					}
					errs.Add(1)
				}
				lat[c] = append(lat[c], d)
			}
		}()
	}
	wg.Wait()
	res := Result{Requests: sent.Load(), Errors: errs.Load(), Elapsed: time.Since(start)}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		res.P50, res.P99 = all[len(all)/2], all[len(all)*99/100]
	}
	if v := firstErr.Load(); v != nil {
		res.FirstError = v.(string)
	}
	if res.Requests > 0 && res.Errors*10 > res.Requests {
		return res, errors.New("load: more than 10% of requests failed: " + res.FirstError)
	}
	return res, nil
}
