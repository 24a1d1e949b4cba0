package server

import (
	"context"
	"sync"
	"time"
)

// Pinger says whether the store behind the server answers: a store in a
// database server (PostgreSQL) may go away while the server runs.
type Pinger interface {
	Ping(ctx context.Context) error
}

// probeFor is how long /readyz reuses the store's last answer, so that
// load balancers probing often cost the database one ping a second.
const probeFor = time.Second

// probe is the store's last answer to a ping, shared by the /readyz
// requests of the next probeFor.
type probe struct {
	pinger Pinger
	mu     sync.Mutex // held while pinging: one ping at a time
	at     time.Time
	err    error
}

// check pings the store if its last answer is older than probeFor, and
// returns whether the answer differs from the one before (the store went
// away or came back), for the log to say once, and the answer.
func (p *probe) check(ctx context.Context) (changed bool, err error) {
	if p.pinger == nil {
		return false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.at) >= probeFor {
		// The request's own end does not make the store unready.
		was := p.err
		p.err = p.pinger.Ping(context.WithoutCancel(ctx))
		p.at = time.Now()
		changed = (was == nil) != (p.err == nil)
	}
	return changed, p.err
}
