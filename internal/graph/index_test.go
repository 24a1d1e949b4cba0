package graph

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestNodeNumberAndNeighbors checks the read-only view of the adjacency
// that traversals outside the package use: numbers in id order, each
// node's neighbours ascending, one per edge, and every edge seen from both
// ends.
func TestNodeNumberAndNeighbors(t *testing.T) {
	ix := Build(fixture(t))
	v, ok := ix.NodeNumber(beria)
	if !ok {
		t.Fatalf("NodeNumber(%s) found nothing", beria)
	}
	var got []history.ID
	for _, u := range ix.Neighbors(v) {
		got = append(got, ix.ids[u])
	}
	if want := ids(beriaAppt, nkvd, party, yezhov); !slices.Equal(got, want) {
		t.Errorf("Neighbors(%s) = %v, want %v", beria, got, want)
	}
	if _, ok := ix.NodeNumber("person/nobody"); ok {
		t.Error("NodeNumber found an id that is not a node")
	}
	nodes, edges := ix.Len()
	slots := 0
	for v := range int32(nodes) {
		if ix.ids[v] == "" {
			t.Fatalf("node %d has no id", v)
		}
		if n, ok := ix.NodeNumber(ix.ids[v]); !ok || n != v {
			t.Errorf("NodeNumber(%s) = %d, %v; want %d", ix.ids[v], n, ok, v)
		}
		nb := ix.Neighbors(v)
		if !slices.IsSorted(nb) {
			t.Errorf("Neighbors(%s) = %v, not ascending", ix.ids[v], nb)
		}
		for _, u := range nb {
			if occurrences(ix.Neighbors(u), v) != occurrences(nb, u) {
				t.Errorf("%s and %s do not see the same edges between them", ix.ids[v], ix.ids[u])
			}
		}
		slots += len(nb)
	}
	if slots != 2*edges {
		t.Errorf("the neighbours number %d, want two per edge: %d", slots, 2*edges)
	}
}

func occurrences(s []int32, x int32) int {
	n := 0
	for _, y := range s {
		if y == x {
			n++
		}
	}
	return n
}

// TestMergeSorted: merging two sorted runs gives what a stable sort of
// both gives, the first run's first among equals.
func TestMergeSorted(t *testing.T) {
	type kv struct{ k, from int }
	byK := func(a, b kv) int { return cmp.Compare(a.k, b.k) }
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var a, b []kv
		for range r.IntN(20) {
			a = append(a, kv{r.IntN(10), 0})
		}
		for range r.IntN(20) {
			b = append(b, kv{r.IntN(10), 1})
		}
		slices.SortStableFunc(a, byK)
		slices.SortStableFunc(b, byK)
		want := slices.Concat(a, b)
		slices.SortStableFunc(want, byK)
		if got := mergeSorted(a, b, byK); !slices.Equal(got, want) {
			t.Fatalf("mergeSorted(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}
