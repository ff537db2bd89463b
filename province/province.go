// Package province is the province view (`motcua province serve --config
// FILE`): the communes' continuous replicas restored, each into the
// province's own cache dir, the same self-inspection run on every copy, and
// the figures shown side by side, with each commune's findings and their
// evidence, CSV and XLSX. It only reads the replicas: nothing is written to
// a commune's storage.
package province

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	selfcheck "motcua/hooks/inspect"
	"motcua/hooks/sqlite"
	"motcua/internal/inspect"
	"motcua/internal/vntext"
	"motcua/replica"
	"motcua/replica/replstate"
)

// Config is the FILE of `motcua province serve --config FILE` (JSON):
//
//	{"province": "Tỉnh Ninh Bình", "refresh": "1h",
//	 "communes": [{"name": "Xã Ninh Xuân", "replica": "s3://motcua/ninhxuan?endpoint=http://10.0.0.5:8333"}]}
type Config struct {
	Province string          `json:"province"`
	Refresh  string          `json:"refresh"` // how often the replicas are read again; default 1h
	Communes []CommuneConfig `json:"communes"`
	Viewers  []Viewer        `json:"viewers"` // who may read the view (access.go)
}

// CommuneConfig names one commune and its replica.
type CommuneConfig struct {
	Name    string `json:"name"`
	Replica string `json:"replica"`
}

// LoadConfig reads and checks a config file; errors name the field.
func LoadConfig(path string) (*Config, time.Duration, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("--config: %w", err)
	}
	var c Config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, 0, fmt.Errorf("%s: không đọc được JSON: %w", path, err)
	}
	every := time.Hour
	if c.Refresh != "" {
		if every, err = time.ParseDuration(c.Refresh); err != nil || every < time.Second {
			return nil, 0, fmt.Errorf("%s: refresh: khoảng thời gian không hợp lệ %q (ví dụ 30m, 1h, 24h)", path, c.Refresh)
		}
	}
	if len(c.Communes) == 0 {
		return nil, 0, fmt.Errorf("%s: communes: cần ít nhất một xã", path)
	}
	if err := checkViewers(path, c.Viewers); err != nil {
		return nil, 0, err
	}
	seen := map[string]bool{}
	for i, cc := range c.Communes {
		if strings.TrimSpace(cc.Name) == "" {
			return nil, 0, fmt.Errorf("%s: communes[%d].name: cần tên xã", path, i)
		}
		if seen[cc.Name] {
			return nil, 0, fmt.Errorf("%s: communes[%d].name: tên xã %q trùng", path, i, cc.Name)
		}
		seen[cc.Name] = true
		if _, err := replica.Parse(cc.Replica); err != nil {
			return nil, 0, fmt.Errorf("%s: communes[%d].replica: %w", path, i, err)
		}
	}
	return &c, every, nil
}

// Commune is one commune as last read from its replica.
type Commune struct {
	Name, Slug, URL string
	Report          *inspect.Report
	Findings        []inspect.Finding
	// ReplicaUpdated is when the replica last received a transaction;
	// ReadAt when the province last restored it.
	ReplicaUpdated time.Time
	ReadAt         time.Time
	ReadTook       time.Duration
	Err            string
}

// Figures are the side-by-side columns of one commune.
type Figures struct {
	Received, Ended              int
	OnTime, Feedback             *float64
	LateEntries, Stuck, Officers int
	Catalogue                    int  // procedures with incomplete catalogue entries
	Posting                      bool // posting incomplete
	AuditOK, AuditKnown          bool
	AuditHead                    int64
}

// Figures computes the side-by-side figures of c.
func (c *Commune) Figures() Figures {
	var f Figures
	if c.Report == nil {
		return f
	}
	t := c.Report.Indicators.Totals
	f.Received, f.Ended, f.OnTime, f.Feedback = t.Counts.Received, t.Counts.Ended, t.Rates.OnTime, t.Rates.Feedback
	for _, x := range c.Findings {
		switch x.Rule {
		case inspect.RuleLateEntry:
			f.LateEntries++
		case inspect.RuleStaleDossier:
			f.Stuck++
		case inspect.RuleOfficerOnTimeRate:
			f.Officers++
		case inspect.RuleCatalogIncomplete:
			f.Catalogue++
		case inspect.RulePostingIncomplete:
			f.Posting = true
		}
	}
	a := c.Report.Audit
	f.AuditKnown, f.AuditOK, f.AuditHead = a.Known, a.Known && a.OK, a.HeadSeq
	return f
}

// View is the province view's state: every commune's last reading.
type View struct {
	Province string
	cache    string
	opts     selfcheck.Options

	auxOnce sync.Once
	aux     string // an auxiliary.db made by PocketBase's migrations
	auxErr  error

	mu       sync.RWMutex
	communes []*Commune
	cfg      []CommuneConfig
	viewers  []Viewer
}

// New makes a view of cfg's communes, their copies kept under cache.
func New(cfg *Config, cache string) *View {
	v := &View{Province: cfg.Province, cache: cache, cfg: cfg.Communes, viewers: cfg.Viewers}
	for _, cc := range cfg.Communes {
		v.communes = append(v.communes, &Commune{Name: cc.Name, Slug: slug(cc.Name), URL: cc.Replica})
	}
	return v
}

// Communes returns the last reading of every commune, in the config's order.
func (v *View) Communes() []*Commune {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return append([]*Commune(nil), v.communes...)
}

// Commune returns the commune of slug, or nil.
func (v *View) Commune(s string) *Commune {
	for _, c := range v.Communes() {
		if c.Slug == s {
			return c
		}
	}
	return nil
}

// Refresh brings every commune's copy up to its replica and inspects it
// again, as many communes at a time as there are CPUs; a commune that fails
// keeps its last reading with the error.
func (v *View) Refresh(ctx context.Context) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.NumCPU(), len(v.cfg))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				next := v.read(ctx, v.cfg[i])
				v.mu.Lock()
				if next.Err != "" && v.communes[i].Report != nil {
					prev := *v.communes[i]
					prev.Err = next.Err
					next = &prev
				}
				v.communes[i] = next
				v.mu.Unlock()
			}
		}()
	}
	for i := range v.cfg {
		work <- i
	}
	close(work)
	wg.Wait()
}

// read brings the commune's copy in the cache dir up to its replica and
// inspects it (findings are computed, not stored).
//
// The copy is kept between readings (cache/<commune>/data.db): the first
// reading restores it whole, the next ones apply only what the replica
// received since (replica.Follow). Restoring every commune afresh at every
// reading took a province of 168 communes' years past its minute
// (BENCHMARKS.md). The copy is opened immutable, so that nothing but Follow
// ever writes to it.
func (v *View) read(ctx context.Context, cc CommuneConfig) *Commune {
	c := &Commune{Name: cc.Name, Slug: slug(cc.Name), URL: cc.Replica, ReadAt: time.Now()}
	t, err := replica.Parse(cc.Replica)
	if err != nil {
		c.Err = err.Error()
		return c
	}
	c.URL = t.URL
	dir := filepath.Join(v.cache, c.Slug)
	if _, err := replica.Follow(ctx, t, filepath.Join(dir, "data.db")); err != nil {
		c.Err = err.Error()
		return c
	}
	if _, updated, err := litestream.NewReplicaWithClient(nil, t.Client).TimeBounds(ctx); err == nil {
		c.ReplicaUpdated = updated
	}
	if err := v.auxDB(dir); err != nil {
		c.Err = err.Error()
		return c
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, DBConnect: immutableData})
	if err := app.Bootstrap(); err != nil {
		c.Err = err.Error()
		return c
	}
	defer app.ResetBootstrapState()
	// The copy has a replica (it came from it); how far behind the
	// commune it is cannot be told from here: ReplicaUpdated is shown.
	replstate.Provide(app, func() inspect.Replica {
		return inspect.Replica{Configured: true, Known: true, URL: c.URL, CaughtUpAt: c.ReplicaUpdated}
	})
	rep, res, err := selfcheck.ReadOnly(app, v.opts)
	if err != nil {
		c.Err = err.Error()
		return c
	}
	// The copy's free disk is the province's cache dir, not the
	// commune's box: that rule is not judged from here (report.go).
	c.Report, c.Findings = rep, slices.DeleteFunc(res.Findings, func(f inspect.Finding) bool { return slices.Contains(notHere, f.Rule) })
	c.ReadTook = time.Since(c.ReadAt)
	return c
}

// auxDB puts into dir an auxiliary.db PocketBase's migrations have made,
// unless it has one. A bootstrap on a data dir without one would make it and
// record the migration in data.db, which the view never writes: the
// auxiliary.db is made once, by a bootstrap on an empty data dir of the
// cache, and copied.
func (v *View) auxDB(dir string) error {
	dst := filepath.Join(dir, "auxiliary.db")
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	v.auxOnce.Do(func() {
		empty := filepath.Join(v.cache, ".empty")
		os.RemoveAll(empty)
		app := core.NewBaseApp(core.BaseAppConfig{DataDir: empty, DBConnect: sqlite.Connect})
		if v.auxErr = app.Bootstrap(); v.auxErr != nil {
			return
		}
		v.auxErr = app.ResetBootstrapState() // closes both, checkpointed
		v.aux = filepath.Join(empty, "auxiliary.db")
	})
	if v.auxErr != nil {
		return v.auxErr
	}
	raw, err := os.ReadFile(v.aux)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, raw, 0o644)
}

// immutableData opens a copy's data.db immutable (SQLite reads the file
// and nothing else: no lock, no log, no write); auxiliary.db, the view's
// own, as the server does.
func immutableData(path string) (*dbx.DB, error) {
	if filepath.Base(path) != "data.db" {
		return sqlite.Connect(path)
	}
	return dbx.Open("sqlite", "file:"+path+"?immutable=1&_pragma=query_only(1)")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is a commune's name for addresses: "Xã Ninh Xuân" → "xa-ninh-xuan".
func slug(name string) string {
	s := strings.ToLower(vntext.Fold(name))
	return strings.Trim(nonSlug.ReplaceAllString(s, "-"), "-")
}
