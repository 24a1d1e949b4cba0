package readmodel

import (
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/snapshot"
	"github.com/memoria-history/memoria/internal/synth"
)

// TestSnapshotAnswersAsTheRecords checks that a view built from the
// records read back from a snapshot answers every question as the view
// built from the records themselves: the snapshot is what serve starts
// from instead of the store.
func TestSnapshotAnswersAsTheRecords(t *testing.T) {
	for _, dt := range testDatasets() {
		t.Run(dt.name, func(t *testing.T) {
			ds := dt.read(t)
			st := snapshot.Stamp{Revision: 7, Size: 1 << 20, ModTime: 42}
			built := Build(ds, 7)
			b, err := snapshot.Encode(st, snapshot.Contents{Records: ds, Names: built.Search})
			if err != nil {
				t.Fatal(err)
			}
			back, err := snapshot.Decode(b, st)
			if err != nil {
				t.Fatal(err)
			}
			ch := synth.NewChanger(ds, 1)
			if back.Names == nil {
				t.Fatal("no name index read back")
			}
			compareViews(t, BuildWith(back.Records, 7, Kept{Names: back.Names, NameOrder: back.NameOrder}), built, ch.IDs(), rand.New(rand.NewPCG(1, 2)))
			// Without the name index, the reader builds it.
			compareViews(t, Build(back.Records, 7), built, ch.IDs(), rand.New(rand.NewPCG(1, 2)))
		})
	}
}
