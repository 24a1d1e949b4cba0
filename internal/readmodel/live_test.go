package readmodel

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/memoria-history/memoria/internal/synth"
)

// TestLiveRebuildsAndKeepsUp applies commits through a Live that rebuilds
// its base after every few records, and checks that every view it
// published came in revision order, that the rebuilds swapped in bases
// with the commits applied meanwhile, and that the last view answers as
// one built afresh.
func TestLiveRebuildsAndKeepsUp(t *testing.T) {
	ch := synth.NewChanger(seedDataset(t), 3)
	var mu sync.Mutex
	var revisions []uint64
	var changed []int
	l := NewLive(Build(ch.Dataset(), 1), LiveOptions{
		RebuildAt: func(_, changed int) bool { return changed >= 20 },
		Publish: func(d Data) {
			mu.Lock()
			defer mu.Unlock()
			revisions = append(revisions, d.Revision)
			changed = append(changed, d.Changed())
		},
	})
	rev := uint64(1)
	for range 200 {
		before, after := ch.Next(3)
		rev++
		if d := l.Apply(Commit{Revision: rev, Before: before, After: after}); d.Revision != rev {
			t.Fatalf("Apply returned revision %d, want %d", d.Revision, rev)
		}
	}
	l.Close()
	mu.Lock()
	defer mu.Unlock()
	rebuilt := 0
	for i := 1; i < len(revisions); i++ {
		if revisions[i] < revisions[i-1] {
			t.Fatalf("published revision %d after %d", revisions[i], revisions[i-1])
		}
		if changed[i] < changed[i-1] {
			rebuilt++ // a new base, with fewer records changed since
		}
	}
	if rebuilt == 0 {
		t.Error("no rebuilt base was swapped in")
	}
	got := l.Current()
	if got.Revision != rev {
		t.Fatalf("current revision %d, want %d", got.Revision, rev)
	}
	compareViews(t, got, Build(ch.Dataset(), rev), ch.IDs(), rand.New(rand.NewPCG(1, 2)))
	// A commit already applied changes nothing.
	if d := l.Apply(Commit{Revision: rev}); d.Revision != rev || d.Records != got.Records {
		t.Error("applying a commit again made a new view")
	}
}

// TestLiveCatchesUpAfterRebuild applies many commits, some in groups,
// while a rebuild of a larger base runs, so that more of them come than
// the rebuild applies under the lock, and checks that the view swapped in
// last holds them all.
func TestLiveCatchesUpAfterRebuild(t *testing.T) {
	ch := synth.NewChanger(synthetic(t, synth.ShapeRegistry, 400), 5)
	var published []uint64
	l := NewLive(Build(ch.Dataset(), 1), LiveOptions{
		RebuildAt: func(_, changed int) bool { return false },
		Publish:   func(d Data) { published = append(published, d.Revision) },
	})
	rev := uint64(1)
	l.Rebuild()
	for i := range 3 * catchUpLocked {
		var cs []Commit
		for range 1 + i%3 {
			before, after := ch.Next(2)
			rev++
			cs = append(cs, Commit{Revision: rev, Before: before, After: after})
		}
		l.Apply(cs...)
	}
	l.Close()
	for i := 1; i < len(published); i++ {
		if published[i] < published[i-1] {
			t.Fatalf("published revision %d after %d", published[i], published[i-1])
		}
	}
	got := l.Current()
	if got.Revision != rev {
		t.Fatalf("current revision %d, want %d", got.Revision, rev)
	}
	compareViews(t, got, Build(ch.Dataset(), rev), ch.IDs(), rand.New(rand.NewPCG(3, 4)))
}
