package hooks

import (
	"fmt"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// Intakes that arrive together are written in one transaction.
//
// SQLite has one writer, and an intake's write transaction is mostly its
// commit: about 29 pages go to the write-ahead log, two system calls each,
// and most of them are the same pages for the next intake (the end of the
// dossiers table, of the code, date and status indexes, of the audit log).
// While one transaction runs, the intakes that arrive queue here; the first
// of them then writes the whole queue in one transaction, each intake inside
// its own savepoint, and commits once.
//
// Each intake keeps its own outcome: one that fails is rolled back to its
// savepoint (its rows, its audit entries and the in-memory chain head) and
// gets its own error, and the others are committed. If the transaction itself
// fails (the commit, or SQLite undoing the whole transaction after an I/O
// error), every intake of the batch gets that error: nothing of it was
// written. A caller returns only once its intake is committed or refused.
//
// What may fail inside an intake's savepoint stops before its first event is
// saved (the event is its last write), so no rolled-back intake leaves
// after-commit hooks behind in the shared transaction.
type intakeBatcher struct {
	app core.App // the app whose transactions the batches run in

	mu      sync.Mutex
	queue   []*intakeJob
	running bool // a leader is writing a batch
	largest int  // the largest batch so far (tests)
}

// intakeBatchKey holds the app's *intakeBatcher in its store.
const intakeBatchKey = "motcua.intakeBatch"

type intakeJob struct {
	write  func(tx core.App) error
	err    error
	lead   bool // woken to write the next batch rather than with a result
	wakeup chan struct{}
}

// maxIntakeBatch bounds a batch: the last intake of a batch waits for all
// the others.
const maxIntakeBatch = 32

// run writes one intake (write, run with the transaction's app) in the next
// batch and returns its outcome. write saves under its own actor (its save
// context): the others of its batch share the transaction, not the actor.
func (b *intakeBatcher) run(write func(tx core.App) error) error {
	j := &intakeJob{write: write, wakeup: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, j)
	if b.running {
		b.mu.Unlock()
		<-j.wakeup
		if !j.lead {
			return j.err
		}
	} else {
		b.running = true
		b.mu.Unlock()
	}
	// This caller leads: it writes the queue (its own intake included, and
	// whatever arrived meanwhile), then hands the lead to the first caller
	// still queued.
	b.mu.Lock()
	n := min(len(b.queue), maxIntakeBatch)
	batch := b.queue[:n:n]
	b.queue = b.queue[n:]
	b.largest = max(b.largest, n)
	b.mu.Unlock()

	b.writeAndHandOver(batch)
	return j.err
}

// writeAndHandOver writes batch, then wakes its callers and the next leader,
// whatever happens in between.
func (b *intakeBatcher) writeAndHandOver(batch []*intakeJob) {
	defer func() {
		if r := recover(); r != nil {
			for _, o := range batch {
				if o.err == nil {
					o.err = fmt.Errorf("intake batch: panic: %v", r)
				}
			}
		}
		b.mu.Lock()
		if len(b.queue) > 0 {
			next := b.queue[0]
			next.lead = true
			close(next.wakeup)
		} else {
			b.running = false
		}
		b.mu.Unlock()
		// batch[0] is the leader's own intake: it was first in the queue.
		for _, o := range batch[1:] {
			close(o.wakeup)
		}
	}()
	b.write(batch)
}

// runIn runs the intake's writes in tx; a panic in them is this intake's
// error, not its batch's.
func (j *intakeJob) runIn(tx core.App) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("intake: panic: %v", r)
		}
	}()
	return j.write(tx)
}

// write runs a batch in one transaction, each intake in a savepoint.
func (b *intakeBatcher) write(batch []*intakeJob) {
	if len(batch) == 1 {
		j := batch[0]
		j.err = b.app.RunInTransaction(j.runIn)
		return
	}
	err := b.app.RunInTransaction(func(tx core.App) error {
		db, err := driverOf(tx.NonconcurrentDB())
		if err != nil {
			return err
		}
		heads, _ := tx.Store().Get(chainHeadKey).(*chainHeads)
		for _, j := range batch {
			if _, err := db.Exec("SAVEPOINT intake"); err != nil {
				return err
			}
			// The audit's state of the transaction (chain head, actor) as
			// it was before this intake: each intake names its own actor.
			mark := heads.mark(tx)
			heads.forgetActor(tx)
			if j.err = j.runIn(tx); j.err == nil {
				if _, err := db.Exec("RELEASE intake"); err != nil {
					return err
				}
				continue
			}
			// Undo this intake only. SQLite may already have undone the
			// whole transaction (I/O errors, a full disk): then the batch
			// fails as one.
			if _, err := db.Exec("ROLLBACK TO intake"); err != nil {
				return fmt.Errorf("%w (and the rollback to its savepoint failed: %v)", j.err, err)
			}
			if _, err := db.Exec("RELEASE intake"); err != nil {
				return err
			}
			heads.rewind(tx, mark)
		}
		return nil
	})
	if err != nil {
		for _, j := range batch {
			if j.err == nil {
				j.err = err
			}
		}
	}
}
