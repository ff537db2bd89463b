package sqlite

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// backgroundLoop is work the server repeats while it runs (the WAL
// checkpoint), the package's only goroutine. It lives exactly as long as the app's database: it starts with
// the server (OnServe) and stops, and is waited for, before the app closes
// its connections, whether the app terminates (OnTerminate: the serve command
// ending, a test app's Cleanup) or only resets (OnBootstrapClear: a backup
// restore, ResetBootstrapState). A tick is never run on a closed app: the
// closing waits for the tick in flight.
type backgroundLoop struct {
	every time.Duration
	tick  func()
	want  func() bool // whether to run, asked when the app serves

	mu   sync.Mutex
	stop chan struct{} // nil when not running
	done chan struct{}
}

// bindBackgroundLoop runs tick every `every` while app serves, if want says
// so when it starts serving.
func bindBackgroundLoop(app core.App, every time.Duration, tick func(), want func() bool) *backgroundLoop {
	l := &backgroundLoop{every: every, tick: tick, want: want}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if l.want() {
			l.start()
		}
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		l.halt()
		return e.Next()
	})
	app.OnBootstrapClear().BindFunc(func(e *core.BootstrapEvent) error {
		l.halt()
		return e.Next()
	})
	return l
}

// start runs the loop unless it runs already (tests trigger OnServe more
// than once on one app).
func (l *backgroundLoop) start() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil {
		return
	}
	l.stop, l.done = make(chan struct{}), make(chan struct{})
	go l.run(l.stop, l.done)
}

func (l *backgroundLoop) run(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			// select picks at random among ready cases: a tick that
			// came with the stop is not run.
			select {
			case <-stop:
				return
			default:
			}
			l.tick()
		}
	}
}

// halt stops the loop and waits until it has ended.
func (l *backgroundLoop) halt() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop == nil {
		return
	}
	close(l.stop)
	<-l.done
	l.stop, l.done = nil, nil
}
