package sqlite

import (
	"os"
	"slices"
	"strings"
)

// The speed tricks of this package, each of which the benchmarks switch off
// in turn (MOTCUA_BENCH_OFF=stmtcache,checkpoint,handover; read when a database is
// opened and when the app starts serving; never set in production) to
// measure what it buys: BENCHMARKS.md.
const (
	TrickStmtCache  = "stmtcache"  // each connection keeps its prepared statements
	TrickCheckpoint = "checkpoint" // WAL checkpoints from a read connection, not the committing writer
	TrickHandOver   = "handover"   // the write connection handed over at once when a transaction ends
)

// benchOffEnv names the tricks switched off, comma-separated.
const benchOffEnv = "MOTCUA_BENCH_OFF"

func off(trick string) bool {
	v := os.Getenv(benchOffEnv)
	return v != "" && slices.Contains(strings.Split(v, ","), trick)
}
