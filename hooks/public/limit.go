package public

import (
	"time"

	"motcua/internal/ratelimit"
)

// Default guest limits per IP and minute; the IT officer can change them in
// office.settings.public_rate_limit ({"get": 60, "post": 5}; 0 or less turns
// a limit off).
const (
	defaultGetPerMinute  = 60
	defaultPostPerMinute = 5
)

// rateLimits are requests per minute and IP; 0 means unlimited.
type rateLimits struct {
	Get  int `json:"get"`
	Post int `json:"post"`
}

// rateLimiter is the guest routes' token bucket per kind and IP
// (internal/ratelimit, shared with the online submission of hooks/files).
type rateLimiter = ratelimit.Limiter

func newRateLimiter() *rateLimiter { return ratelimit.New() }

// itoaSeconds writes d as whole seconds, at least 1, for Retry-After.
func itoaSeconds(d time.Duration) string { return ratelimit.RetryAfter(d) }
