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
	"motcua/demo"
)

// abIntake compares the intake throughput of two motcua binaries (or of
// -motcua and bare PocketBase's create, with -ab bare), for a change whose
// effect is smaller than the run-to-run noise of one run: the two take turns,
// each on a fresh copy of the same generated data dir (made by an earlier
// `make bench` with -keep), rounds times, and the means, the ratio of the
// means and every run are printed.
//
//	go run ./bench/run -sizes 10000 -out /tmp/bench -motcua ./old -ab ./new -rounds 6
//	go run ./bench/run -sizes 10000 -out /tmp/bench -motcua ./motcua -bare ./bare -ab bare -rounds 6
func abIntake(o options, n int, other string, rounds int) error {
	src := filepath.Join(o.out, fmt.Sprintf("motcua-%d", n))
	bins := []string{o.motcua, other}
	srcs := []string{src, src}
	if other == "bare" {
		bins[1], srcs[1] = o.bare, filepath.Join(o.out, fmt.Sprintf("bare-%d", n))
	}
	for _, dir := range srcs {
		if _, err := os.Stat(filepath.Join(dir, "data.db")); err != nil {
			return fmt.Errorf("no generated data dir %s: run make bench with BENCH_FLAGS=-keep first", dir)
		}
	}
	runs := make([][]float64, len(bins))
	means := make([]float64, len(bins))
	for round := 1; round <= rounds; round++ {
		for i, bin := range bins {
			rps, err := intakeOnCopy(o, bin, srcs[i], i == 1 && other == "bare")
			if err != nil {
				return fmt.Errorf("%s: %w", bin, err)
			}
			runs[i] = append(runs[i], rps)
			means[i] += rps / float64(rounds)
			fmt.Printf("round %d  %-40s %6.0f creates/s\n", round, bin, rps)
		}
	}
	for i, bin := range bins {
		slices.Sort(runs[i])
		fmt.Printf("%-40s mean %6.0f/s  runs %.0f\n", bin, means[i], runs[i])
	}
	fmt.Printf("ratio of the means: %.2f×\n", means[0]/means[1])
	return nil
}

// intakeOnCopy runs one intake load (or bare create load) against bin
// serving a copy of src.
func intakeOnCopy(o options, bin, src string, bare bool) (float64, error) {
	dir, err := os.MkdirTemp(o.out, "ab-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if out, err := exec.Command("cp", "-a", src+"/.", dir).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("copy %s: %v: %s", src, err, out)
	}
	// Write the copy out first: the kernel writing back a gigabyte of it
	// during the run (the first checkpoint's fsync waits for all of it)
	// would be measured instead of the server.
	if out, err := exec.Command("sync").CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sync: %v: %s", err, out)
	}
	s, err := start(bin, dir)
	if err != nil {
		return 0, err
	}
	defer s.stop()
	var next load.Request
	if bare {
		tok, err := token(s.base, "_superusers", "bench@bare.example", "BenchPass123")
		if err != nil {
			return 0, err
		}
		next = bareCreateRequest(s.base, tok, fmt.Sprint("ab-", time.Now().UnixNano()))
	} else {
		tok, err := token(s.base, "_superusers", "motcua@ninhxuan.example", demo.Password)
		if err != nil {
			return 0, err
		}
		procID, err := firstProcedure(s.base, tok)
		if err != nil {
			return 0, err
		}
		next = intakeRequest(s.base, tok, procID)
	}
	cfg := load.Config{Clients: o.clients, Duration: o.duration, Warmup: 50, Max: 4000}
	res, err := load.Run(context.Background(), cfg, http.StatusOK, next)
	if err != nil {
		return 0, err
	}
	return res.RPS(), nil
}
