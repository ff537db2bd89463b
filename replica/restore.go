package replica

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"

	"motcua/hooks/audit"
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
	rep := litestream.NewReplicaWithClient(nil, t.Client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dbPath
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := rep.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return out, fmt.Errorf("bản sao %s không có dữ liệu (đến thời điểm đã chọn): %w", t.URL, err)
		}
		return out, fmt.Errorf("khôi phục từ %s: %w", t.URL, err)
	}
	if plan, err := litestream.CalcRestorePlan(ctx, t.Client, 0, at, rep.Logger()); err == nil && len(plan) > 0 {
		out.TXID = uint64(plan[len(plan)-1].MaxTXID)
	}
	n, err := t.copyBack(dir, at.IsZero())
	out.Files, out.Anchor = n, at.IsZero() && err == nil
	return out, err
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
