// Command run is `make bench`: for each size it generates a busy ward's
// history (bench/gen), seeds a bare PocketBase of the same size (bench/bare),
// starts both real binaries on loopback, loads them side by side
// (bench/load), measures the self-inspection, the indicators, the audit
// check, memory, start-up and binary size, and prints Markdown tables.
//
//	go run ./bench/run -sizes 10000,100000,400000 -motcua ./motcua -bare ./bare
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/bench/gen"
	"motcua/bench/load"
	"motcua/demo"
	"motcua/hooks"
	"motcua/hooks/actor"
	"motcua/hooks/inspect"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

type options struct {
	sizes          []int
	motcua, bare   string
	out            string
	clients        int
	duration       time.Duration
	keep, skipLoad bool
}

func main() {
	var o options
	var sizes string
	flag.StringVar(&sizes, "sizes", "10000,100000,400000", "dossier counts, comma-separated")
	flag.StringVar(&o.motcua, "motcua", "./motcua", "the motcua binary")
	flag.StringVar(&o.bare, "bare", "./bare", "the bare PocketBase binary (bench/bare)")
	flag.StringVar(&o.out, "out", filepath.Join(os.TempDir(), "motcua-bench"), "folder for the data dirs and results.md")
	flag.IntVar(&o.clients, "clients", 8, "concurrent clients")
	flag.DurationVar(&o.duration, "duration", 8*time.Second, "length of each load run (at most 2 minutes)")
	flag.BoolVar(&o.keep, "keep", false, "keep the data dirs (reuse them when their size matches)")
	ab := flag.String("ab", "", "another motcua binary, or \"bare\" for -bare's create: compare its intake with -motcua's on copies of kept data dirs, and nothing else")
	rounds := flag.Int("rounds", 6, "with -ab: runs of each binary, taking turns")
	prov := provinceFlags()
	flag.Parse()
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		if err != nil || n <= 0 {
			fail(fmt.Errorf("bad size %q", s))
		}
		o.sizes = append(o.sizes, n)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		fail(err)
	}
	if prov.parts != "" {
		if err := runProvince(o, prov); err != nil {
			fail(err)
		}
		return
	}
	if *ab != "" {
		if err := abIntake(o, o.sizes[0], *ab, *rounds); err != nil {
			fail(err)
		}
		return
	}
	var results []*result
	for _, n := range o.sizes {
		r, err := runSize(o, n)
		if err != nil {
			fail(fmt.Errorf("size %d: %w", n, err))
		}
		results = append(results, r)
		fmt.Println(r.markdown())
	}
	report := header(o) + "\n"
	for _, r := range results {
		report += r.markdown() + "\n"
	}
	if len(results) > 1 {
		report += growth(results)
	}
	fmt.Println(growth(results))
	path := filepath.Join(o.out, "results.md")
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		fail(err)
	}
	fmt.Println("Results written to", path)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func header(o options) string {
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("Machine: %d CPUs (nproc), Go %s, load average at the end %s; %d clients, %s per run.\n",
		runtime.NumCPU(), runtime.Version(), strings.Join(strings.Fields(string(load))[:3], " "), o.clients, o.duration)
}

// result holds one size's figures.
type result struct {
	size                         int
	st                           gen.Stats
	genTime, bareSeed            time.Duration
	dataMB                       float64
	createM, createB             load.Result
	lookupM, viewB               load.Result
	searchM, listB               load.Result
	startM, startB               time.Duration
	idleM, peakM, idleB, peakB   int64 // kB
	inspectYear, indicatorsMonth time.Duration
	verify                       time.Duration
	verifyEntries                int64
	binM, binB                   int64
	year                         int
	month                        string
	inspectCLI                   time.Duration
	findings                     int
	todayUsed                    int64
}

func runSize(o options, n int) (*result, error) {
	r := &result{size: n}
	mdir := filepath.Join(o.out, fmt.Sprintf("motcua-%d", n))
	bdir := filepath.Join(o.out, fmt.Sprintf("bare-%d", n))
	meta := filepath.Join(mdir, "bench-stats.json")
	reuse := false
	if o.keep {
		if raw, err := os.ReadFile(meta); err == nil && json.Unmarshal(raw, &r.st) == nil && r.st.Dossiers == int64(n) {
			reuse = true
		}
	}
	if !reuse {
		os.RemoveAll(mdir)
		os.RemoveAll(bdir)
		fmt.Printf("== %d dossiers: generating a ten-year history in %s\n", n, mdir)
		st, err := gen.Generate(mdir, gen.Config{Dossiers: n, Years: 10, Seed: 42, Log: os.Stdout})
		if err != nil {
			return nil, err
		}
		r.st = st
		raw, _ := json.Marshal(st)
		os.WriteFile(meta, raw, 0o644)
		t := time.Now()
		if out, err := exec.Command(o.bare, "seed", strconv.Itoa(n), "--dir", bdir).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("bare seed: %v: %s", err, out)
		}
		r.bareSeed = time.Since(t)
		if out, err := exec.Command(o.bare, "superuser", "upsert", "bench@bare.example", "BenchPass123", "--dir", bdir).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("bare superuser: %v: %s", err, out)
		}
	}
	r.genTime = r.st.Elapsed
	fmt.Printf("   generated %d dossiers, %d events, %d audit entries in %s\n", r.st.Dossiers, r.st.Events, r.st.Audit, r.st.Elapsed.Round(time.Second))
	r.dataMB = float64(fileSize(filepath.Join(mdir, "data.db"))) / (1 << 20)
	r.binM, r.binB = fileSize(o.motcua), fileSize(o.bare)

	// The office's morning: last night's daily check of the chain has run
	// (the generator ends with it). The audit check, as the IT officer runs it.
	fmt.Println("   audit verify ...")
	// The median of three runs, as for the other times: the first run
	// after generation meets a file still being written back by the OS.
	var vr struct {
		OK      bool  `json:"ok"`
		Entries int64 `json:"entries"`
	}
	var verifies []time.Duration
	for range 3 {
		t := time.Now()
		out, err := exec.Command(o.motcua, "audit", "verify", "--json", "--dir", mdir).Output()
		verifies = append(verifies, time.Since(t))
		if err != nil {
			return nil, fmt.Errorf("audit verify: %v: %s", err, out)
		}
		if err := json.Unmarshal(out, &vr); err != nil || !vr.OK {
			return nil, fmt.Errorf("audit verify: not ok: %s", out)
		}
	}
	r.verify = median(verifies)
	r.verifyEntries = vr.Entries

	// The self-inspection of the last full year, as the CLI runs it.
	r.year = r.st.LastDay.Year - 1
	fmt.Printf("   inspect %d ...\n", r.year)
	t := time.Now()
	out, err := exec.Command(o.motcua, "inspect", "--from", fmt.Sprintf("%d-01-01", r.year), "--to", fmt.Sprintf("%d-12-31", r.year),
		"--json", "--dir", mdir).Output()
	r.inspectCLI = time.Since(t)
	if err != nil {
		return nil, fmt.Errorf("inspect: %v: %s", err, out)
	}

	// In-process: the engine without the process start.
	if err := r.inProcess(mdir); err != nil {
		return nil, err
	}

	// Start-up: the median of three starts, exec to the first 200 on /api/health.
	var m, b *server
	var startsM, startsB []time.Duration
	for i := 0; i < 3; i++ {
		if m, err = start(o.motcua, mdir); err != nil {
			return nil, err
		}
		startsM = append(startsM, m.startup)
		if b, err = start(o.bare, bdir); err != nil {
			m.stop()
			return nil, err
		}
		startsB = append(startsB, b.startup)
		if i < 2 {
			m.stop()
			b.stop()
		}
	}
	defer m.stop()
	defer b.stop()
	r.startM, r.startB = median(startsM), median(startsB)
	time.Sleep(2 * time.Second)
	r.idleM, _ = rss(m.cmd.Process.Pid)
	r.idleB, _ = rss(b.cmd.Process.Pid)

	ctx := context.Background()
	tokM, err := token(m.base, "_superusers", "motcua@ninhxuan.example", demo.Password)
	if err != nil {
		return nil, err
	}
	tokB, err := token(b.base, "_superusers", "bench@bare.example", "BenchPass123")
	if err != nil {
		return nil, err
	}
	procID, err := firstProcedure(m.base, tokM)
	if err != nil {
		return nil, err
	}
	cfg := load.Config{Clients: o.clients, Duration: o.duration, Warmup: 50}

	fmt.Println("   intake (create) ...")
	createCfg := cfg
	// Codes are numbered per office day up to 9999: 4,000 a run leaves room
	// for a second run on a kept data dir the same day.
	createCfg.Max = min(4000, 9900-r.todayUsed)
	if createCfg.Max < 500 {
		return nil, fmt.Errorf("%s has %d dossiers numbered today: run without -keep (or tomorrow)", mdir, r.todayUsed)
	}
	run := time.Now().UnixNano() // bare codes stay unique on a kept data dir
	r.createM, err = load.Run(ctx, createCfg, http.StatusOK, intakeRequest(m.base, tokM, procID))
	if err != nil {
		return nil, fmt.Errorf("motcua create: %w", err)
	}
	r.createB, err = load.Run(ctx, createCfg, http.StatusOK, bareCreateRequest(b.base, tokB, fmt.Sprintf("%d-%d", n, run)))
	if err != nil {
		return nil, fmt.Errorf("bare create: %w", err)
	}

	fmt.Println("   look-up and view ...")
	codes := r.st.Codes
	r.lookupM, err = load.Run(ctx, cfg, http.StatusOK, func(c, i int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, m.base+"/api/motcua/dossiers/"+codes[(c*7919+i*104729)%len(codes)], nil)
	})
	if err != nil {
		return nil, fmt.Errorf("motcua look-up: %w", err)
	}
	r.viewB, err = load.Run(ctx, cfg, http.StatusOK, func(c, i int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, b.base+"/api/collections/dossiers/records/"+bareID(1+(c*7919+i*104729)%n), nil)
	})
	if err != nil {
		return nil, fmt.Errorf("bare view: %w", err)
	}

	fmt.Println("   search and list ...")
	queries := []string{"khai sinh", "chung thuc", "ho tich", "ket hon", "hoa giai", "tro cap"}
	r.searchM, err = load.Run(ctx, cfg, http.StatusOK, func(c, i int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, m.base+"/api/motcua/procedures?q="+url.QueryEscape(queries[(c+i)%len(queries)]), nil)
	})
	if err != nil {
		return nil, fmt.Errorf("motcua search: %w", err)
	}
	r.listB, err = load.Run(ctx, cfg, http.StatusOK, func(c, i int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, b.base+"/api/collections/dossiers/records?perPage=20&skipTotal=1", nil)
	})
	if err != nil {
		return nil, fmt.Errorf("bare list: %w", err)
	}
	r.peakM, _ = hwm(m.cmd.Process.Pid)
	r.peakB, _ = hwm(b.cmd.Process.Pid)
	m.stop()
	b.stop()

	return r, nil
}

func (r *result) inProcess(dir string) error {
	base := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := base.Bootstrap(); err != nil {
		return err
	}
	defer base.ResetBootstrapState()
	hooks.Register(base, hooks.Options{})
	app := actor.AsActor(base, actor.Command("bench"))
	from := calendar.Date{Year: r.year, Month: time.January, Day: 1}
	to := calendar.Date{Year: r.year, Month: time.December, Day: 31}
	best := func(fn func() error) (time.Duration, error) {
		var ds []time.Duration
		for i := 0; i < 3; i++ {
			t := time.Now()
			if err := fn(); err != nil {
				return 0, err
			}
			ds = append(ds, time.Since(t))
		}
		return median(ds), nil
	}
	// Intake numbers the day's dossiers up to 9999: what is left today.
	var unit string
	if err := app.DB().NewQuery("SELECT unit_code FROM office LIMIT 1").Row(&unit); err != nil {
		return err
	}
	prefix := lifecycle.CodeFormat(unit, time.Now().In(calendar.Location), 0)
	prefix = prefix[:len(prefix)-4]
	if err := app.DB().NewQuery("SELECT count(*) FROM dossiers WHERE code >= {:lo} AND code < {:hi}").
		Bind(map[string]any{"lo": prefix, "hi": prefix[:len(prefix)-1] + "."}).Row(&r.todayUsed); err != nil {
		return err
	}
	var err error
	r.inspectYear, err = best(func() error {
		rep, err := inspect.Run(app, inspect.Options{From: from, To: to})
		if err == nil {
			r.findings = len(rep.Findings)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("inspection: %w", err)
	}
	mFrom := calendar.Date{Year: r.year, Month: time.October, Day: 1}
	mTo := calendar.Date{Year: r.year, Month: time.October, Day: 31}
	r.month = fmt.Sprintf("%d-10", r.year)
	r.indicatorsMonth, err = best(func() error {
		_, err := inspect.Report(app, inspect.Options{From: mFrom, To: mTo})
		return err
	})
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	return nil
}

// server is a running binary.
type server struct {
	cmd     *exec.Cmd
	base    string
	startup time.Duration
	log     *bytes.Buffer
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func start(bin, dir string, flags ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s := &server{base: "http://" + addr, log: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, append([]string{"serve", "--dir", dir, "--http", addr}, flags...)...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	t := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: time.Second}
	for time.Since(t) < 60*time.Second {
		resp, err := client.Get(s.base + "/api/health")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.startup = time.Since(t)
				return s, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("%s did not answer /api/health within 60 s: %s", bin, s.log.String())
}

func (s *server) stop() {
	if s == nil || s.cmd.Process == nil || s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// procStatus reads a kB field of /proc/PID/status.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no " + field)
}

func rss(pid int) (int64, error) { return procStatus(pid, "VmRSS") }
func hwm(pid int) (int64, error) { return procStatus(pid, "VmHWM") }

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func jsonReq(method, u, tok, body string) (*http.Request, error) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", tok)
	}
	return req, nil
}

func token(base, collection, email, password string) (string, error) {
	req, _ := jsonReq(http.MethodPost, base+"/api/collections/"+collection+"/auth-with-password", "",
		fmt.Sprintf(`{"identity":%q,"password":%q}`, email, password))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("sign-in %s at %s: status %d", email, base, resp.StatusCode)
	}
	return out.Token, nil
}

func firstProcedure(base, tok string) (string, error) {
	req, _ := jsonReq(http.MethodGet, base+"/api/collections/procedures/records?perPage=1&skipTotal=1&sort=code", tok, "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Items) == 0 {
		return "", fmt.Errorf("no procedure: status %d", resp.StatusCode)
	}
	return out.Items[0].ID, nil
}

// intakeRequest is Motcua's intake: a dossier received in person.
func intakeRequest(base, tok, procID string) load.Request {
	return func(c, i int) (*http.Request, error) {
		body := fmt.Sprintf(`{"procedure":%q,"applicant_name":"Nguyễn Văn Tải %d %d","applicant_phone":"0912345678","channel":"in_person"}`, procID, c, i)
		return jsonReq(http.MethodPost, base+"/api/collections/dossiers/records", tok, body)
	}
}

// bareCreateRequest is bare PocketBase's create; codes are unique per run.
func bareCreateRequest(base, tok, run string) load.Request {
	return func(c, i int) (*http.Request, error) {
		body := fmt.Sprintf(`{"code":"B-%s-%d-%d","procedure":"p00000000000001","applicant_name":"Nguyễn Văn Tải","applicant_phone":"0912345678","channel":"in_person","status":"received","received_at":"2026-11-02 08:00:00.000Z"}`, run, c, i)
		return jsonReq(http.MethodPost, base+"/api/collections/dossiers/records", tok, body)
	}
}

// bareID is bench/bare's id of its i-th seeded row.
func bareID(i int) string {
	s := strconv.FormatInt(int64(i), 36)
	return "b" + strings.Repeat("0", 14-len(s)) + s
}

func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

func msf(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }

func (r *result) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s dossiers (%s events, %s audit entries; data.db %.0f MB; generated in %s)\n\n",
		num(r.st.Dossiers), num(r.st.Events), num(r.st.Audit), r.dataMB, r.genTime.Round(time.Second))
	b.WriteString("| measure | Motcua | bare PocketBase | ratio | target |\n|---|---|---|---|---|\n")
	row := func(name string, m, bb load.Result, target string) {
		fmt.Fprintf(&b, "| %s | %.0f req/s (p50 %.1f ms, p99 %.1f ms) | %.0f req/s (p50 %.1f ms, p99 %.1f ms) | %s | %s |\n",
			name, m.RPS(), float64(m.P50.Microseconds())/1000, float64(m.P99.Microseconds())/1000,
			bb.RPS(), float64(bb.P50.Microseconds())/1000, float64(bb.P99.Microseconds())/1000, ratio(m.RPS(), bb.RPS()), target)
	}
	row("intake: POST dossiers as the receptionist / bare create", r.createM, r.createB, "≥ 0.5×")
	row("look-up: GET /api/motcua/dossiers/{code} / bare view by id", r.lookupM, r.viewB, "≥ 1×")
	row("search: GET /api/motcua/procedures?q= / bare list (perPage=20, skipTotal)", r.searchM, r.listB, "≥ 1×")
	fmt.Fprintf(&b, "| start-up: exec to first 200 on /api/health (median of 3) | %s | %s | %s | < 1 s |\n",
		msf(r.startM), msf(r.startB), ratio(float64(r.startM), float64(r.startB)))
	fmt.Fprintf(&b, "| RSS idle (VmRSS 2 s after start) | %s | %s | %s | ≤ 64 MB |\n", mb(r.idleM), mb(r.idleB), ratio(float64(r.idleM), float64(r.idleB)))
	fmt.Fprintf(&b, "| RSS peak under load (VmHWM) | %s | %s | %s | ≤ 256 MB |\n", mb(r.peakM), mb(r.peakB), ratio(float64(r.peakM), float64(r.peakB)))
	fmt.Fprintf(&b, "| binary size | %.1f MiB | %.1f MiB | %s | |\n", float64(r.binM)/(1<<20), float64(r.binB)/(1<<20), ratio(float64(r.binM), float64(r.binB)))
	fmt.Fprintf(&b, "| self-inspection of %d (in process, selfcheck.Run, median of 3) | %s | | | < 2 s |\n", r.year, msf(r.inspectYear))
	fmt.Fprintf(&b, "| `motcua inspect --from %d-01-01 --to %d-12-31 --json` (whole process) | %s | | | |\n", r.year, r.year, msf(r.inspectCLI))
	fmt.Fprintf(&b, "| indicators of %s (in process, selfcheck.Report, median of 3) | %s | | | < 300 ms |\n", r.month, msf(r.indicatorsMonth))
	fmt.Fprintf(&b, "| `motcua audit verify --json` (whole process, median of 3) | %s entries in %s = %s entries/s | | | ≥ 500,000/s |\n",
		num(r.verifyEntries), msf(r.verify), num(int64(float64(r.verifyEntries)/r.verify.Seconds())))
	if r.createM.Errors+r.createB.Errors+r.lookupM.Errors+r.viewB.Errors+r.searchM.Errors+r.listB.Errors > 0 {
		fmt.Fprintf(&b, "\nErrors: %s / %s\n", r.createM.FirstError, r.createB.FirstError)
	}
	return b.String()
}

func growth(rs []*result) string {
	var b strings.Builder
	b.WriteString("### Cost as the data grows\n\n| dossiers | intake req/s | look-up req/s | search req/s | inspect a year | month indicators | audit verify | start-up | peak RSS | data.db |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %s | %.0f MB |\n", num(int64(r.size)), r.createM.RPS(), r.lookupM.RPS(),
			r.searchM.RPS(), msf(r.inspectYear), msf(r.indicatorsMonth), msf(r.verify), msf(r.startM), mb(r.peakM), r.dataMB)
	}
	return b.String()
}

func num(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
