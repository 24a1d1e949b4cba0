package server

import (
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// Access says who may read and who may write.
type Access struct {
	// Keyring holds the tokens the server accepts; nil accepts none, so
	// that nobody can write. SetKeyring replaces it while serving.
	Keyring *auth.Keyring
	// ReadTokenRequired closes reading to requests without a token of at
	// least the reader role: GraphQL queries and exports alike. The pages
	// stay open, since they hold no data and the console needs to load to
	// be given a token.
	ReadTokenRequired bool
	// WritesPerSecond and WriteBurst bound each token's writes; zero takes
	// the defaults, 5 a second with bursts of 20: a person curating by hand
	// writes far less, a script is slowed to a pace that leaves the server
	// to its readers.
	WritesPerSecond float64
	WriteBurst      int
}

func (a *Access) fill() {
	if a.WritesPerSecond == 0 {
		a.WritesPerSecond = 5
	}
	if a.WriteBurst <= 0 {
		a.WriteBurst = 20
	}
}

// gate holds the state of Access while serving.
type gate struct {
	keyring      atomic.Pointer[auth.Keyring]
	readRequired bool
	writes       *auth.Limiter
}

func newGate(a Access) *gate {
	g := &gate{readRequired: a.ReadTokenRequired, writes: auth.NewLimiter(a.WritesPerSecond, a.WriteBurst)}
	g.keyring.Store(a.Keyring)
	return g
}

// SetKeyring makes the server accept the tokens of k from now on: after a
// token is created or revoked.
func (s *Server) SetKeyring(k *auth.Keyring) { s.gate.keyring.Store(k) }

// caller is who sent a request: a token, or nobody.
type caller struct {
	token auth.Token
	known bool
}

// identify reads the request's bearer token, if it has one. A token that
// is malformed, unknown or revoked is refused even for a read: the client
// meant to be someone, and should hear that it is not.
func (g *gate) identify(r *http.Request) (caller, error) {
	secret, present, err := auth.Bearer(r.Header)
	if err != nil || !present {
		return caller{}, err
	}
	k := g.keyring.Load()
	if k == nil {
		return caller{}, history.Errorf(history.CodeUnauthenticated, "this server accepts no tokens: create one with memoria token create")
	}
	t, err := k.Authenticate(secret)
	if err != nil {
		return caller{}, err
	}
	return caller{token: t, known: true}, nil
}

// admitRead refuses a read without a token when reading needs one.
func (g *gate) admitRead(c caller) error {
	if g.readRequired && !c.known {
		return history.Errorf(history.CodeUnauthenticated, "this server answers only requests with a token: send Authorization: Bearer mem_...")
	}
	return nil
}

// spent refuses, before the body is read, a POST from a token that has no
// write left: a client hammering the server costs a header and a map
// lookup. It refuses the token's queries too until a write is left, which
// the Retry-After says is soon.
func (g *gate) spent(r *http.Request, c caller, now time.Time) (time.Duration, bool) {
	if r.Method != http.MethodPost || !c.known || !c.token.Role.Allows(auth.RoleEditor) {
		return 0, false
	}
	spent, wait := g.writes.Spent(c.token.Name, now)
	return wait, spent
}

// admitWrite lets c write with role need, using one of its writes.
func (g *gate) admitWrite(c caller, need auth.Role, now time.Time) (time.Duration, error) {
	if !c.known {
		return 0, history.Errorf(history.CodeUnauthenticated, "writing needs a token: send Authorization: Bearer mem_... (memoria token create makes one)")
	}
	if !c.token.Role.Allows(need) {
		return 0, history.Errorf(history.CodeForbidden, "token %q has the role %s; this needs %s", c.token.Name, c.token.Role, need)
	}
	if ok, wait := g.writes.Take(c.token.Name, now); !ok {
		return wait, history.Errorf(history.CodeRateLimited, "token %q has written as often as this server allows; try again in %s", c.token.Name, roundUp(wait))
	}
	return 0, nil
}

// refuseAccess answers a request the gate refused, with the headers its
// code calls for: a challenge for 401, a Retry-After for 429.
func (s *Server) refuseAccess(w http.ResponseWriter, r *http.Request, media string, err error, wait time.Duration) {
	code := history.ErrorCode(err)
	switch code {
	case history.CodeUnauthenticated:
		w.Header().Set("WWW-Authenticate", `Bearer realm="memoria"`)
	case history.CodeRateLimited:
		w.Header().Set("Retry-After", strconv.Itoa(int(roundUp(wait)/time.Second)))
	}
	s.metrics.refuse(code, "access")
	s.writeCoded(w, r, media, code.Meaning().HTTPStatus, code, err.Error())
}

// roundUp rounds a wait up to whole seconds, at least one, as Retry-After
// counts them.
func roundUp(d time.Duration) time.Duration {
	return time.Duration(math.Max(1, math.Ceil(d.Seconds()))) * time.Second
}
