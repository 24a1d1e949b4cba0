package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// The tokens that may write to the store are kept beside the graph, not
// in it: in a bolt bucket of their own, which Cayley never reads, so that
// no export, dump or query of the graph can carry a digest out. A bulk
// load writes a copy of the whole file, buckets included, so they survive
// it.
var tokenBucket = []byte("memoria/tokens")

// storedToken is a token as the bucket holds it, under its name.
type storedToken struct {
	Role    auth.Role `json:"role"`
	Digest  string    `json:"sha256"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
}

// PutToken keeps a new token. A name already in use, by a valid or a
// revoked token, is refused with CodeConflict: an audit record names a
// token, and must keep naming one holder.
func (s *Store) PutToken(ctx context.Context, t auth.Token) error {
	if s.writer != nil {
		return s.writer.PutToken(ctx, t)
	}
	op := "create token " + t.Name
	if err := s.refuseWrite(op); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updateTokens(op, func(tokens map[string]storedToken) error {
		if _, ok := tokens[t.Name]; ok {
			return history.Errorf(history.CodeConflict, "%s: a token of that name exists (memoria token list shows it); choose another name", op)
		}
		tokens[t.Name] = storedToken{Role: t.Role, Digest: t.Digest.String(), Created: t.Created.UTC(), Revoked: t.Revoked}
		return nil
	})
}

// RevokeToken marks the token name revoked at at, and returns it. Revoking
// a revoked token is harmless and keeps the first time.
func (s *Store) RevokeToken(ctx context.Context, name string, at time.Time) (auth.Token, error) {
	if s.writer != nil {
		return s.writer.RevokeToken(ctx, name, at)
	}
	op := "revoke token " + name
	if err := s.refuseWrite(op); err != nil {
		return auth.Token{}, err
	}
	if err := ctx.Err(); err != nil {
		return auth.Token{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out auth.Token
	err := s.updateTokens(op, func(tokens map[string]storedToken) error {
		st, ok := tokens[name]
		if !ok {
			return history.Errorf(history.CodeNotFound, "%s: no token has that name", op)
		}
		if st.Revoked.IsZero() {
			st.Revoked = at.UTC()
			tokens[name] = st
		}
		var err error
		out, err = st.token(name)
		return err
	})
	return out, err
}

// Tokens returns the kept tokens, revoked ones included, by name. A
// store read from a standby reads them from its writer, which has them
// as soon as they are kept.
func (s *Store) Tokens(ctx context.Context) ([]auth.Token, error) {
	if s.writer != nil {
		return s.writer.Tokens(ctx)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.rlock()
	defer s.runlock()
	var raw map[string]storedToken
	if db := s.bboltDB(); db != nil {
		err := db.View(func(tx *bbolt.Tx) error {
			var err error
			raw, err = readTokens(tx.Bucket(tokenBucket))
			return err
		})
		if err != nil {
			return nil, history.Wrap(history.CodeCorrupt, "read tokens of "+s.name, err)
		}
	} else if s.pg != nil {
		var err error
		if raw, err = s.pg.tokens(ctx); err != nil {
			return nil, history.Wrap(history.CodeCorrupt, "read tokens of "+s.name, err)
		}
	} else if s.file != "" {
		if _, err := s.handle("read tokens"); err != nil {
			return nil, err
		}
	} else {
		raw = s.memTokens
	}
	out := make([]auth.Token, 0, len(raw))
	for name, st := range raw {
		t, err := st.token(name)
		if err != nil {
			return nil, history.Wrap(history.CodeCorrupt, "read tokens of "+s.name, err)
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b auth.Token) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// updateTokens reads the tokens, lets edit change them and writes them
// back, in one bolt transaction that is on disk when it returns. Callers
// hold s.mu for writing.
func (s *Store) updateTokens(op string, edit func(map[string]storedToken) error) error {
	if s.pg != nil {
		return s.pg.updateTokens(context.Background(), op, edit)
	}
	if s.file == "" {
		tokens := maps.Clone(s.memTokens)
		if tokens == nil {
			tokens = map[string]storedToken{}
		}
		if err := edit(tokens); err != nil {
			return err
		}
		s.memTokens = tokens
		return nil
	}
	if _, err := s.handle(op); err != nil {
		return err
	}
	db := s.bboltDB()
	if db == nil {
		return history.Errorf(history.CodeInternal, "%s: the %s backend keeps no tokens", op, s.backend)
	}
	err := db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(tokenBucket)
		if err != nil {
			return err
		}
		tokens, err := readTokens(b)
		if err != nil {
			return history.Wrap(history.CodeCorrupt, op, err)
		}
		if err := edit(tokens); err != nil {
			return err
		}
		for name, st := range tokens {
			v, err := json.Marshal(st)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(name), v); err != nil {
				return err
			}
		}
		return nil
	})
	var coded *history.Error
	if err != nil && !errors.As(err, &coded) {
		return wrapInternal(op, err)
	}
	return err
}

// readTokens decodes a token bucket; a missing bucket holds no tokens.
func readTokens(b *bbolt.Bucket) (map[string]storedToken, error) {
	tokens := map[string]storedToken{}
	if b == nil {
		return tokens, nil
	}
	err := b.ForEach(func(k, v []byte) error {
		var st storedToken
		if err := json.Unmarshal(v, &st); err != nil {
			return fmt.Errorf("token %q: %w", k, err)
		}
		tokens[string(k)] = st
		return nil
	})
	return tokens, err
}

func (st storedToken) token(name string) (auth.Token, error) {
	d, err := auth.ParseDigest(st.Digest)
	if err != nil {
		return auth.Token{}, fmt.Errorf("token %q: %w", name, err)
	}
	return auth.Token{Name: name, Role: st.Role, Digest: d, Created: st.Created, Revoked: st.Revoked}, nil
}
