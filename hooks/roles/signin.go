package roles

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/internal/auditchain"
)

// Staff sign-in (đăng nhập của cán bộ) against guessing:
//
//   - PocketBase's rate limits are switched on from code at every start
//     (authRateLimits: per IP, on the auth routes only, so that the public
//     page keeps its own limits);
//   - an account that fails signInFreeFailures times, each within
//     signInWindow of the last failure or the end of its last lock, is
//     locked for a minute, then two, four, ... up to an hour: a 429 with a
//     Vietnamese sentence, whatever password is given while locked;
//   - failures are folded in the audit log: the first failure of an
//     account from an IP is an entry, the others of the same window are
//     counted and written as one summary entry when the window closes
//     (at the next failure after it, by the cron job every five minutes, or
//     when the server stops). Failures for identities that are no account
//     fold into one entry per IP. A bot therefore adds at most two entries
//     per account and IP per window, instead of one per attempt;
//   - MFA by e-mail code (OTP) for the `admin` role, switched on when the
//     office has configured SMTP (syncAdminMFA): without a mail server the
//     code could not reach anyone and the IT officer could not sign in
//     (the demo, `make run`, has none). Other roles sign in with their
//     password alone (kit.WantsAdminMFA).

const (
	signInWindow       = 15 * time.Minute
	signInFreeFailures = 5
	signInFirstLock    = time.Minute
	signInMaxLock      = time.Hour
	// signInMaxTracked bounds the memory a bot trying random identities
	// can take: beyond it the oldest states are forgotten.
	signInMaxTracked = 10_000
)

// SignInFoldJob is the cron job that writes the summaries of closed windows.
const SignInFoldJob = "motcua_signin_failures"

// authRateLimits are the per-IP limits of PocketBase's auth routes.
var authRateLimits = []core.RateLimitRule{
	{Label: "*:auth", MaxRequests: 10, Duration: 60}, // password, OTP and OAuth2 sign-ins
	{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
	{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 60},
}

const signInGuardKey = "motcua.signInGuard"

type signInGuard struct {
	mu       sync.Mutex
	now      func() time.Time
	accounts map[string]*accountFailures
	folds    map[foldKey]*failureFold
}

type accountFailures struct {
	count       int
	last        time.Time
	lockedUntil time.Time
}

// foldKey is an account (record id; "" for identities that are no
// account) and the client's IP.
type foldKey struct{ account, ip string }

type failureFold struct {
	actor      actor.Actor
	collection string
	identities []string
	first      time.Time
	last       time.Time
	count      int
	locked     time.Time
}

func RegisterSignIn(app core.App) {
	g := &signInGuard{now: time.Now, accounts: map[string]*accountFailures{}, folds: map[foldKey]*failureFold{}}
	app.Store().Set(signInGuardKey, g)

	app.OnRecordAuthWithPasswordRequest().BindFunc(func(e *core.RecordAuthWithPasswordRequestEvent) error {
		account := accountKey(e)
		if wait := g.lockedFor(account); wait > 0 {
			secs := int(wait.Round(time.Second) / time.Second)
			e.Response.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			return e.TooManyRequestsError(fmt.Sprintf("Tài khoản đang tạm khóa đăng nhập vì nhập sai mật khẩu nhiều lần. "+
				"Vui lòng thử lại sau %d phút.", int((wait+time.Minute-1)/time.Minute)), nil)
		}
		err := e.Next()
		var apiErr *router.ApiError
		switch {
		case err == nil || errors.Is(err, apis.ErrMFA):
			g.succeeded(account)
		case errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && apiErr.Message == "Failed to authenticate.":
			a := actor.Request(e.RequestEvent)
			a.Type, a.Email = actor.TypeGuest, auditchain.Clip(e.Identity, 255)
			if e.Record != nil {
				a.ID = e.Record.Id
			}
			for _, en := range g.failed(account, a, e.Collection.Name, e.Identity) {
				if en == nil {
					continue
				}
				if werr := audit.AppendEntry(e.App, en); werr != nil {
					e.App.Logger().Error("audit: failed sign-in not recorded", "error", werr)
				}
			}
		}
		return err
	})

	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return ensureAuthRateLimits(e.App)
	})
	app.OnSettingsReload().BindFunc(func(e *core.SettingsReloadEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return syncAdminMFA(e.App)
	})
	if app.IsBootstrapped() {
		// Test apps are bootstrapped before their hooks are bound.
		// In memory only: a settings save here would reload the settings
		// under PocketBase's background jobs of the migrations just run.
		setAuthRateLimits(app.Settings())
		if err := syncAdminMFA(app); err != nil {
			app.Logger().Error("sign-in: MFA not set", "error", err)
		}
	}

	app.Cron().MustAdd(SignInFoldJob, "*/5 * * * *", func() { FlushSignInFailures(app, false) })
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		FlushSignInFailures(e.App, true)
		return e.Next()
	})
}

// accountKey is whose failures count: the account found, else the identity
// typed (so that an unknown identity is refused like a known one).
func accountKey(e *core.RecordAuthWithPasswordRequestEvent) string {
	if e.Record != nil {
		return e.Collection.Id + "/" + e.Record.Id
	}
	return e.Collection.Id + "?" + strings.ToLower(strings.TrimSpace(e.Identity))
}

// lockedFor is how long account is still locked.
func (g *signInGuard) lockedFor(account string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.accounts[account]; ok {
		return f.lockedUntil.Sub(g.now())
	}
	return 0
}

func (g *signInGuard) succeeded(account string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.accounts, account)
}

// failed counts a failure, locks the account when it has failed too often,
// and returns the audit entries to write: the window's first failure, and
// the summary of a window that has closed.
func (g *signInGuard) failed(account string, a actor.Actor, collection, identity string) (entries []*auditchain.Entry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	f := g.accounts[account]
	if f == nil || now.Sub(later(f.last, f.lockedUntil)) > signInWindow {
		f = &accountFailures{}
		g.accounts[account] = f
	}
	f.count++
	f.last = now
	if f.count >= signInFreeFailures {
		lock := signInFirstLock << min(f.count-signInFreeFailures, 10)
		f.lockedUntil = now.Add(min(lock, signInMaxLock))
	}

	key := foldKey{a.ID, a.IP}
	fold := g.folds[key]
	if fold != nil && now.Sub(fold.first) > signInWindow {
		entries = append(entries, fold.summary())
		delete(g.folds, key)
		fold = nil
	}
	if fold == nil {
		fold = &failureFold{actor: a, collection: collection, first: now}
		g.folds[key] = fold
		entries = append(entries, audit.EntryFor(a, audit.ActionSignInFailed, collection, a.ID, map[string]any{"identity": identity}))
	}
	fold.count++
	fold.last = now
	fold.locked = later(fold.locked, f.lockedUntil)
	if len(fold.identities) < 10 && !slices.Contains(fold.identities, identity) {
		fold.identities = append(fold.identities, identity)
	}
	g.trim()
	return entries
}

// trim forgets the oldest states beyond signInMaxTracked (their summaries
// are lost: a bot flooding identities is what the rate limit is for).
func (g *signInGuard) trim() {
	for len(g.accounts) > signInMaxTracked {
		oldest := ""
		var at time.Time
		for k, f := range g.accounts {
			if oldest == "" || f.last.Before(at) {
				oldest, at = k, f.last
			}
		}
		delete(g.accounts, oldest)
	}
	for len(g.folds) > signInMaxTracked {
		var oldest foldKey
		var at time.Time
		first := true
		for k, f := range g.folds {
			if first || f.last.Before(at) {
				oldest, at, first = k, f.last, false
			}
		}
		delete(g.folds, oldest)
	}
}

// summary is the entry of a closed window that saw more than its first
// failure (nil otherwise).
func (f *failureFold) summary() *auditchain.Entry {
	if f.count < 2 {
		return nil
	}
	facts := map[string]any{
		"identities": f.identities, "failures": f.count, "folded": true,
		"first_at": f.first.UTC().Format(time.RFC3339), "last_at": f.last.UTC().Format(time.RFC3339),
	}
	if !f.locked.IsZero() {
		facts["locked_until"] = f.locked.UTC().Format(time.RFC3339)
	}
	return audit.EntryFor(f.actor, audit.ActionSignInFailed, f.collection, f.actor.ID, facts)
}

// FlushSignInFailures writes the summaries of the windows that have closed
// (all of them when all is true: the server is stopping).
func FlushSignInFailures(app core.App, all bool) {
	g, ok := app.Store().Get(signInGuardKey).(*signInGuard)
	if !ok {
		return
	}
	g.mu.Lock()
	now := g.now()
	var entries []*auditchain.Entry
	// In the order the windows opened (then by key), so that the log reads
	// as it happened and two runs write the same chain.
	keys := slices.Collect(maps.Keys(g.folds))
	slices.SortFunc(keys, func(a, b foldKey) int {
		if c := g.folds[a].first.Compare(g.folds[b].first); c != 0 {
			return c
		}
		return strings.Compare(a.account+"/"+a.ip, b.account+"/"+b.ip)
	})
	for _, k := range keys {
		if f := g.folds[k]; all || now.Sub(f.first) > signInWindow {
			entries = append(entries, f.summary())
			delete(g.folds, k)
		}
	}
	g.mu.Unlock()
	for _, en := range entries {
		if en == nil {
			continue
		}
		if err := audit.AppendEntry(app, en); err != nil {
			app.Logger().Error("audit: failed sign-ins not recorded", "error", err)
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ensureAuthRateLimits switches PocketBase's rate limits on with
// authRateLimits, at every start, so that they hold whatever was saved.
// The first time, PocketBase's inactive default rules are dropped: its
// "/api/" rule would also throttle the public page, which has its own.
func ensureAuthRateLimits(app core.App) error {
	if s := app.Settings(); setAuthRateLimits(s) {
		return app.Save(s)
	}
	return nil
}

// setAuthRateLimits puts authRateLimits in s; it reports whether s changed.
func setAuthRateLimits(s *core.Settings) bool {
	rl := &s.RateLimits
	changed := !rl.Enabled
	if !rl.Enabled {
		rl.Enabled, rl.Rules = true, nil
	}
	for _, want := range authRateLimits {
		i := slices.IndexFunc(rl.Rules, func(r core.RateLimitRule) bool { return r.Label == want.Label && r.Audience == want.Audience })
		switch {
		case i < 0:
			rl.Rules = append(rl.Rules, want)
			changed = true
		case rl.Rules[i] != want:
			rl.Rules[i] = want
			changed = true
		}
	}
	return changed
}

// syncAdminMFA makes the admin sign in with a password and an e-mailed code
// whenever the office has a mail server (SMTP) configured, and switches
// both off when it has none. It does nothing before Motcua's migration has
// given _superusers its role field.
func syncAdminMFA(app core.App) error {
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil || col.Fields.GetByName("role") == nil {
		return nil
	}
	on := app.Settings().SMTP.Enabled
	if col.MFA.Enabled == on && col.OTP.Enabled == on {
		return nil
	}
	col.MFA.Enabled, col.OTP.Enabled = on, on
	return app.Save(col)
}

// SetSignInClock makes app's sign-in guard read the time from now (for
// tests).
func SetSignInClock(app core.App, now func() time.Time) {
	g := app.Store().Get(signInGuardKey).(*signInGuard)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now = now
}

// FailSignIns counts n failed password sign-ins of rec from ip, as the
// sign-in guard does (for tests).
func FailSignIns(app core.App, rec *core.Record, ip string, n int) {
	g := app.Store().Get(signInGuardKey).(*signInGuard)
	for range n {
		g.failed(rec.Collection().Id+"/"+rec.Id, actor.Actor{Type: actor.TypeGuest, ID: rec.Id, IP: ip}, rec.Collection().Name, rec.Email())
	}
}
