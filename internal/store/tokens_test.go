package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

func newStoredToken(tb testing.TB, name string, role auth.Role) auth.Token {
	tb.Helper()
	_, t, err := auth.New(name, role, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestTokensKeptBesideTheGraph(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"memory", "bbolt", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			dsn := dsnFor(t, backend)
			s := openTest(t, dsn, Options{})
			anna, olga := newStoredToken(t, "anna", auth.RoleEditor), newStoredToken(t, "olga", auth.RoleAdmin)
			for _, tok := range []auth.Token{olga, anna} {
				if err := s.PutToken(ctx, tok); err != nil {
					t.Fatalf("PutToken(%s): %v", tok.Name, err)
				}
			}
			wantCode(t, s.PutToken(ctx, newStoredToken(t, "anna", auth.RoleAdmin)), history.CodeConflict, "exists")
			revoked, err := s.RevokeToken(ctx, "anna", time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))
			if err != nil || revoked.Active() {
				t.Fatalf("RevokeToken = %+v, %v; want anna revoked", revoked, err)
			}
			_, err = s.RevokeToken(ctx, "nobody", time.Now())
			wantCode(t, err, history.CodeNotFound, "nobody")

			// A load after the tokens were made, by whatever path, keeps them.
			mustLoad(t, s, fullDataset())
			if backend != "memory" {
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				s = openTest(t, dsn, Options{})
			}
			got, err := s.Tokens(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].Name != "anna" || got[1].Name != "olga" {
				t.Fatalf("Tokens = %+v, want anna and olga", got)
			}
			if got[0].Active() || !got[1].Active() || got[1].Digest != olga.Digest || got[1].Role != auth.RoleAdmin {
				t.Errorf("Tokens = %+v; want anna revoked, olga an admin with her digest", got)
			}
			for _, q := range storedQuads(t, s) {
				if strings.Contains(q, olga.Digest.String()) || strings.Contains(q, "token") {
					t.Errorf("a quad of the graph holds a token: %s", q)
				}
			}
			if d := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); d != "" {
				t.Errorf("the graph changed with the tokens:\n%s", d)
			}
		})
	}
}

func TestTokensRefusedReadOnly(t *testing.T) {
	dsn := dsnFor(t, "bbolt")
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro := openTest(t, dsn, Options{ReadOnly: true})
	wantCode(t, ro.PutToken(context.Background(), newStoredToken(t, "anna", auth.RoleEditor)), history.CodeConflict, "read-only")
	if got, err := ro.Tokens(context.Background()); err != nil || len(got) != 0 {
		t.Errorf("Tokens of a store without any = %v, %v", got, err)
	}
}
