package hooks

import (
	"strconv"
	"sync"
	"time"
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

// pubRateLimiter is a token bucket per key (kind and IP). A bucket holds a
// minute's worth of requests and refills continuously, so a citizen may
// burst through a page load and then keep a steady pace. Idle buckets are
// swept so the map stays small.
type pubRateLimiter struct {
	mu        sync.Mutex
	buckets   map[string]*pubBucket
	lastSweep time.Time
}

type pubBucket struct {
	tokens float64
	at     time.Time
}

func pubNewRateLimiter() *pubRateLimiter {
	return &pubRateLimiter{buckets: map[string]*pubBucket{}}
}

// allow takes a token from key's bucket of perMinute tokens; when none is
// left it reports how long until the next one.
func (l *pubRateLimiter) allow(key string, perMinute int, now time.Time) (bool, time.Duration) {
	if perMinute <= 0 {
		return true, 0
	}
	capacity := float64(perMinute)
	perSecond := capacity / 60

	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		for k, b := range l.buckets {
			// A bucket idle for over a minute is full again: forget it.
			if now.Sub(b.at) > time.Minute {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &pubBucket{tokens: capacity, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(capacity, b.tokens+now.Sub(b.at).Seconds()*perSecond)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / perSecond * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// pubItoaSeconds writes d as whole seconds, at least 1, for Retry-After.
func pubItoaSeconds(d time.Duration) string {
	s := int(d.Seconds() + 0.999)
	return strconv.Itoa(max(s, 1))
}
