package cmd

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/audit"
	"motcua/internal/auditchain"
	"motcua/internal/calendar"
)

// staffTime writes an RFC 3339 time as dd/mm/yyyy HH:MM, office time.
func staffTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(calendar.Location).Format("02/01/2006 15:04")
}

func newAuditCommand(app core.App) *cobra.Command {
	root := &cobra.Command{
		Use:   "audit",
		Short: "Audit log (nhật ký kiểm toán)",
	}
	var asJSON bool
	verify := &cobra.Command{
		Use:   "verify [--json]",
		Short: "Verify the audit log's hash chain",
		Long: "Checks every entry of the audit log against its hash and its predecessor's, and that the anchor " +
			"kept outside the database (audit_anchor.json beside data.db, the head of the last daily check) is " +
			"still in the chain. Prints the number of entries and the chain head (seq and hash: write it on the " +
			"signed report) when intact; names the first entry that does not verify, or the anchor that is " +
			"missing, and exits with status 1 otherwise.",
		Example:      "  motcua audit verify --dir ./pb_data\n  motcua audit verify --json",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := ready(app); err != nil {
				return err
			}
			// The check reads every entry once and keeps none: each row's
			// strings are garbage at once, and the collector ran for a
			// tenth of the time at the default 100%. 400% trades about
			// 20 MB of memory for that (BENCHMARKS.md), in this one-shot
			// command only; the server's nightly check keeps the default.
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			anchor, hasAnchor, err := audit.ReadAnchor(app)
			if err != nil {
				return err
			}
			res, err := audit.VerifyAnchored(app)
			if err != nil || !res.OK {
				// A chain that does not verify may be a damaged file, not an
				// edit: SQLite's own check tells them apart (only then, so a
				// sound chain costs nothing more).
				if problems := integrityProblems(app); len(problems) > 0 {
					c.SilenceErrors = asJSON
					if asJSON {
						_ = json.NewEncoder(c.OutOrStdout()).Encode(map[string]any{"ok": false, "corrupt": true, "integrity": problems})
					}
					return fmt.Errorf("tệp cơ sở dữ liệu bị hỏng (không phải dấu hiệu sửa nhật ký): %s; hãy dừng máy chủ và khôi phục từ bản sao lưu gần nhất",
						strings.Join(problems, "; "))
				}
			}
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			if asJSON {
				report := struct {
					auditchain.Result
					Anchor *audit.Anchor `json:"anchor,omitempty"`
				}{Result: res}
				if hasAnchor {
					report.Anchor = &anchor
				}
				if err := json.NewEncoder(out).Encode(report); err != nil {
					return err
				}
			} else {
				if res.OK {
					fmt.Fprintf(out, "Nhật ký kiểm toán toàn vẹn: %d mục.\nĐầu chuỗi: #%d %s\n", res.Entries, res.HeadSeq, res.HeadHash)
				}
				if hasAnchor {
					fmt.Fprintf(out, "Mốc đối chiếu ngoài cơ sở dữ liệu (%s): #%d %s, kiểm lúc %s\n",
						audit.AnchorFile, anchor.Seq, anchor.Hash, staffTime(anchor.VerifiedAt))
				}
			}
			if !res.OK {
				// Silence cobra's own "Error:" line in JSON mode: the
				// JSON already says what failed.
				c.SilenceErrors = asJSON
				return fmt.Errorf("nhật ký kiểm toán bị sai lệch từ mục #%d: %s", res.FirstBadSeq, res.Reason)
			}
			return nil
		},
	}
	verify.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	root.AddCommand(verify)
	return root
}

// withCommandName names the command that runs (its path without the root's
// name) before it runs.
func withCommandName(named func(string), cmds []*cobra.Command) []*cobra.Command {
	var wrap func(c *cobra.Command)
	wrap = func(c *cobra.Command) {
		if run := c.RunE; run != nil {
			c.RunE = func(c *cobra.Command, args []string) error {
				name := c.CommandPath()
				if root := c.Root(); root != nil && root != c {
					name = strings.TrimPrefix(name, root.Name()+" ")
				}
				named(name)
				return run(c, args)
			}
		}
		for _, sub := range c.Commands() {
			wrap(sub)
		}
	}
	for _, c := range cmds {
		wrap(c)
	}
	return cmds
}

// integrityProblems runs SQLite's integrity check and returns what it found
// (at most 5 lines), or nil when the file is sound.
func integrityProblems(app core.App) []string {
	var lines []string
	if err := app.DB().NewQuery("PRAGMA integrity_check(5)").Column(&lines); err != nil {
		return []string{err.Error()}
	}
	if len(lines) == 1 && lines[0] == "ok" {
		return nil
	}
	return lines
}
