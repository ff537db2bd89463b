// Package ratelimit is the per-key token bucket of Motcua's guest routes
// (giới hạn tần suất): the public page's look-ups and posts, and the online
// submission. A bucket holds a minute's worth of requests and refills
// continuously, so a citizen may burst through a page load and then keep a
// steady pace. Idle buckets are swept so the map stays small.
package ratelimit

import (
	"strconv"
	"sync"
	"time"
)

// Limiter is a token bucket per key (for example a kind and an IP).
type Limiter struct {
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns an empty limiter.
func New() *Limiter {
	return &Limiter{buckets: map[string]*bucket{}}
}

// Allow takes a token from key's bucket of perMinute tokens; when none is
// left it reports how long until the next one. perMinute 0 or less is no limit.
func (l *Limiter) Allow(key string, perMinute int, now time.Time) (bool, time.Duration) {
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
		b = &bucket{tokens: capacity, at: now}
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

// RetryAfter writes d as whole seconds, at least 1, for a Retry-After header.
func RetryAfter(d time.Duration) string {
	s := int(d.Seconds() + 0.999)
	return strconv.Itoa(max(s, 1))
}
