package hooks

import "runtime"

// handOverWriteLock runs when a write transaction is over (committed or
// rolled back), after its connection went back to the pool.
//
// PocketBase writes through a pool of one connection: requests that want to
// write queue for it, and database/sql hands it to the next one in the queue
// when a transaction ends. Go's scheduler then puts that goroutine in the
// "run next" slot of the processor that just committed, so it starts only
// when the committing goroutine blocks, after its after-commit hooks and its
// response: the connection sat idle for about a quarter of each intake on the
// 2-core office box (measured: 430 µs held, 570 µs per intake). Yielding here
// lets the next write start at once; the committing request resumes a moment
// later. Intake under 8 clients went from about 1,550 to 1,780 a second (five
// alternating runs each; BENCHMARKS.md).
func handOverWriteLock(error) error {
	runtime.Gosched()
	return nil
}
