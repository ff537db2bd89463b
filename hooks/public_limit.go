package hooks

import (
	"time"

	"motcua/internal/ratelimit"
)

// Default guest limits per IP and minute; the IT officer can change them in
// office.settings.public_rate_limit ({"get": 60, "post": 5}; 0 or less turns
// a limit off).
const (
	pubDefaultGetPerMinute  = 60
	pubDefaultPostPerMinute = 5
)

// pubRateLimits are requests per minute and IP; 0 means unlimited.
type pubRateLimits struct {
	Get  int `json:"get"`
	Post int `json:"post"`
}

// pubRateLimiter is the guest routes' token bucket per kind and IP
// (internal/ratelimit, shared with the online submission of hooks/files).
type pubRateLimiter = ratelimit.Limiter

func pubNewRateLimiter() *pubRateLimiter { return ratelimit.New() }

// pubItoaSeconds writes d as whole seconds, at least 1, for Retry-After.
func pubItoaSeconds(d time.Duration) string { return ratelimit.RetryAfter(d) }
