package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter bounds how often each token may write: a steady rate with a
// burst, per token name, so that one busy client cannot starve the others.
type Limiter struct {
	every rate.Limit
	burst int

	mu     sync.Mutex
	byName map[string]*rate.Limiter
}

// NewLimiter allows perSecond writes a second to each token, and burst at
// once. A perSecond of zero or less means no limit.
func NewLimiter(perSecond float64, burst int) *Limiter {
	if burst < 1 {
		burst = 1
	}
	every := rate.Limit(perSecond)
	if perSecond <= 0 {
		every = rate.Inf
	}
	return &Limiter{every: every, burst: burst, byName: make(map[string]*rate.Limiter)}
}

func (l *Limiter) of(name string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.byName[name]
	if !ok {
		r = rate.NewLimiter(l.every, l.burst)
		l.byName[name] = r
	}
	return r
}

// Spent says whether name has no write left now, and how long until it
// has one; it takes nothing. The server asks before it reads a body, so
// that a client over its limit costs a map lookup, not a parse.
func (l *Limiter) Spent(name string, now time.Time) (bool, time.Duration) {
	r := l.of(name)
	if r.TokensAt(now) >= 1 {
		return false, 0
	}
	return true, wait(r, now)
}

// Take uses one of name's writes, or says how long until one is left.
func (l *Limiter) Take(name string, now time.Time) (bool, time.Duration) {
	r := l.of(name)
	if r.AllowN(now, 1) {
		return true, 0
	}
	return false, wait(r, now)
}

// wait is how long until r has a whole write again.
func wait(r *rate.Limiter, now time.Time) time.Duration {
	if r.Limit() == rate.Inf || r.Limit() <= 0 {
		return time.Second
	}
	missing := 1 - r.TokensAt(now)
	return time.Duration(missing / float64(r.Limit()) * float64(time.Second))
}
