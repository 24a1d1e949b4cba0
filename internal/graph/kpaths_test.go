package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestKShortestPaths(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name     string
		from, to history.ID
		maxHops  int
		k        int
		f        Filter
		want     [][]history.ID
	}{
		{
			name: "shortest first, equal lengths in id order", from: stalin, to: beria, maxHops: 4, k: 5,
			want: [][]history.ID{
				ids(stalin, beriaAppt, beria),
				ids(stalin, party, beria),
				ids(stalin, greatTerror, beriaAppt, beria),
				ids(stalin, greatTerror, nkvd, beria),
				ids(stalin, greatTerror, yezhov, beria),
			},
		},
		{
			name: "fewer paths than k", from: beria, to: yezhov, maxHops: 6, k: 10, f: Filter{During: history.MustParseDate("1935")},
			want: [][]history.ID{ids(beria, party, yezhov)},
		},
		{
			name: "maxHops bounds every path", from: stalin, to: beria, maxHops: 2, k: 10,
			want: [][]history.ID{ids(stalin, beriaAppt, beria), ids(stalin, party, beria)},
		},
		{name: "no path", from: beria, to: yezhov, maxHops: 6, k: 3, f: Filter{During: history.MustParseDate("1900")}, want: nil},
		{name: "k of one is the shortest path", from: stalin, to: yezhov, maxHops: 6, k: 1, want: [][]history.ID{ids(stalin, greatTerror, yezhov)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := ix.KShortestPaths(context.Background(), tt.from, tt.to, tt.maxHops, tt.k, tt.f)
			if err != nil {
				t.Fatalf("KShortestPaths: %v", err)
			}
			var got [][]history.ID
			for _, p := range ps {
				got = append(got, p.Nodes)
				checkPath(t, p, tt.from, tt.to, tt.f)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("paths\ngot  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestKShortestPathsProperties checks, on the whole fixture, that the
// paths are distinct, loopless, in nondecreasing length, within maxHops,
// and exactly the first k of all simple paths in (length, id) order.
func TestKShortestPathsProperties(t *testing.T) {
	ds := fixture(t)
	ix := Build(ds)
	ref := newReference(ds)
	all := []history.ID{stalin, yezhov, beria, yagoda, nkvd, party, moscow, yezhovAppt, beriaAppt, greatTerror}
	for _, from := range all {
		for _, to := range all {
			ps, err := ix.KShortestPaths(context.Background(), from, to, 5, 20, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			want := ref.simplePaths(from, to, 5, Filter{})
			if len(want) > 20 {
				want = want[:20]
			}
			var got [][]history.ID
			for i, p := range ps {
				checkPath(t, p, from, to, Filter{})
				if i > 0 && p.Len() < ps[i-1].Len() {
					t.Errorf("%s to %s: path %d is shorter than path %d", from, to, i, i-1)
				}
				got = append(got, p.Nodes)
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s to %s\ngot  %v\nwant %v", from, to, got, want)
			}
		}
	}
}
