package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"motcua/bench/load"
	"motcua/internal/demo"
)

// abIntake compares the intake throughput of two motcua binaries, for a
// change whose effect is smaller than the run-to-run noise of one run: the
// binaries take turns, each on a fresh copy of the same generated data dir
// (made by an earlier `make bench` with -keep), rounds times, and the means
// and every run are printed.
//
//	go run ./bench/run -sizes 10000 -out /tmp/bench -motcua ./old -ab ./new -rounds 6
func abIntake(o options, n int, other string, rounds int) error {
	src := filepath.Join(o.out, fmt.Sprintf("motcua-%d", n))
	if _, err := os.Stat(filepath.Join(src, "data.db")); err != nil {
		return fmt.Errorf("no generated data dir %s: run make bench with BENCH_FLAGS=-keep first", src)
	}
	bins := []string{o.motcua, other}
	runs := make([][]float64, len(bins))
	for round := 1; round <= rounds; round++ {
		for i, bin := range bins {
			rps, err := intakeOnCopy(o, bin, src)
			if err != nil {
				return fmt.Errorf("%s: %w", bin, err)
			}
			runs[i] = append(runs[i], rps)
			fmt.Printf("round %d  %-40s %6.0f intakes/s\n", round, bin, rps)
		}
	}
	for i, bin := range bins {
		mean := 0.0
		for _, v := range runs[i] {
			mean += v / float64(len(runs[i]))
		}
		slices.Sort(runs[i])
		fmt.Printf("%-40s mean %6.0f/s  runs %.0f\n", bin, mean, runs[i])
	}
	return nil
}

// intakeOnCopy runs one intake load against bin serving a copy of src.
func intakeOnCopy(o options, bin, src string) (float64, error) {
	dir, err := os.MkdirTemp(o.out, "ab-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if out, err := exec.Command("cp", "-a", src+"/.", dir).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("copy %s: %v: %s", src, err, out)
	}
	s, err := start(bin, dir)
	if err != nil {
		return 0, err
	}
	defer s.stop()
	tok, err := token(s.base, "_superusers", "motcua@ninhxuan.example", demo.Password)
	if err != nil {
		return 0, err
	}
	procID, err := firstProcedure(s.base, tok)
	if err != nil {
		return 0, err
	}
	cfg := load.Config{Clients: o.clients, Duration: o.duration, Warmup: 50, Max: 4000}
	res, err := load.Run(context.Background(), cfg, http.StatusOK, intakeRequest(s.base, tok, procID))
	if err != nil {
		return 0, err
	}
	time.Sleep(100 * time.Millisecond)
	return res.RPS(), nil
}
