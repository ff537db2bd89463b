package actor

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// ChainHeadKey holds the app's *ChainHeads in its store.
const ChainHeadKey = "motcua.auditChainHead"

// ChainHeads remembers the head of the audit chain so that an entry does not
// read it back from the database: the last committed head, and the head of
// each open transaction that has written entries. It also keeps each open
// transaction's actor (actor.go): the audit's state of a transaction, dropped
// when the transaction ends.
//
// Only committed heads are shared: a transaction's own head becomes the
// shared one when it commits and is dropped when it rolls back. A head made
// stale by another process (a CLI command writing to the same data dir) is
// caught by the unique index on seq, and writeEntry then reads the real head.
type ChainHeads struct {
	mu      sync.Mutex
	known   bool
	seq     int64
	hash    string
	pending map[*core.TxAppInfo]*txAudit
}

type chainHead struct {
	seq  int64
	hash string
}

// txAudit is an open transaction's own state.
type txAudit struct {
	head    chainHead
	wrote   bool // head is the transaction's own (it has written entries)
	actor   Actor
	hasActs bool
}

// state returns tx's own state, made (and dropped when the transaction
// ends) on first use; h.mu is held.
func (h *ChainHeads) state(info *core.TxAppInfo) *txAudit {
	if st, ok := h.pending[info]; ok {
		return st
	}
	if h.pending == nil {
		h.pending = map[*core.TxAppInfo]*txAudit{}
	}
	st := &txAudit{}
	h.pending[info] = st
	info.OnComplete(func(txErr error) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.pending, info)
		if st.wrote && txErr == nil && (!h.known || st.head.seq > h.seq) {
			h.known, h.seq, h.hash = true, st.head.seq, st.head.hash
		}
		return nil
	})
	return st
}

// Head is the head an entry written through tx links to; known is false when
// it must be read from the database.
func (h *ChainHeads) Head(tx core.App) (seq int64, hash string, known bool) {
	if h == nil || tx.TxInfo() == nil {
		return 0, "", false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.pending[tx.TxInfo()]; ok && p.wrote {
		return p.head.seq, p.head.hash, true
	}
	return h.seq, h.hash, h.known
}

// Advance records an entry written through tx; it becomes the shared head if
// the transaction commits.
func (h *ChainHeads) Advance(tx core.App, seq int64, hash string) {
	info := tx.TxInfo()
	if h == nil || info == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.state(info)
	st.head, st.wrote = chainHead{seq, hash}, true
}

// bindActor names a as tx's actor unless it has one.
func (h *ChainHeads) bindActor(tx core.App, a Actor) {
	info := tx.TxInfo()
	if h == nil || info == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if st := h.state(info); !st.hasActs {
		st.actor, st.hasActs = a, true
	}
}

// actor is tx's actor, if it has one.
func (h *ChainHeads) actor(tx core.App) (Actor, bool) {
	info := tx.TxInfo()
	if h == nil || info == nil {
		return Actor{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if st, ok := h.pending[info]; ok && st.hasActs {
		return st.actor, true
	}
	return Actor{}, false
}
