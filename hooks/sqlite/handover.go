package sqlite

import (
	"runtime"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// The write connection is handed over at once when a write transaction ends.
//
// PocketBase writes through a pool of one connection: requests that want to
// write queue for it, and database/sql hands it to the next one in the queue
// when a transaction ends. Go's scheduler puts that goroutine in the "run
// next" slot of the processor that just committed, so it starts only when
// the committing goroutine blocks, after its after-commit hooks and its
// response: the connection sat idle for about a quarter of each intake on the
// 2-core office box. Yielding when the transaction is over lets the next
// write start at once; the committing request resumes a moment later.
//
// A yield changes no result, only who runs first, so its correctness rests on
// nothing else. Measured (BENCHMARKS.md): intake 0.46× bare create without it,
// on the quiet box, and what it brings back beside it in the same run.
func registerHandOver(app core.App) {
	if off(TrickHandOver) {
		return
	}
	yield := func(error) error {
		runtime.Gosched()
		return nil
	}
	handOver := func(e *core.ModelEvent) error {
		if e.App.IsTransactional() {
			if info := e.App.TxInfo(); info != nil {
				info.OnComplete(yield)
			}
		}
		return e.Next()
	}
	for _, h := range []*hook.TaggedHook[*core.ModelEvent]{app.OnModelCreateExecute(), app.OnModelUpdateExecute(), app.OnModelDeleteExecute()} {
		h.Bind(&hook.Handler[*core.ModelEvent]{Id: "motcuaHandOverWriteLock", Func: handOver})
	}
}
