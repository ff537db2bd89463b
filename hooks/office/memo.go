package office

import (
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"motcua/hooks/kit"
)

// Memo keeps a value built from a few rarely changed collections (the office
// profile, the procedures, the holidays) in memory, and builds it again on
// first use after any committed change of them, whoever made it (API, admin
// UI, CLI, Go code in this process).
//
// The value kept is always built through the app Memo was made for, never
// through a caller's transaction: it holds committed data only, so a
// transaction that rolls back cannot leave its changes in the Memo. A
// transaction that has itself changed one of the collections gets a value
// built through it instead (the demo loader creates the office, then
// dossiers, in one transaction). A build and the forgetting that follows a
// commit take the same lock, so a build that read the old data is always
// forgotten after the commit, never stored after it.
//
// Values are shared between requests: callers must not change them.
type Memo[T any] struct {
	app   core.App
	build func(app core.App) (T, error)
	mu    sync.Mutex
	val   atomic.Pointer[T]
	dirty sync.Map // *core.TxAppInfo -> struct{}: open transactions that changed the collections
}

// NewMemo makes a Memo of build over app, forgotten after any committed
// create, update or delete of a record of the collections (names or ids), and
// after a change of their schema.
func NewMemo[T any](app core.App, build func(app core.App) (T, error), collections ...string) *Memo[T] {
	m := &Memo[T]{app: app, build: build}
	forget := func(e *core.RecordEvent) error {
		m.Forget()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(collections...).BindFunc(forget)
	app.OnRecordAfterUpdateSuccess(collections...).BindFunc(forget)
	app.OnRecordAfterDeleteSuccess(collections...).BindFunc(forget)
	app.OnCollectionAfterUpdateSuccess(collections...).BindFunc(func(e *core.CollectionEvent) error {
		m.Forget()
		return e.Next()
	})
	// Late in the chain, where hooks that open a transaction have put it in
	// e.App.
	mark := &hook.Handler[*core.RecordEvent]{Priority: kit.PriorityMemoMark, Func: func(e *core.RecordEvent) error {
		if info := e.App.TxInfo(); info != nil {
			if _, seen := m.dirty.LoadOrStore(info, struct{}{}); !seen {
				info.OnComplete(func(error) error {
					m.dirty.Delete(info)
					return nil
				})
			}
		}
		return e.Next()
	}}
	app.OnRecordCreate(collections...).Bind(mark)
	app.OnRecordUpdate(collections...).Bind(mark)
	app.OnRecordDelete(collections...).Bind(mark)
	return m
}

// Get returns the value for a caller using app, building it if needed. A
// build that fails is not kept: the next call tries again.
func (m *Memo[T]) Get(app core.App) (T, error) {
	if info := app.TxInfo(); info != nil {
		if _, changed := m.dirty.Load(info); changed {
			return m.build(app)
		}
	}
	if v := m.val.Load(); v != nil {
		return *v, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v := m.val.Load(); v != nil {
		return *v, nil
	}
	v, err := m.build(m.app)
	if err != nil {
		return v, err
	}
	m.val.Store(&v)
	return v, nil
}

func (m *Memo[T]) Forget() {
	m.mu.Lock()
	m.val.Store(nil)
	m.mu.Unlock()
}

// memoOf returns the Memo stored in app under key, or nil before Register.
func memoOf[T any](app core.App, key string) *Memo[T] {
	m, _ := app.Store().Get(key).(*Memo[T])
	return m
}

// cachedOr returns the Memo's value under key, or builds the value through
// app when no Memo is registered.
func cachedOr[T any](app core.App, key string, build func(core.App) (T, error)) (T, error) {
	if m := memoOf[T](app, key); m != nil {
		return m.Get(app)
	}
	return build(app)
}
