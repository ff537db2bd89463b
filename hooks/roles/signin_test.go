package roles_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/demo"
	"motcua/hooks/audit"
	"motcua/hooks/roles"
	"motcua/internal/access"
	"motcua/testapp"
)

const signInURL = "/api/collections/_superusers/auth-with-password"

// testClock is a settable clock for the sign-in guard.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func withClock(app core.App) *testClock {
	c := &testClock{t: time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)}
	roles.SetSignInClock(app, c.now)
	return c
}

// signInFrom posts a password sign-in from the client address ip.
func signInFrom(t testing.TB, app *tests.TestApp, ip, identity, password string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, signInURL,
		strings.NewReader(fmt.Sprintf(`{"identity":%q,"password":%q}`, identity, password)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":40000"
	rec := httptest.NewRecorder()
	testapp.Handler(t, app).ServeHTTP(rec, req)
	return rec
}

const lockedMessage = "Tài khoản đang tạm khóa đăng nhập vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %d phút."

// TestSignInBackOff: after five wrong passwords (from any addresses) the
// account is locked, the right password included, for a minute, then for a
// growing delay; the failures are folded in the audit log.
func TestSignInBackOff(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	clock := withClock(app)
	recp := testapp.Staff(t, app, access.Receptionist)
	before := testapp.AuditCount(t, app)

	for i := range 5 {
		if i > 0 {
			clock.advance(time.Minute)
		}
		res := signInFrom(t, app, fmt.Sprintf("198.51.100.%d", i%2+1), recp.Email(), "sai-mat-khau")
		require.Equal(t, http.StatusBadRequest, res.Code, res.Body.String())
	}
	// Locked: the right password too, from a new address.
	res := signInFrom(t, app, "203.0.113.9", recp.Email(), demo.Password)
	require.Equal(t, http.StatusTooManyRequests, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"message":"`+fmt.Sprintf(lockedMessage, 1)+`"`)
	assert.Equal(t, "60", res.Header().Get("Retry-After"))
	assert.NotContains(t, res.Body.String(), `"token"`)

	// One entry per account and address, not one per failure.
	failed := testapp.AuditEntries(t, app, fmt.Sprintf("action = 'sign_in_failed' AND seq > %d", before))
	require.Len(t, failed, 2)
	assert.Equal(t, recp.Id, failed[0].RecordID)
	assert.Equal(t, "198.51.100.1", failed[0].IP)
	assert.Equal(t, "198.51.100.2", failed[1].IP)

	clock.advance(61 * time.Second)
	res = signInFrom(t, app, "203.0.113.9", recp.Email(), demo.Password)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())

	// The window closes: one summary per address, with the count.
	clock.advance(16 * time.Minute)
	roles.FlushSignInFailures(app, false)
	summaries := testapp.AuditEntries(t, app, fmt.Sprintf("action = 'sign_in_failed' AND seq > %d AND changes LIKE '%%folded%%'", before))
	require.Len(t, summaries, 2)
	assert.Equal(t, "198.51.100.1", summaries[0].IP)
	assert.Equal(t, float64(3), summaries[0].Changed["failures"])
	assert.Equal(t, float64(2), summaries[1].Changed["failures"])
	assert.Equal(t, []any{recp.Email()}, summaries[0].Changed["identities"])
	assert.Equal(t, "2026-12-01T02:05:00Z", summaries[0].Changed["locked_until"], "the fifth failure, from .1, locked")
	assert.NotContains(t, summaries[1].Changed, "locked_until")
	assert.NotContains(t, summaries[0].Changes, "sai-mat-khau")

	// A growing delay: five more failures lock for a minute, the next
	// failure after it for two.
	for range 5 {
		require.Equal(t, http.StatusBadRequest, signInFrom(t, app, "198.51.100.7", recp.Email(), "sai").Code)
	}
	clock.advance(61 * time.Second)
	require.Equal(t, http.StatusBadRequest, signInFrom(t, app, "198.51.100.7", recp.Email(), "sai").Code)
	res = signInFrom(t, app, "198.51.100.7", recp.Email(), demo.Password)
	require.Equal(t, http.StatusTooManyRequests, res.Code)
	assert.Contains(t, res.Body.String(), fmt.Sprintf(lockedMessage, 2))
	// Other accounts are not affected.
	require.Equal(t, http.StatusOK, signInFrom(t, app, "198.51.100.7", testapp.Staff(t, app, access.Leader).Email(), demo.Password).Code)
	testapp.RequireChainOK(t, app)
}

// TestSignInLockedScenario: the refusal of a locked account, through the
// API scenario runner, with its exact message.
func TestSignInLockedScenario(t *testing.T) {
	s := &tests.ApiScenario{
		Name:            "right password while locked",
		Method:          http.MethodPost,
		URL:             signInURL,
		Body:            strings.NewReader(`{"identity":"kiemtra@ninhxuan.example","password":"` + demo.Password + `"}`),
		ExpectedStatus:  http.StatusTooManyRequests,
		ExpectedContent: []string{`{"data":{},"message":"` + fmt.Sprintf(lockedMessage, 1) + `","status":429}`},
		TestAppFactory: func(tb testing.TB) *tests.TestApp {
			app := testapp.New(tb)
			roles.FailSignIns(app, testapp.Staff(tb, app, access.Inspector), "192.0.2.50", 5)
			return app
		},
	}
	s.Test(t)
}

// TestSignInRateLimits: PocketBase's rate limits are on from the code, for
// the auth routes, and switched on again at the next start when turned off;
// a bot trying identity after identity from one address gets 429s.
func TestSignInRateLimits(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	rl := app.Settings().RateLimits
	require.True(t, rl.Enabled)
	assert.Contains(t, rl.Rules, core.RateLimitRule{Label: "*:auth", MaxRequests: 10, Duration: 60})

	before := testapp.AuditCount(t, app)
	codes := map[int]int{}
	for i := range 12 {
		codes[signInFrom(t, app, "198.51.100.200", fmt.Sprintf("bot%02d@ninhxuan.example", i), "x").Code]++
	}
	assert.Equal(t, map[int]int{http.StatusBadRequest: 10, http.StatusTooManyRequests: 2}, codes)
	// Unknown identities from one address fold into one entry.
	assert.Equal(t, before+1, testapp.AuditCount(t, app))

	// Turned off by someone, on again at the next start (an app that has
	// not served: its background jobs would outlive the restart).
	other := testapp.New(t)
	defer other.Cleanup()
	other.Settings().RateLimits.Enabled = false
	require.NoError(t, other.Save(other.Settings()))
	require.NoError(t, other.ResetBootstrapState())
	require.NoError(t, other.Bootstrap())
	assert.True(t, other.Settings().RateLimits.Enabled)
}

// TestSignInAdminMFA: with a mail server configured, the admin signs in with
// the password and then an e-mailed code (OTP); other roles with the
// password alone; without one, the admin signs in with the password (the
// demo, `make run`).
func TestSignInAdminMFA(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	admin := testapp.Staff(t, app, access.Admin)
	res := signInFrom(t, app, "192.0.2.10", admin.Email(), demo.Password)
	require.Equal(t, http.StatusOK, res.Code, "no mail server: no MFA")

	s := app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, "smtp.ninhxuan.example", 587
	require.NoError(t, app.Save(s))
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)
	assert.True(t, col.MFA.Enabled)
	assert.True(t, col.OTP.Enabled)

	res = signInFrom(t, app, "192.0.2.10", testapp.Staff(t, app, access.Receptionist).Email(), demo.Password)
	require.Equal(t, http.StatusOK, res.Code, "MFA is for the admin")

	res = signInFrom(t, app, "192.0.2.10", admin.Email(), demo.Password)
	require.Equal(t, http.StatusUnauthorized, res.Code, res.Body.String())
	var step struct{ MfaID string }
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &step))
	require.NotEmpty(t, step.MfaID)
	assert.NotContains(t, res.Body.String(), `"token"`)
	pending := testapp.LastAudit(t, app, "action = '"+audit.ActionSignInPending+"'")
	assert.Equal(t, admin.Id, pending.ActorID)

	// The code the e-mail carries.
	otp := core.NewOTP(app)
	otp.SetCollectionRef(col.Id)
	otp.SetRecordRef(admin.Id)
	otp.SetPassword("48151623")
	require.NoError(t, app.Save(otp))
	res = testapp.Do(t, app, nil, http.MethodPost, "/api/collections/_superusers/auth-with-otp",
		fmt.Sprintf(`{"otpId":%q,"password":"48151623","mfaId":%q}`, otp.Id, step.MfaID))
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Contains(t, res.Body.String(), `"token"`)
	done := testapp.LastAudit(t, app, "action = 'sign_in'")
	assert.Equal(t, admin.Id, done.ActorID)
	assert.Equal(t, true, done.Changed["mfa"])
	assert.Equal(t, "otp", done.Changed["method"])

	// Mail switched off again: MFA off, the admin is not locked out.
	s.SMTP.Enabled = false
	require.NoError(t, app.Save(s))
	col, err = app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)
	assert.False(t, col.MFA.Enabled)
	require.Equal(t, http.StatusOK, signInFrom(t, app, "192.0.2.11", admin.Email(), demo.Password).Code)
	testapp.RequireChainOK(t, app)
}
