package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/dossier"
	"motcua/internal/calendar"
)

func newBackupCommand(app core.App) *cobra.Command {
	var to string
	c := &cobra.Command{
		Use:   "backup [--to FILE]",
		Short: "Write a consistent copy of the database and the digitised papers, also beside a running server",
		Long: "Copies data.db with SQLite's VACUUM INTO: one consistent snapshot, safe while the server runs " +
			"(a plain cp of a live database can be incomplete or corrupt). The copy is recorded in the audit log. " +
			"The files of the digitised papers (the data dir's storage/) are copied beside it, into FILE's name " +
			"with .storage instead of .db; papers kept on S3 storage are not copied (back the bucket up on its own). " +
			"Default file: copies/data-YYYYMMDD-HHMMSS.db in the data dir. To use it, stop the server, put it in " +
			"place of data.db (and remove data.db-wal, data.db-shm) and the .storage folder in place of storage/.",
		Example:      "  motcua backup --dir ./pb_data\n  motcua backup --to /mnt/usb/motcua-2026-12-01.db",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			if to == "" {
				to = filepath.Join(app.DataDir(), dossier.CopiesDirName, "data-"+time.Now().In(calendar.Location).Format("20060102-150405")+".db")
			}
			abs, err := filepath.Abs(to)
			if err != nil {
				return err
			}
			storage := strings.TrimSuffix(abs, filepath.Ext(abs)) + ".storage"
			local := !app.Settings().S3.Enabled
			if _, err := os.Stat(storage); local && err == nil {
				return fmt.Errorf("thư mục %s đã có: hãy chọn tên khác", storage)
			}
			// The files are copied before and after the database: a paper
			// removed during the copy is in the first pass, one added in
			// the second, so every file the database copy names is there.
			src := filepath.Join(app.DataDir(), core.LocalStorageDirName)
			copied := map[string]int64{}
			if local {
				if err := copyTree(src, storage, copied); err != nil {
					return fmt.Errorf("không chép được tệp giấy tờ số hóa: %w", err)
				}
			}
			facts, err := dossier.OnlineCopy(app, abs)
			if err != nil {
				os.RemoveAll(storage)
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "Đã sao lưu cơ sở dữ liệu vào %s (%d byte, sha256 %s).\n", facts["file"], facts["size"], facts["sha256"])
			if !local {
				fmt.Fprintf(out, "Giấy tờ số hóa nằm trên kho S3 (bucket %q), không nằm trong bản sao này: hãy sao lưu bucket đó riêng.\n",
					app.Settings().S3.Bucket)
				return nil
			}
			if err := copyTree(src, storage, copied); err != nil {
				return fmt.Errorf("không chép được tệp giấy tờ số hóa: %w", err)
			}
			var size int64
			for _, n := range copied {
				size += n
			}
			fmt.Fprintf(out, "Đã chép %d tệp giấy tờ số hóa (%d byte) vào %s.\n", len(copied), size, storage)
			return nil
		},
	}
	c.Flags().StringVar(&to, "to", "", "the copy's file (must not exist, nor its .storage folder)")
	return c
}

// copyTree copies the regular files under src to the same paths under dst,
// skipping those already in copied (relative path → size) and those removed
// while it walks.
func copyTree(src, dst string, copied map[string]int64) error {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if _, ok := copied[rel]; ok {
			return nil
		}
		n, err := copyFile(p, filepath.Join(dst, rel))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		copied[rel] = n
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no storage/ yet: nothing to copy
	}
	return err
}

func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}
