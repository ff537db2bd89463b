// Command bare is bare PocketBase (same version as Motcua, no hooks) with one
// collection shaped like Motcua's dossiers, for side-by-side benchmarks:
//
//	bare seed N --dir X   # the collection and N rows by direct SQL inserts
//	bare superuser upsert EMAIL PASS --dir X
//	bare serve --dir X --http 127.0.0.1:PORT
//
// Guests may list and view (as Motcua's public routes let them look up);
// only superusers create.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/spf13/cobra"
)

func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("dossiers", "bare_dossiers")
		c.ListRule, c.ViewRule = types.Pointer(""), types.Pointer("")
		c.Fields.Add(
			&core.TextField{Name: "code", Max: 60},
			&core.TextField{Name: "procedure", Max: 40},
			&core.TextField{Name: "applicant_name", Required: true, Max: 200},
			&core.TextField{Name: "applicant_phone", Max: 20},
			&core.TextField{Name: "applicant_id_number", Max: 20},
			&core.TextField{Name: "applicant_address", Max: 300},
			&core.SelectField{Name: "channel", MaxSelect: 1, Values: []string{"in_person", "online", "post"}},
			&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"received", "processing", "decided", "returned"}},
			&core.DateField{Name: "received_at"},
			&core.DateField{Name: "due_at"},
			&core.TextField{Name: "assignee", Max: 40},
			&core.TextField{Name: "note", Max: 2000},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_bare_code", true, "code", "")
		c.AddIndex("idx_bare_status_due", false, "status, due_at", "")
		c.AddIndex("idx_bare_received_at", false, "received_at", "")
		c.AddIndex("idx_bare_created", false, "created", "")
		return app.Save(c)
	}, nil)
}

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: "bare_data", DefaultDev: false})
	app.RootCmd.Use = "bare"
	app.RootCmd.AddCommand(&cobra.Command{
		Use:          "seed N",
		Short:        "Create the collection and N rows with direct SQL inserts",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(args[0])
			if err != nil {
				return err
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			return seed(app, n)
		},
	})
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// ID returns the id of the i-th seeded row (1-based), so that the load
// generator can view rows without listing them first.
func ID(i int) string {
	s := strconv.FormatInt(int64(i), 36)
	return "b" + strings.Repeat("0", 14-len(s)) + s
}

func seed(app core.App, n int) error {
	return app.RunInTransaction(func(tx core.App) error {
		q := tx.DB().NewQuery(`INSERT INTO dossiers (id, code, procedure, applicant_name, applicant_phone,
			applicant_id_number, applicant_address, channel, status, received_at, due_at, assignee, note, created, updated)
			VALUES ({:id}, {:code}, 'p00000000000001', {:name}, {:phone}, {:idn}, 'Tổ 3, khu phố 5, phường Mẫu', 'in_person',
			{:status}, {:at}, {:due}, 'u00000000000001', '', {:at}, {:at})`).Prepare()
		defer q.Close()
		start := time.Date(2016, 11, 1, 0, 0, 0, 0, time.UTC)
		statuses := []string{"returned", "returned", "returned", "decided", "processing", "received"}
		for i := 1; i <= n; i++ {
			at := start.Add(time.Duration(i) * 13 * time.Minute)
			if _, err := q.Bind(map[string]any{
				"id": ID(i), "code": fmt.Sprintf("H15.50.05.13-%s-%04d", at.Format("060102"), i%10000),
				"name": "Nguyễn Văn An", "phone": fmt.Sprintf("09%08d", i), "idn": fmt.Sprintf("0%011d", i),
				"status": statuses[i%len(statuses)], "at": at.Format(types.DefaultDateLayout),
				"due": at.Add(72 * time.Hour).Format(types.DefaultDateLayout),
			}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
