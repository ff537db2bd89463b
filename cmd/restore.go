package cmd

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/audit"
	"motcua/internal/calendar"
	"motcua/replica"
)

// newRestoreCommand is `motcua restore --from URL [--at TIME] --dir DIR`:
// a new data dir rebuilt from a continuous replica (motcua serve --replica).
func newRestoreCommand(app core.App) *cobra.Command {
	var from, at string
	c := &cobra.Command{
		Use:   "restore --from URL [--at TIME] --dir DIR",
		Short: "Khôi phục thư mục dữ liệu từ bản sao liên tục (file:// hoặc s3://)",
		Long: "Dựng lại thư mục dữ liệu (--dir, phải là thư mục mới) từ bản sao liên tục mà `motcua serve --replica` ghi: " +
			"data.db đến giao dịch mới nhất đã chép (hoặc đến thời điểm --at), các tệp đính kèm, và mốc đối chiếu nhật ký " +
			"kiểm toán (khi khôi phục bản mới nhất). Sau đó kiểm tra chuỗi nhật ký kiểm toán từ lần kiểm tra hằng ngày cuối, đối chiếu mốc, và in đầu chuỗi. " +
			"auxiliary.db (nhật ký truy cập) không được sao: máy mới bắt đầu nhật ký truy cập trống.",
		Example: "  motcua restore --from file:///mnt/nas/motcua --dir /srv/motcua/pb_data\n" +
			"  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... motcua restore --from 's3://motcua/ninhxuan?endpoint=http://10.0.0.5:8333' --dir ./pb_data\n" +
			"  motcua restore --from file:///mnt/nas/motcua --at '01/12/2026 16:30' --dir ./pb_data_1630",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if from == "" {
				return fmt.Errorf("--from: cần địa chỉ bản sao (file:///thư-mục hoặc s3://bucket/đường-dẫn)")
			}
			var when time.Time
			if at != "" {
				t, err := parseMoment(at)
				if err != nil {
					return err
				}
				when = t
			}
			t, err := replica.Parse(from)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			if n, _ := app.CountRecords(core.CollectionNameSuperusers); n > 0 || app.HasTable("dossiers") {
				return fmt.Errorf("--dir %s đã có dữ liệu: khôi phục vào một thư mục mới", app.DataDir())
			}
			// The bootstrap made an empty database in the new dir: close
			// it and put the replica's in its place.
			dir := app.DataDir()
			if err := app.ResetBootstrapState(); err != nil {
				return err
			}
			for _, name := range []string{"data.db", "data.db-wal", "data.db-shm", "auxiliary.db", "auxiliary.db-wal", "auxiliary.db-shm"} {
				if err := os.Remove(filepath.Join(dir, name)); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
			quietLitestream()
			started := time.Now()
			res, err := replica.Restore(context.Background(), t, dir, when)
			if err != nil {
				return err
			}
			took := time.Since(started)
			if err := app.Bootstrap(); err != nil {
				return err
			}
			if err := ready(app); err != nil {
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "Đã khôi phục %s từ %s: giao dịch %d, %d tệp đính kèm, trong %s.\n",
				filepath.Join(dir, "data.db"), t.URL, res.TXID, res.Files, took.Round(time.Millisecond))
			if !when.IsZero() {
				fmt.Fprintf(out, "Thời điểm khôi phục: %s.\n", calendar.FormatDateTime(when))
			}
			if res.Latest != "" {
				// The bootstrap made the newest state's codes floors
				// (hooks/dossier/restore_codes.go): report what they skip,
				// and record it in the restored chain.
				gap, err := replica.Skipped(filepath.Join(dir, "data.db"), res.Latest)
				if err != nil {
					return fmt.Errorf("đếm mã đã cấp sau thời điểm khôi phục: %w", err)
				}
				if err := audit.AppendEntry(app, replica.RestoredAtEntry(t, res, gap, dir)); err != nil {
					return fmt.Errorf("ghi nhật ký kiểm toán về lần khôi phục: %w", err)
				}
				fmt.Fprintf(out, "Không cấp lại %d mã hồ sơ và %d mã phản ánh đã cấp sau thời điểm khôi phục; "+
					"bản mới nhất của bản sao được giữ ở %s.\n", gap.Dossiers, gap.Feedback, filepath.Dir(res.Latest))
			}
			// The chain is checked as the reports check it, from the head
			// of the last daily check, which read every entry before
			// it, and against the anchor. `motcua audit verify` reads
			// every entry (minutes for ten years: BENCHMARKS.md).
			r, err := audit.VerifyAuditIncremental(app)
			if err != nil {
				return err
			}
			if !r.OK {
				return fmt.Errorf("nhật ký kiểm toán của bản khôi phục bị sai lệch từ mục #%d: %s", r.FirstBadSeq, r.Reason)
			}
			fmt.Fprintf(out, "Nhật ký kiểm toán toàn vẹn (kiểm từ lần kiểm tra hằng ngày cuối và đối chiếu mốc): %d mục.\nĐầu chuỗi: #%d %s\n"+
				"Kiểm tra lại toàn bộ chuỗi: motcua audit verify --dir %s\n", r.Entries, r.HeadSeq, r.HeadHash, dir)
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "bản sao: file:///thư-mục hoặc s3://bucket/đường-dẫn?endpoint=...")
	c.Flags().StringVar(&at, "at", "", "khôi phục đến thời điểm này (giờ Việt Nam: 'dd/mm/yyyy HH:MM', hoặc RFC 3339); mặc định: mới nhất")
	return c
}

// parseMoment reads --at: office time "dd/mm/yyyy HH:MM[:SS]", or RFC 3339.
func parseMoment(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"02/01/2006 15:04:05", "02/01/2006 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, calendar.Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--at: thời điểm không hợp lệ %q (dd/mm/yyyy HH:MM, giờ Việt Nam, hoặc RFC 3339)", s)
}

// quietLitestream keeps Litestream's restores to warnings: it logs each step
// at INFO on the default logger.
func quietLitestream() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
