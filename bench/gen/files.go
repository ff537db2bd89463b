package gen

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks"
	"motcua/internal/access"
	migrations "motcua/pb_migrations"
)

// FilesConfig sizes the digitised papers added to a generated history.
type FilesConfig struct {
	// Dossiers is how many dossiers get their papers digitised, the latest
	// received first (0: every dossier).
	Dossiers int
	Seed     uint64
	Log      io.Writer
}

// FileStats counts what AddFiles wrote.
type FileStats struct {
	Dossiers, Papers, Results, Pages, JPEGs int64
	// Bytes is the files' total size, as the dossier_files rows record it.
	Bytes   int64
	Elapsed time.Duration
}

// The sizes of a digitised paper, as a counter scanner or a phone makes
// them: an A4 page scanned at 200 dpi in colour, JPEG quality about 75, is
// 150–400 KB; a paper has 1–6 pages (an ID card or a form one, a contract
// or a judgement several), one PDF of its pages, or a photo (JPEG) when it
// has one page; the result is one PDF of 1–2 scanned pages.
const (
	pageMin, pageMax = 150 << 10, 400 << 10
	optionalShare    = 30 // % of dossiers that hand over an item "(nếu có)"
)

// pagesOf is the distribution of pages per paper (index+1 pages, weights %).
var pagesOf = []int{45, 25, 12, 8, 5, 5}

// AddFiles adds digitised papers to a data dir that Generate filled: for
// each dossier (not refused), one file per checklist item handed over and,
// once decided, the result; each a dossier_files row with the server's
// fields (sha256, size, digitised_by/at) and its audit entry, sealed into
// the chain, and the file in PocketBase's local storage (storage/
// mc_dossier_files/<record>/<name>). The bytes are a format's header over
// filler: only their size is realistic, which is what the disk needs.
func AddFiles(dataDir string, cfg FilesConfig) (FileStats, error) {
	start := time.Now()
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	base := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := base.Bootstrap(); err != nil {
		return FileStats{}, fmt.Errorf("gen: bootstrap: %w", err)
	}
	defer base.ResetBootstrapState()
	hooks.Register(base, hooks.Options{})
	g, err := newGenerator(base, Config{Seed: cfg.Seed, Log: cfg.Log})
	if err != nil {
		return FileStats{}, err
	}
	g.rng = rand.New(rand.NewPCG(cfg.Seed, 766))
	// Generate's ids are one sequence over its rows: start past all of them.
	if err := base.DB().NewQuery("SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM dossiers) + " +
		"(SELECT count(*) FROM dossier_events) + (SELECT count(*) FROM dossier_files)").Row(&g.idSeq); err != nil {
		return FileStats{}, err
	}
	f := &filer{g: g, dir: filepath.Join(dataDir, core.LocalStorageDirName, migrations.DossierFilesID)}
	f.filler = make([]byte, 4<<20)
	for i := range f.filler {
		f.filler[i] = byte(g.rng.Uint32())
	}
	limit := cfg.Dossiers
	if limit <= 0 {
		limit = -1
	}
	type row struct{ id, code, status, received, updated, channel, docs string }
	var rows []row
	q, err := base.DB().NewQuery("SELECT id, code, status, received_at, updated, channel, documents FROM dossiers " +
		"WHERE status != 'refused' AND received_at != '' ORDER BY received_at DESC LIMIT {:n}").Bind(map[string]any{"n": limit}).Rows()
	if err != nil {
		return FileStats{}, err
	}
	for q.Next() {
		var r row
		var docs sql.NullString
		if err := q.Scan(&r.id, &r.code, &r.status, &r.received, &r.updated, &r.channel, &docs); err != nil {
			q.Close()
			return FileStats{}, err
		}
		r.docs = docs.String
		rows = append(rows, r)
	}
	q.Close()
	if err := f.begin(); err != nil {
		return FileStats{}, err
	}
	clerk, leader := g.staff[access.Receptionist][0], g.staff[access.Leader][0]
	for i, d := range rows {
		var items []struct{ Name, Kind string }
		_ = json.Unmarshal([]byte(d.docs), &items)
		source := "counter"
		if d.channel == "online" {
			source = "online"
		}
		for _, it := range items {
			if strings.Contains(it.Name, "(nếu có)") && g.rng.IntN(100) >= optionalShare {
				continue
			}
			kind := it.Kind
			if kind != "copy" && kind != "certified_copy" {
				kind = "original" // a paper only shown is scanned from the original
			}
			if err := f.paper(d.id, "submitted", it.Name, kind, source, d.received, clerk, pick(g.rng, pagesOf)+1, ""); err != nil {
				return FileStats{}, err
			}
			f.stats.Papers++
		}
		if d.status == "decided" || d.status == "returned" {
			number := fmt.Sprintf("%d/%s/QĐ-UBND", 1+g.rng.IntN(999), d.received[:4])
			if err := f.paper(d.id, "result", "", "original", "counter", d.updated, leader, 1+g.rng.IntN(2), number); err != nil {
				return FileStats{}, err
			}
			f.stats.Results++
		}
		f.stats.Dossiers++
		if err := f.maybeCommit(); err != nil {
			return FileStats{}, err
		}
		if (i+1)%1000 == 0 {
			fmt.Fprintf(cfg.Log, "  files: %d dossiers, %d files, %.1f MB\n", i+1, f.stats.Papers+f.stats.Results, float64(f.stats.Bytes)/(1<<20))
		}
	}
	if err := f.commit(); err != nil {
		return FileStats{}, err
	}
	if _, err := base.NonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		return FileStats{}, err
	}
	f.stats.Elapsed = time.Since(start)
	return f.stats, nil
}

func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

type filer struct {
	g      *generator
	dir    string
	filler []byte
	insF   *sql.Stmt
	stats  FileStats
}

var fileCols = []string{"id", "dossier", "role", "item", "kind", "file", "sha256", "size", "source", "digitised_by",
	"digitised_at", "valid_until", "result_number", "result_date", "result_signer", "note", "reused_from", "created", "updated"}

func (f *filer) begin() error {
	if err := f.g.begin(); err != nil {
		return err
	}
	var err error
	f.insF, err = f.g.tx.Prepare("INSERT INTO dossier_files (" + strings.Join(fileCols, ",") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?,", len(fileCols)), ",") + ")")
	return err
}

func (f *filer) commit() error {
	f.insF.Close()
	return f.g.commit()
}

func (f *filer) maybeCommit() error {
	if f.g.pendingRows < batchRows/10 {
		return nil
	}
	if err := f.commit(); err != nil {
		return err
	}
	return f.begin()
}

// paper writes one file of pages scanned pages and its row and audit entry.
func (f *filer) paper(dossier, role, item, kind, source, at string, by staffMember, pages int, number string) error {
	r := f.g.rng
	ext, header := ".pdf", []byte("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	if pages == 1 && role == "submitted" && r.IntN(2) == 0 {
		ext, header = ".jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\xc8\x00\xc8\x00\x00")
		f.stats.JPEGs++
	}
	size := 0
	for range pages {
		size += pageMin + r.IntN(pageMax-pageMin+1)
	}
	id := f.g.newID('f')
	stem := "ban_quet"
	if role == "result" {
		stem = "ket_qua"
	}
	name := fmt.Sprintf("%s_%s%s", stem, id[len(id)-10:], ext)
	path := filepath.Join(f.dir, id, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	h := sha256.New()
	w := io.MultiWriter(out, h)
	_, err = w.Write(append(header, id...))
	for left := size - len(header) - len(id); err == nil && left > 0; {
		off := r.IntN(len(f.filler) - 1)
		n := min(left, len(f.filler)-off)
		_, err = w.Write(f.filler[off : off+n])
		left -= n
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gen: write %s: %w", path, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	signer, resultDate := "", ""
	if role == "result" {
		signer, resultDate = by.name, at
	}
	if _, err := f.insF.Exec(id, dossier, role, item, kind, name, sum, size, source, by.id, at, "", number, resultDate, signer,
		"", "", at, at); err != nil {
		return fmt.Errorf("gen: insert dossier file: %w", err)
	}
	changes, _ := json.Marshal(map[string]any{
		"dossier": map[string]any{"after": dossier}, "role": map[string]any{"after": role}, "item": map[string]any{"after": item},
		"kind": map[string]any{"after": kind}, "file": map[string]any{"after": name}, "sha256": map[string]any{"after": sum},
		"size": map[string]any{"after": size}, "source": map[string]any{"after": source},
		"digitised_by": map[string]any{"after": by.id}, "digitised_at": map[string]any{"after": at},
	})
	t, err := time.Parse("2006-01-02 15:04:05.000Z", at)
	if err != nil {
		return fmt.Errorf("gen: time %q: %w", at, err)
	}
	if err := f.g.audit(t, by, "create", "dossier_files", id, string(changes)); err != nil {
		return err
	}
	f.g.pendingRows += 2
	f.stats.Pages += int64(pages)
	f.stats.Bytes += int64(size)
	return nil
}
