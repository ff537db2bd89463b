package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	selfcheck "motcua/hooks/inspect"
	"motcua/internal/calendar"
	"motcua/internal/inspect"
)

// newInspectCommand is `motcua inspect`: the self-inspection (tự kiểm tra)
// run now, its findings stored as the daily run stores them, and the
// findings and indicators printed.
func newInspectCommand(app core.App) *cobra.Command {
	var from, to string
	var asJSON bool
	c := &cobra.Command{
		Use:   "inspect",
		Short: "Tự kiểm tra ngay: in các phát hiện và chỉ tiêu của kỳ",
		Long: "Chạy tự kiểm tra ngay (như lần chạy tự động 06:00 hằng ngày): lưu các phát hiện, " +
			"tự đóng các phát hiện không còn, in các phát hiện đang mở và chỉ tiêu của kỳ. " +
			"Không có --from/--to: kỳ là window_days ngày gần nhất (mặc định 90).",
		Example:      "  motcua inspect\n  motcua inspect --from 2026-01-01 --to 2026-06-30 --json",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			var opts selfcheck.Options
			var err error
			if from != "" {
				if opts.From, err = calendar.ParseDateInput(from); err != nil {
					return fmt.Errorf("--from: ngày không hợp lệ %q (YYYY-MM-DD hoặc dd/mm/yyyy)", from)
				}
			}
			if to != "" {
				if opts.To, err = calendar.ParseDateInput(to); err != nil {
					return fmt.Errorf("--to: ngày không hợp lệ %q (YYYY-MM-DD hoặc dd/mm/yyyy)", to)
				}
			}
			if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
				return fmt.Errorf("--to phải sau --from")
			}
			rep, err := selfcheck.Run(app, opts)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			printReport(cmd.OutOrStdout(), rep)
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "ngày đầu kỳ, YYYY-MM-DD")
	c.Flags().StringVar(&to, "to", "", "ngày cuối kỳ, YYYY-MM-DD (mặc định hôm nay)")
	c.Flags().BoolVar(&asJSON, "json", false, `in JSON: {"findings": [{"rule": ...}], "indicators": {...}}`)
	return c
}

func printReport(w io.Writer, rep *inspect.Report) {
	t := rep.Indicators.Totals
	fmt.Fprintf(w, "TỰ KIỂM TRA — %s\nKỳ: %s · lập lúc %s\n\n", rep.Office, rep.Span.Label(), calendar.FormatDateTime(rep.GeneratedAt))
	fmt.Fprintf(w, "Tiếp nhận %s (trực tuyến %s) · đã giải quyết %s: trước hạn %s, đúng hạn %s, trễ hạn %s · tỷ lệ đúng hạn %s\n",
		inspect.FormatInt(t.Counts.Received), inspect.FormatRate(t.Rates.Online), inspect.FormatInt(t.Counts.Ended),
		inspect.FormatInt(t.Counts.Early), inspect.FormatInt(t.Counts.OnTime), inspect.FormatInt(t.Counts.Late), inspect.FormatRate(t.Rates.OnTime))
	fmt.Fprintf(w, "Đang giải quyết %s (quá hạn %s) · bổ sung %s · từ chối %s · chỉ số 5.4 %s · chỉ số 5.2 %s\n",
		inspect.FormatInt(t.Counts.InProgress), inspect.FormatInt(t.Counts.InProgressLate), inspect.FormatInt(t.Counts.Supplements),
		inspect.FormatInt(t.Counts.Refused), inspect.FormatRate(t.Rates.Satisfaction), inspect.FormatRate(t.Rates.Feedback))
	if rep.Run != nil {
		fmt.Fprintf(w, "Lần chạy này: %s phát hiện (%s mới), %s phát hiện tự đóng.\n",
			inspect.FormatInt(rep.Run.Found), inspect.FormatInt(rep.Run.New), inspect.FormatInt(rep.Run.Resolved))
	}
	fmt.Fprintf(w, "\nPHÁT HIỆN ĐANG MỞ: %s\n", inspect.FormatInt(len(rep.Findings)))
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "- [%s] %s: %s\n", strings.ToUpper(inspect.SeverityLabel(f.Severity)), f.Rule, f.Message)
	}
}
