package store

import (
	"context"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestCacheGuard reproduces a Cayley defect and checks the guard against
// it. After a failed ApplyDeltas, Cayley's key-value store keeps in its
// node cache the ids it gave new nodes in the rolled-back transaction; the
// next transaction hands the same ids to other nodes, and a later write
// naming the first node lands on whichever node now has its id. Reopening
// the handle after a failed write (the guard) clears the cache.
//
// The case without the guard expects the defect, so that this test keeps
// proving it exercises it: if a Cayley upgrade fixes the defect, that case
// fails and the guard can be reconsidered.
func TestCacheGuard(t *testing.T) {
	cases := []struct {
		name       string
		backend    string
		guard      bool
		wantDefect bool
	}{
		{"bbolt with the guard keeps the subject", "bbolt", true, false},
		{"bbolt without the guard misfiles the quad", "bbolt", false, true},
		{"bolt with the guard keeps the subject", "bolt", true, false},
		{"bolt without the guard misfiles the quad", "bolt", false, true},
		{"memory needs no guard", "memory", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t, dsnFor(t, tc.backend), Options{noCacheGuard: !tc.guard})
			iri := func(s string) quad.IRI { return quad.IRI("http://example.org/" + s) }
			p := iri("p")
			write := func(deltas ...graph.Delta) error {
				s.mu.Lock()
				defer s.mu.Unlock()
				return s.apply(context.Background(), deltas)
			}
			add := func(s, o string) graph.Delta {
				return graph.Delta{Quad: quad.Make(iri(s), p, iri(o), nil), Action: graph.Add}
			}
			del := func(s, o string) graph.Delta {
				return graph.Delta{Quad: quad.Make(iri(s), p, iri(o), nil), Action: graph.Delete}
			}

			if err := write(add("a", "b")); err != nil {
				t.Fatalf("first write: %v", err)
			}
			// One transaction: a quad with a new node, and the removal of a
			// quad that is not stored. It fails as a whole.
			if err := write(add("new1", "x"), del("missing", "y")); err == nil {
				t.Fatalf("the failing write succeeded")
			}
			// Another new node takes the ids the rolled-back one had.
			if err := write(add("new2", "z")); err != nil {
				t.Fatalf("third write: %v", err)
			}
			// A write that names the first new node again.
			if err := write(add("new1", "w")); err != nil {
				t.Fatalf("fourth write: %v", err)
			}

			var subject quad.Value
			s.rlock()
			err := scanQuads(context.Background(), s.qs, func(q quad.Quad) error {
				if q.Object == iri("w") {
					subject = q.Subject
				}
				return nil
			})
			s.runlock()
			if err != nil {
				t.Fatalf("scan: %v", err)
			}
			correct := subject == iri("new1")
			switch {
			case tc.wantDefect && correct:
				t.Errorf("without the guard the quad kept its subject: Cayley no longer shows the defect")
			case !tc.wantDefect && !correct:
				t.Errorf("subject of the quad with object <w> = %v, want %v", subject, iri("new1"))
			}
			t.Logf("subject of the quad written for <new1>: %v", subject)
		})
	}
}
