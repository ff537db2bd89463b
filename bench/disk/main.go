// Command disk measures the disk the digitised papers take: it generates a
// sample year at reduced scale (bench/gen), digitises every dossier's papers
// and results at realistic sizes (gen.AddFiles), measures the files (blocks
// allocated on disk) and what their rows add to data.db, and extrapolates to
// ten years of a busy ward (400,000 dossiers, the size `make bench` uses).
// The sample is written for real; the ten years are arithmetic.
//
//	go run ./bench/disk -dossiers 2000 -dir /tmp/motcua-disk
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"syscall"

	"github.com/pocketbase/pocketbase/core"

	"motcua/bench/gen"
)

func main() {
	sample := flag.Int("dossiers", 2000, "dossiers of the sample year")
	target := flag.Int("ten-years", 400000, "dossiers in ten years to extrapolate to")
	dir := flag.String("dir", "/tmp/motcua-disk", "data dir to write (removed first)")
	flag.Parse()
	if err := os.RemoveAll(*dir); err != nil {
		log.Fatal(err)
	}
	if _, err := gen.Generate(*dir, gen.Config{Dossiers: *sample, Years: 1, Seed: 42, Log: os.Stdout}); err != nil {
		log.Fatal(err)
	}
	db0 := size(filepath.Join(*dir, "data.db"))
	st, err := gen.AddFiles(*dir, gen.FilesConfig{Seed: 42, Log: os.Stdout})
	if err != nil {
		log.Fatal(err)
	}
	db1 := size(filepath.Join(*dir, "data.db"))
	var apparent, allocated, files int64
	err = filepath.WalkDir(filepath.Join(*dir, core.LocalStorageDirName), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		apparent += info.Size()
		if s, ok := info.Sys().(*syscall.Stat_t); ok {
			allocated += s.Blocks * 512
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Every dossier of the data dir counts (the refused ones have no papers):
	// that is what the ten-year figure counts too.
	all := st.Dossiers + countRefused(*dir)
	per := float64(allocated) / float64(all)
	perDB := float64(db1-db0) / float64(all)
	gb := func(b float64) string { return fmt.Sprintf("%.1f GB", b/1e9) }
	fmt.Printf("\nsample: %d dossiers (%d with papers), %d papers, %d results, %d pages, %d files (%d JPEG), %.0f MB in files (%.0f MB allocated), data.db +%.1f MB in %s\n",
		all, st.Dossiers, st.Papers, st.Results, st.Pages, files, st.JPEGs, float64(apparent)/1e6, float64(allocated)/1e6, float64(db1-db0)/1e6, st.Elapsed.Round(1e8))
	fmt.Printf("per dossier: %.2f MB of files, %.1f KB of rows\n", per/1e6, perDB/1e3)
	fmt.Printf("ten years (%d dossiers): files %s, data.db +%s; with one backup zip of them beside: %s\n",
		*target, gb(per*float64(*target)), gb(perDB*float64(*target)), gb(2*(per+perDB)*float64(*target)))
}

func size(p string) int64 {
	info, err := os.Stat(p)
	if err != nil {
		log.Fatal(err)
	}
	return info.Size()
}

func countRefused(dir string) int64 {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		log.Fatal(err)
	}
	defer app.ResetBootstrapState()
	var n int64
	if err := app.DB().NewQuery("SELECT count(*) FROM dossiers WHERE status = 'refused' OR received_at = ''").Row(&n); err != nil {
		log.Fatal(err)
	}
	return n
}
