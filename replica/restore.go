package replica

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/hooks/dossier"
	"motcua/hooks/kit"
	"motcua/internal/auditchain"
)

// Restored says what Restore put in place.
type Restored struct {
	TXID  uint64    // the replica's transaction restored to
	Files int       // uploaded files copied back
	At    time.Time // the point in time asked for, zero for the newest
	// Anchor: the audit anchor was copied back (only for the newest state:
	// an anchor taken after the moment restored to would not be in its
	// chain).
	Anchor bool
	// Latest, for a point in time: the replica's newest data.db, kept as a
	// replaced data dir (see keepLatest); empty for the newest state.
	Latest string
}

// Restore writes into dir the data.db of the replica t (at a moment, when at
// is not zero), the uploaded files and, for the newest state, the audit
// anchor. dir must hold no data.db.
func Restore(ctx context.Context, t *Target, dir string, at time.Time) (Restored, error) {
	out := Restored{At: at}
	dbPath := filepath.Join(dir, "data.db")
	if _, err := os.Stat(dbPath); err == nil {
		return out, fmt.Errorf("%s đã có: khôi phục vào một thư mục mới", dbPath)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return out, err
	}
	if err := t.Client.Init(ctx); err != nil {
		return out, fmt.Errorf("kết nối bản sao %s: %w", t.URL, err)
	}
	txid, err := restoreChecked(ctx, t, dbPath, at)
	if err != nil {
		return out, err
	}
	out.TXID = uint64(txid)
	n, err := t.copyBack(dir, at.IsZero())
	out.Files, out.Anchor = n, at.IsZero() && err == nil
	if err != nil || at.IsZero() {
		return out, err
	}
	out.Latest, err = keepLatest(ctx, t, dir, time.Now())
	return out, err
}

// restoreChecked is restoreDB with the replica's errors in Vietnamese, and
// SQLite's quick_check of the result.
func restoreChecked(ctx context.Context, t *Target, path string, at time.Time) (ltx.TXID, error) {
	txid, err := restoreDB(ctx, t.Client, path, at, slog.Default())
	if err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return 0, fmt.Errorf("bản sao %s không có dữ liệu (đến thời điểm đã chọn): %w", t.URL, err)
		}
		return 0, fmt.Errorf("khôi phục từ %s: %w", t.URL, err)
	}
	if err := sqliteQuickCheck(ctx, path); err != nil {
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			_ = os.Remove(p)
		}
		return 0, fmt.Errorf("khôi phục từ %s: kiểm tra quick_check của SQLite: %w", t.URL, err)
	}
	return txid, nil
}

// sqliteQuickCheck runs PRAGMA quick_check on the database at path and, as
// Litestream's check, leaves no -wal or -shm beside it.
func sqliteQuickCheck(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	var res string
	err = db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	_ = os.Remove(path + "-shm")
	_ = os.Remove(path + "-wal")
	if err == nil && res != "ok" {
		err = errors.New(res)
	}
	return err
}

// keepLatest writes the replica's newest data.db into
// dir/replaced/<UTC time>-replica-latest/ and returns its path.
//
// A point-in-time restore goes back before dossiers whose codes are already
// on receipts (and feedback whose tracking codes citizens hold); the
// restored counters would give those codes again. Kept as a data dir the
// restore replaced, the newest state's codes become the floors of the
// restored office's counters at its bootstrap, as after a backup restore,
// and what was received after the moment stays readable there.
func keepLatest(ctx context.Context, t *Target, dir string, now time.Time) (string, error) {
	path := filepath.Join(dir, dossier.ReplacedDirName, now.UTC().Format("20060102-150405")+"-replica-latest", "data.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	if _, err := restoreChecked(ctx, t, path, time.Time{}); err != nil {
		return "", fmt.Errorf("khôi phục bản mới nhất của bản sao (để không cấp lại mã đã cấp sau thời điểm khôi phục): %w", err)
	}
	return path, nil
}

// Gap is what a point-in-time restore leaves out of the replica's newest
// state: the codes issued after the moment, which are never issued again,
// and the newest state's audit head, whose tail the restored chain does not
// hold.
type Gap struct {
	Dossiers       int              `json:"skipped_dossier_codes"`
	Feedback       int              `json:"skipped_feedback_codes"`
	NewestDossier  string           `json:"newest_dossier_code,omitempty"`
	NewestFeedback string           `json:"newest_feedback_code,omitempty"`
	LatestHead     *auditchain.Head `json:"latest_audit_head,omitempty"`
}

// Skipped reads the Gap between the data.db restored to a moment and the
// replica's newest data.db (Restored.Latest): the dossier codes and
// feedback tracking codes the restored one does not hold (issued after the
// moment), the newest of each, and the newest state's audit head.
func Skipped(restored, latest string) (Gap, error) {
	var g Gap
	db, err := sql.Open("sqlite", "file:"+restored+"?mode=ro")
	if err != nil {
		return g, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ATTACH is a connection's
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return g, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS latest", latest); err != nil {
		return g, err
	}
	both := func(table string) (bool, error) {
		// A data dir from before the table existed has none of its codes.
		if ok, err := kit.HasTable(ctx, conn, "main", table); err != nil || !ok {
			return false, err
		}
		return kit.HasTable(ctx, conn, "latest", table)
	}
	skipped := func(table, column string, n *int, newest *string) error {
		if ok, err := both(table); err != nil || !ok {
			return err
		}
		var last sql.NullString
		err := conn.QueryRowContext(ctx, "SELECT count(*), max(l."+column+") FROM latest."+table+" l WHERE l."+column+" != ''"+
			" AND NOT EXISTS (SELECT 1 FROM main."+table+" m WHERE m."+column+" = l."+column+")").Scan(n, &last)
		*newest = last.String
		return err
	}
	if err := skipped("dossiers", "code", &g.Dossiers, &g.NewestDossier); err != nil {
		return g, err
	}
	if err := skipped("feedback", "tracking_code", &g.Feedback, &g.NewestFeedback); err != nil {
		return g, err
	}
	if ok, err := both(audit.Collection); err != nil || !ok {
		return g, err
	}
	var h auditchain.Head
	switch err := conn.QueryRowContext(ctx, "SELECT seq, hash FROM latest."+audit.Collection+" ORDER BY seq DESC LIMIT 1").Scan(&h.Seq, &h.Hash); {
	case err == nil:
		g.LatestHead = &h
	case !errors.Is(err, sql.ErrNoRows):
		return g, err
	}
	return g, nil
}

// copyBack downloads the uploaded files into dir/storage and, with anchor,
// the audit anchor beside data.db.
func (t *Target) copyBack(dir string, anchor bool) (int, error) {
	fsys, prefix, err := t.files()
	if err != nil {
		return 0, err
	}
	defer fsys.Close()
	base := joinKey(prefix, storagePrefix) + "/"
	list, err := fsys.List(base)
	if err != nil {
		return 0, fmt.Errorf("liệt kê tệp đính kèm ở bản sao: %w", err)
	}
	n := 0
	for _, o := range list {
		if strings.HasSuffix(o.Key, ".attrs") {
			continue
		}
		if err := download(fsys.GetReader, o.Key, filepath.Join(dir, "storage", filepath.FromSlash(strings.TrimPrefix(o.Key, base)))); err != nil {
			return n, err
		}
		n++
	}
	if anchor {
		key := joinKey(prefix, sidePrefix, audit.AnchorFile)
		if ok, _ := fsys.Exists(key); ok {
			if err := download(fsys.GetReader, key, filepath.Join(dir, audit.AnchorFile)); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func download[R io.ReadCloser](open func(string) (R, error), key, dst string) error {
	r, err := open(key)
	if err != nil {
		return fmt.Errorf("tải %s: %w", key, err)
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Follow brings the data.db at path up to the replica t's newest
// transaction and returns it: it restores the file when there is none,
// else applies only the pages the replica changed after the transaction the
// copy holds (catchUp, recorded in path+"-txid" as Litestream's follow mode
// does). The copy is only ever written by Follow: whoever reads it must not
// write to it (open it immutable), or the changes applied on top of it would
// not make the replica's database. A copy the replica can no longer bring
// forward (its history pruned past the copy), or whose catch-up fails, is
// restored afresh.
func Follow(ctx context.Context, t *Target, path string) (uint64, error) {
	if err := t.Client.Init(ctx); err != nil {
		return 0, fmt.Errorf("kết nối bản sao %s: %w", t.URL, err)
	}
	levels, err := replicaFiles(ctx, t.Client)
	if err != nil {
		return 0, fmt.Errorf("đọc bản sao %s: %w", t.URL, err)
	}
	newest := newestTXID(levels)
	if newest == 0 {
		return 0, fmt.Errorf("bản sao %s không có dữ liệu", t.URL)
	}
	have, err := litestream.ReadTXIDFile(path)
	if _, statErr := os.Stat(path); err != nil || statErr != nil || have == 0 || have > newest {
		// No copy, or one Follow did not make: start afresh.
		have = 0
		removeCopy(path)
	}
	if have == newest {
		return uint64(have), nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	if have > 0 {
		got, err := catchUp(ctx, t.Client, levels, path, have, newest)
		if err == nil || ctx.Err() != nil {
			return uint64(got), err
		}
		removeCopy(path)
	}
	// A new copy: restored as a restore is (restoreDB).
	got, err := newCopy(ctx, t, path)
	return uint64(got), err
}

// newCopy restores the replica's newest data.db at path for Follow.
func newCopy(ctx context.Context, t *Target, path string) (ltx.TXID, error) {
	txid, err := restoreChecked(ctx, t, path, time.Time{})
	if err != nil {
		return 0, err
	}
	return txid, litestream.WriteTXIDFile(path, txid)
}

func removeCopy(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", litestream.TXIDPath(path)} {
		_ = os.Remove(p)
	}
}

// ActionRestoreAt is the audit action of a point-in-time restore from the
// replica (`motcua restore --at`).
const ActionRestoreAt = audit.ActionRestoreAt

// RestoredAtEntry is the audit entry a point-in-time restore appends to the
// restored chain: which replica, to what moment and transaction, and the gap
// it leaves (gap), so that an inspector reading the log sees why the codes
// jump and where the replica's own chain went on (its newest head, kept
// readable under dir/replaced/).
func RestoredAtEntry(t *Target, res Restored, gap Gap, dir string) *auditchain.Entry {
	kept, err := filepath.Rel(dir, filepath.Dir(res.Latest))
	if err != nil {
		kept = filepath.Dir(res.Latest)
	}
	return audit.EntryFor(actor.System("restore"), ActionRestoreAt, "", "", struct {
		Replica string `json:"replica"`
		At      string `json:"at"`
		TXID    uint64 `json:"txid"`
		Gap
		Kept string `json:"latest_kept_in"`
	}{t.URL, res.At.UTC().Format(time.RFC3339Nano), res.TXID, gap, filepath.ToSlash(kept)})
}
