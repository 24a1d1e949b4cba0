package auth

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Keyring answers who holds a secret. It is built from the kept tokens and
// never changed: when tokens change, the server builds a new one.
type Keyring struct {
	byDigest map[Digest]Token
}

// NewKeyring indexes tokens by digest; revoked ones stay so that their
// holders are told they were revoked rather than unknown.
func NewKeyring(tokens []Token) *Keyring {
	k := &Keyring{byDigest: make(map[Digest]Token, len(tokens))}
	for _, t := range tokens {
		k.byDigest[t.Digest] = t
	}
	return k
}

// Len returns the number of tokens the keyring holds, revoked ones included.
func (k *Keyring) Len() int { return len(k.byDigest) }

// Authenticate returns the token whose secret is secret. The map is keyed
// by the secret's digest, so a lookup's timing tells nothing of the secret
// itself; the digests are then compared in constant time all the same, so
// that the check does not rest on how the map compares keys.
func (k *Keyring) Authenticate(secret string) (Token, error) {
	d, err := parse(secret)
	if err != nil {
		return Token{}, err
	}
	t, ok := k.byDigest[d]
	if !ok || subtle.ConstantTimeCompare(t.Digest[:], d[:]) != 1 {
		return Token{}, history.Errorf(history.CodeUnauthenticated, "the bearer token is not known to this server")
	}
	if !t.Active() {
		return Token{}, history.Errorf(history.CodeUnauthenticated, "the bearer token %q was revoked on %s", t.Name, t.Revoked.UTC().Format("2006-01-02 15:04 MST"))
	}
	return t, nil
}

// Bearer reads the token of an Authorization header. It reports whether the
// request carries credentials at all, so that an anonymous read is told
// apart from a malformed header, which is an error.
func Bearer(h http.Header) (secret string, present bool, err error) {
	v := h.Values("Authorization")
	switch len(v) {
	case 0:
		return "", false, nil
	case 1:
	default:
		return "", true, history.Errorf(history.CodeUnauthenticated, "the request has %d Authorization headers, want one", len(v))
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true, history.Errorf(history.CodeUnauthenticated, `the Authorization header must be "Bearer mem_..."`)
	}
	return strings.TrimSpace(rest), true, nil
}
