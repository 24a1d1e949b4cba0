package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestErrors(t *testing.T) {
	ix := Build(fixture(t))
	ctx := context.Background()
	const nobody history.ID = "person/nobody"
	tests := []struct {
		name string
		call func() error
		want history.Code
	}{
		{"shortest path: unknown from", func() error { _, _, err := ix.ShortestPath(ctx, nobody, stalin, 3, Filter{}); return err }, history.CodeNotFound},
		{"shortest path: unknown to", func() error { _, _, err := ix.ShortestPath(ctx, stalin, nobody, 3, Filter{}); return err }, history.CodeNotFound},
		{"shortest path: a source is not a node", func() error { _, _, err := ix.ShortestPath(ctx, stalin, "source/essay", 3, Filter{}); return err }, history.CodeNotFound},
		{"shortest path: negative hops", func() error { _, _, err := ix.ShortestPath(ctx, stalin, beria, -1, Filter{}); return err }, history.CodeInvalid},
		{"shortest path: unknown label", func() error {
			_, _, err := ix.ShortestPath(ctx, stalin, beria, 3, Filter{Labels: []string{"befriended"}})
			return err
		}, history.CodeInvalid},
		{"shortest path: empty label", func() error {
			_, _, err := ix.ShortestPath(ctx, stalin, beria, 3, Filter{Labels: []string{""}})
			return err
		}, history.CodeInvalid},
		{"shortest path: unknown kind", func() error {
			_, _, err := ix.ShortestPath(ctx, stalin, beria, 3, Filter{Kinds: []history.Kind{"planet"}})
			return err
		}, history.CodeInvalid},
		{"shortest path: unknown direction", func() error { _, _, err := ix.ShortestPath(ctx, stalin, beria, 3, Filter{Direction: 7}); return err }, history.CodeInvalid},
		{"k shortest: unknown id", func() error { _, err := ix.KShortestPaths(ctx, stalin, nobody, 3, 2, Filter{}); return err }, history.CodeNotFound},
		{"k shortest: k zero", func() error { _, err := ix.KShortestPaths(ctx, stalin, beria, 3, 0, Filter{}); return err }, history.CodeInvalid},
		{"k shortest: absurd k", func() error { _, err := ix.KShortestPaths(ctx, stalin, beria, 3, 1<<30, Filter{}); return err }, history.CodeLimit},
		{"k shortest: negative hops", func() error { _, err := ix.KShortestPaths(ctx, stalin, beria, -2, 2, Filter{}); return err }, history.CodeInvalid},
		{"neighborhood: unknown id", func() error { _, err := ix.Neighborhood(ctx, nobody, 1, 10, Filter{}); return err }, history.CodeNotFound},
		{"neighborhood: negative hops", func() error { _, err := ix.Neighborhood(ctx, stalin, -1, 10, Filter{}); return err }, history.CodeInvalid},
		{"neighborhood: zero limit", func() error { _, err := ix.Neighborhood(ctx, stalin, 1, 0, Filter{}); return err }, history.CodeInvalid},
		{"common: unknown a", func() error { _, err := ix.Common(ctx, nobody, stalin, Filter{}); return err }, history.CodeNotFound},
		{"common: unknown b", func() error { _, err := ix.Common(ctx, stalin, nobody, Filter{}); return err }, history.CodeNotFound},
		{"edges: unknown id", func() error { _, err := ix.Edges(nobody, Filter{}); return err }, history.CodeNotFound},
		{"edges: unknown label", func() error { _, err := ix.Edges(stalin, Filter{Labels: []string{"x"}}); return err }, history.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var he *history.Error
			if !errors.As(err, &he) {
				t.Fatalf("got error %v (%T), want a *history.Error", err, err)
			}
			if he.Code != tt.want {
				t.Errorf("got code %s (%v), want %s", he.Code, err, tt.want)
			}
		})
	}
}

func TestUnknownIDMessage(t *testing.T) {
	ix := Build(fixture(t))
	_, _, err := ix.ShortestPath(context.Background(), "person/nobody", stalin, 3, Filter{})
	if got, want := err.Error(), `unknown id "person/nobody"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCancelledContext(t *testing.T) {
	ix := Build(fixture(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		call func() error
	}{
		{"shortest path", func() error { _, _, err := ix.ShortestPath(ctx, stalin, beria, 3, Filter{}); return err }},
		{"k shortest paths", func() error { _, err := ix.KShortestPaths(ctx, stalin, beria, 3, 3, Filter{}); return err }},
		{"neighborhood", func() error { _, err := ix.Neighborhood(ctx, stalin, 2, 10, Filter{}); return err }},
		{"common", func() error { _, err := ix.Common(ctx, stalin, beria, Filter{}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
		})
	}
}

// TestCancelledMidTraversal cancels a context while a traversal of a large
// graph runs, and expects it to stop with the context's error rather than
// finish.
func TestCancelledMidTraversal(t *testing.T) {
	ix := Build(synthetic(t, 20000))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A context that is cancelled after its first check.
	checked := &cancelAfter{Context: ctx, cancel: cancel}
	_, err := ix.Neighborhood(checked, "person/p000000", 50, 1<<30, Filter{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// cancelAfter is a context that reports no error on its first Err call and
// cancels itself then, so that the traversal's own checks must notice.
type cancelAfter struct {
	context.Context
	cancel context.CancelFunc
	calls  int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls == 1 {
		c.cancel()
		return nil
	}
	return c.Context.Err()
}
