package hooks

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// chainHeadKey holds the app's *chainHeads in its store.
const chainHeadKey = "motcua.auditChainHead"

// chainHeads remembers the head of the audit chain so that an entry does not
// read it back from the database: the last committed head, and the head of
// each open transaction that has written entries.
//
// Only committed heads are shared: a transaction's own head becomes the
// shared one when it commits and is dropped when it rolls back. A head made
// stale by another process (a CLI command writing to the same data dir) is
// caught by the unique index on seq, and writeEntry then reads the real head.
type chainHeads struct {
	mu      sync.Mutex
	known   bool
	seq     int64
	hash    string
	pending map[*core.TxAppInfo]chainHead
}

type chainHead struct {
	seq  int64
	hash string
}

// head is the head an entry written through tx links to; known is false when
// it must be read from the database.
func (h *chainHeads) head(tx core.App) (seq int64, hash string, known bool) {
	if h == nil || tx.TxInfo() == nil {
		return 0, "", false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.pending[tx.TxInfo()]; ok {
		return p.seq, p.hash, true
	}
	return h.seq, h.hash, h.known
}

// advance records an entry written through tx; it becomes the shared head if
// the transaction commits.
func (h *chainHeads) advance(tx core.App, seq int64, hash string) {
	info := tx.TxInfo()
	if h == nil || info == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pending == nil {
		h.pending = map[*core.TxAppInfo]chainHead{}
	}
	if _, ok := h.pending[info]; !ok {
		info.OnComplete(func(txErr error) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			p, ok := h.pending[info]
			delete(h.pending, info)
			if ok && txErr == nil && (!h.known || p.seq > h.seq) {
				h.known, h.seq, h.hash = true, p.seq, p.hash
			}
			return nil
		})
		info.OnComplete(handOverWriteLock)
	}
	h.pending[info] = chainHead{seq, hash}
}

// headMark is a transaction's own head at a savepoint.
type headMark struct {
	head chainHead
	had  bool
}

// mark returns tx's own head, for rewind after a rollback to a savepoint.
func (h *chainHeads) mark(tx core.App) headMark {
	if h == nil || tx.TxInfo() == nil {
		return headMark{}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.pending[tx.TxInfo()]
	return headMark{p, ok}
}

// rewind sets tx's own head back to m: the entries written since were rolled
// back to a savepoint.
func (h *chainHeads) rewind(tx core.App, m headMark) {
	if h == nil || tx.TxInfo() == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if m.had {
		h.pending[tx.TxInfo()] = m.head
	} else {
		delete(h.pending, tx.TxInfo())
	}
}
