package readmodel

import (
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// followGroupsAndCompare applies random commits to a view of ds in runs
// of one to twelve through ApplyAll (records created, corrected,
// retracted, and touched again by a later commit of the same run), and
// checks after each run that the view answers as one built afresh from
// the records they left, and that commits the view shows already are
// skipped.
func followGroupsAndCompare(t *testing.T, ds *history.Dataset, seed uint64) {
	ch := synth.NewChanger(ds, seed)
	r := rand.New(rand.NewPCG(seed, 17))
	d := Build(ch.Dataset(), 1)
	rev := uint64(1)
	for run := range 8 {
		var cs []Commit
		for range 1 + r.IntN(12) {
			before, after := ch.Next(1 + r.IntN(4))
			if r.IntN(2) == 0 {
				after = marked(before, after)
			}
			rev++
			cs = append(cs, Commit{Revision: rev, Before: before, After: after})
		}
		// The first of the run, applied already, is skipped.
		d = d.Apply(cs[0]).ApplyAll(cs)
		if d.Revision != rev {
			t.Fatalf("run %d: revision %d, want %d", run, d.Revision, rev)
		}
		compareViews(t, d, Build(ch.Dataset(), rev), ch.IDs(), r)
		if t.Failed() {
			t.Fatalf("after run %d of seed %d", run, seed)
		}
	}
	if again := d.ApplyAll([]Commit{{Revision: rev}}); again.Records != d.Records {
		t.Error("applying commits again made a new view")
	}
}
