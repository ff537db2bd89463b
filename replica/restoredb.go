package replica

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"
)

// restoreDB writes the replica's database at the moment at (zero: the
// newest) to path, which must not exist, and returns the transaction it
// holds.
//
// Litestream's own restore (Replica.Restore) decodes every file of the
// restore plan, encodes them again into one compacted LTX stream and decodes
// that into the database: for a ten-year commune, several times its 5.9 GB,
// the compression of the re-encode most of the CPU (BENCHMARKS.md). Here the
// same plan (litestream.CalcRestorePlan) is applied straight to the file:
// the page indexes of the plan's files (a ranged read of each file's end)
// say which file holds each page's newest version; only those files are
// decoded, and each page is written once, where it belongs. A plan whose
// newest files hold every page (the full level-0 file Litestream writes when
// the log restarts, a snapshot) reads nothing older.
//
// Each file decoded is checked against its own checksum (ltx.Decoder), as
// in Litestream's restore. (Litestream v0.5 writes its files without the
// post-apply checksum of the whole database, HeaderFlagNoChecksum, so
// neither restore can check the result against the primary's: SQLite's
// quick_check, restoreChecked, reads the result.) TestRestoreDBIsLitestreamsRestore
// holds the result to Litestream's own restore, byte for byte.
func restoreDB(ctx context.Context, client litestream.ReplicaClient, path string, at time.Time, logger *slog.Logger) (ltx.TXID, error) {
	if _, err := os.Stat(path); err == nil {
		return 0, fmt.Errorf("cannot restore, output path already exists: %s", path)
	}
	for attempt := 0; ; attempt++ {
		txid, err := restorePlan(ctx, client, path, at, logger)
		// A file removed by the primary's compaction between the plan and
		// its read: plan again, as Litestream's restore does.
		if err == nil || !errors.Is(err, os.ErrNotExist) || attempt >= 3 || ctx.Err() != nil {
			return txid, err
		}
	}
}

func restorePlan(ctx context.Context, client litestream.ReplicaClient, path string, at time.Time, logger *slog.Logger) (ltx.TXID, error) {
	plan, err := litestream.CalcRestorePlan(ctx, client, 0, at, logger)
	if err != nil {
		return 0, err
	}
	last := plan[len(plan)-1]
	hdr, err := litestream.FetchLTXHeader(ctx, client, last)
	if err != nil {
		return 0, err
	}
	commit, pageSize, lock := hdr.Commit, hdr.PageSize, hdr.LockPgno()

	tmp := path + ".tmp"
	defer os.Remove(tmp)
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Truncate(int64(commit) * int64(pageSize)); err != nil {
		return 0, err
	}
	if err := writePages(ctx, client, plan, f, commit, pageSize, lock, true); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, err
	}
	return last.MaxTXID, syncDir(filepath.Dir(path))
}

// writePages writes into f, for every page a file of plan holds (up to
// commit, the lock page excepted), its newest version in the plan, each page
// once: the files' page indexes say which file holds it, and only those
// files are decoded. With all, every page of the database must be in the
// plan (a restore); without, only the pages the plan changed are written (a
// copy brought forward, catchUp).
func writePages(ctx context.Context, client litestream.ReplicaClient, plan []*ltx.FileInfo, f *os.File, commit, pageSize, lock uint32, all bool) error {
	// owner[pgno]: the plan's newest file holding the page.
	owner := make([]int32, commit+1)
	for i := range owner {
		owner[i] = -1
	}
	left := int64(commit)
	if lock <= commit {
		left--
	}
	total := left
	var pages int64
	need := make([]bool, len(plan))
	for i := len(plan) - 1; i >= 0 && left > 0; i-- {
		index, err := litestream.FetchPageIndex(ctx, client, plan[i])
		if err != nil {
			return fmt.Errorf("page index of %s: %w", ltx.FormatFilename(plan[i].MinTXID, plan[i].MaxTXID), err)
		}
		for pgno := range index {
			if pgno <= commit && pgno != lock && owner[pgno] < 0 {
				owner[pgno], need[i] = int32(i), true
				left--
				pages++
			}
		}
	}
	last := plan[len(plan)-1].MaxTXID
	if all && left > 0 {
		return fmt.Errorf("restore plan to transaction %s lacks %d of %d pages", last, left, total)
	}
	w := &pageWriter{f: f, pageSize: int64(pageSize), buf: make([]byte, 0, 4<<20)}
	data := make([]byte, pageSize)
	var written int64
	for i, info := range plan {
		if !need[i] {
			continue
		}
		if err := applyFile(ctx, client, info, func(pgno uint32) bool { return pgno <= commit && owner[pgno] == int32(i) }, data, func(pgno uint32) error {
			written++
			return w.write(pgno, data)
		}); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	if written != pages {
		// The page indexes (read apart from the files' checksums) named
		// pages their files do not hold.
		return fmt.Errorf("plan to transaction %s: %d of %d pages written", last, written, pages)
	}
	return nil
}

// applyFile decodes one LTX file of the plan, checked against its checksum,
// and calls write for each page keep accepts, its content in data.
func applyFile(ctx context.Context, client litestream.ReplicaClient, info *ltx.FileInfo, keep func(uint32) bool, data []byte, write func(uint32) error) error {
	rc, err := client.OpenLTXFile(ctx, info.Level, info.MinTXID, info.MaxTXID, 0, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", ltx.FormatFilename(info.MinTXID, info.MaxTXID), err)
	}
	defer rc.Close()
	// A buffer the file's size, up to 1 MB: the day's files are small, and
	// a buffer of 1 MB for each cost a catch-up most of its time.
	dec := ltx.NewDecoder(bufio.NewReaderSize(rc, int(min(max(info.Size, 4096), 1<<20))))
	if err := dec.DecodeHeader(); err != nil {
		return fmt.Errorf("decode %s: %w", ltx.FormatFilename(info.MinTXID, info.MaxTXID), err)
	}
	for {
		var ph ltx.PageHeader
		if err := dec.DecodePage(&ph, data); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("decode %s: %w", ltx.FormatFilename(info.MinTXID, info.MaxTXID), err)
		}
		if keep(ph.Pgno) {
			if err := write(ph.Pgno); err != nil {
				return err
			}
		}
	}
	if err := dec.Close(); err != nil {
		return fmt.Errorf("decode %s: %w", ltx.FormatFilename(info.MinTXID, info.MaxTXID), err)
	}
	return nil
}

// pageWriter writes pages at their place in the database file, runs of
// consecutive pages (a snapshot is in page order) in one write.
type pageWriter struct {
	f        *os.File
	pageSize int64
	buf      []byte
	first    uint32 // page number of buf's first page
}

func (w *pageWriter) write(pgno uint32, data []byte) error {
	if len(w.buf) > 0 && (pgno != w.first+uint32(int64(len(w.buf))/w.pageSize) || len(w.buf)+len(data) > cap(w.buf)) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	if len(w.buf) == 0 {
		w.first = pgno
	}
	w.buf = append(w.buf, data...)
	return nil
}

func (w *pageWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	_, err := w.f.WriteAt(w.buf, int64(w.first-1)*w.pageSize)
	w.buf = w.buf[:0]
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
