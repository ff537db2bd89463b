package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/hooks/office"
	"motcua/internal/calendar"
)

func newCalendarCommand(app core.App) *cobra.Command {
	root := &cobra.Command{
		Use:   "calendar",
		Short: "Working days, holidays and deadlines (lịch làm việc)",
	}
	root.AddCommand(newCalendarDueCommand(app), newCalendarHolidaysCommand(app))
	return root
}

// officeCalendar is the data dir's calendar (holidays collection and office
// hours), after applying migrations.
func officeCalendar(app core.App) (*calendar.Calendar, error) {
	if err := ready(app); err != nil {
		return nil, err
	}
	return office.Calendar(app)
}

func newCalendarDueCommand(app core.App) *cobra.Command {
	var from, cutoff string
	var days int
	var sameDay, asJSON bool
	c := &cobra.Command{
		Use:   "due --from \"YYYY-MM-DD HH:MM\" (--days N | --same-day [--cutoff HH:MM]) [--json]",
		Short: "Print the deadline of a dossier received at a time, and why",
		Example: "  motcua calendar due --from \"2026-02-13 10:00\" --days 3\n" +
			"  motcua calendar due --from \"2026-04-24 15:30\" --same-day --json",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			received, err := time.ParseInLocation("2006-01-02 15:04", from, calendar.Location)
			if err != nil {
				return fmt.Errorf("--from %q không đúng dạng \"YYYY-MM-DD HH:MM\"", from)
			}
			if sameDay == c.Flags().Changed("days") {
				return errors.New("chọn đúng một trong --days N hoặc --same-day")
			}
			if days < 0 || days > 365 {
				return fmt.Errorf("--days %d không hợp lệ: từ 0 đến 365 ngày làm việc", days)
			}
			cut := calendar.Clock{Hour: 15}
			if cutoff != "" {
				if cut, err = calendar.ParseClock(cutoff); err != nil {
					return fmt.Errorf("--cutoff %q không đúng dạng HH:MM", cutoff)
				}
			}
			cal, err := officeCalendar(app)
			if err != nil {
				return err
			}
			var dl calendar.Deadline
			if sameDay {
				dl = cal.DueSameDay(received, cut)
			} else {
				dl = cal.Due(received, days)
			}
			return printDeadline(c.OutOrStdout(), dl, asJSON)
		},
	}
	c.Flags().StringVar(&from, "from", "", "when the dossier was received, office time (YYYY-MM-DD HH:MM)")
	c.Flags().IntVar(&days, "days", 0, "time limit in working days")
	c.Flags().BoolVar(&sameDay, "same-day", false, "same-day procedure")
	c.Flags().StringVar(&cutoff, "cutoff", "", "cut-off hour of a same-day procedure (default 15:00)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	_ = c.MarkFlagRequired("from")
	return c
}

func printDeadline(w io.Writer, dl calendar.Deadline, asJSON bool) error {
	if !asJSON {
		fmt.Fprintf(w, "Hạn trả kết quả: %s\n", calendar.FormatDateTime(dl.Due))
		_, err := fmt.Fprintln(w, dl.Explain())
		return err
	}
	type skip struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	out := struct {
		Due         string   `json:"due"`
		Received    string   `json:"received"`
		Start       string   `json:"start"`
		Days        int      `json:"days"`
		SameDay     bool     `json:"same_day"`
		Counted     []string `json:"counted"`
		Skipped     []skip   `json:"skipped"`
		Notes       []string `json:"notes"`
		Explanation string   `json:"explanation"`
	}{
		Due: officeTime(dl.Due), Received: officeTime(dl.Received), Start: officeTime(dl.Start),
		Days: dl.Days, SameDay: dl.SameDay, Counted: []string{}, Skipped: []skip{}, Notes: dl.Notes,
		Explanation: dl.Explain(),
	}
	for _, d := range dl.Counted {
		out.Counted = append(out.Counted, d.String())
	}
	for _, s := range dl.Skipped {
		out.Skipped = append(out.Skipped, skip{s.Date.String(), s.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func officeTime(t time.Time) string { return t.In(calendar.Location).Format("2006-01-02 15:04") }

func newCalendarHolidaysCommand(app core.App) *cobra.Command {
	var year int
	var asJSON bool
	c := &cobra.Command{
		Use:          "holidays --year YYYY [--json]",
		Short:        "List a year's days off and make-up working days, official or provisional",
		Example:      "  motcua calendar holidays --year 2026\n  motcua calendar holidays --year 2027 --json",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if year < 1900 || year > 2199 {
				return fmt.Errorf("--year %d không hợp lệ", year)
			}
			cal, err := officeCalendar(app)
			if err != nil {
				return err
			}
			entries := cal.Entries(year)
			w := c.OutOrStdout()
			if asJSON {
				type entry struct {
					Date     string `json:"date"`
					Weekday  string `json:"weekday"`
					Kind     string `json:"kind"`
					DayOff   bool   `json:"day_off"`
					Name     string `json:"name"`
					Official bool   `json:"official"`
					Note     string `json:"note,omitempty"`
				}
				out := struct {
					Year    int     `json:"year"`
					Entries []entry `json:"entries"`
				}{Year: year, Entries: []entry{}}
				for _, e := range entries {
					out.Entries = append(out.Entries, entry{e.Date.String(), e.Date.Weekday().String(), string(e.Kind), e.DayOff(), e.Name, e.Official, e.Note})
				}
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			fmt.Fprintf(w, "Lịch nghỉ năm %d (%d ngày):\n", year, len(entries))
			for _, e := range entries {
				kind := map[calendar.Kind]string{calendar.KindHoliday: "nghỉ lễ", calendar.KindSubstitute: "nghỉ bù", calendar.KindMakeup: "làm bù", calendar.KindProposed: "đề xuất"}[e.Kind]
				status := "chính thức"
				switch {
				case e.Kind == calendar.KindProposed:
					status = "chưa tính"
				case !e.Official:
					status = "dự kiến"
				}
				fmt.Fprintf(w, "  %s  %-8s  %-10s  %s\n", e.Date.VN(), kind, status, e.Name)
			}
			return nil
		},
	}
	c.Flags().IntVar(&year, "year", time.Now().In(calendar.Location).Year(), "year")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
