package readmodel

import (
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// Data is one consistent view of the graph: the records by id and in
// order, the adjacency index that answers paths and neighbourhoods, and
// the index of names, at a revision of the store. It is immutable; a
// change gives a new Data.
type Data struct {
	// Revision is the store's revision the view shows: the last commit
	// applied to it, or the revision its records were read at.
	Revision uint64
	Records  *catalog.Catalog
	Graph    *graph.Index
	Search   *search.Index
}

// Build indexes a dataset read at a revision. The name index takes about
// as long as the other two together, and all three only read the
// dataset, so it is built beside them. The indexes keep pointers into ds,
// which must not change afterwards. A dataset in id order, as the store
// gives it, numbers the edges between two nodes as commits applied later
// do.
func Build(ds *history.Dataset, revision uint64) Data { return BuildWith(ds, revision, Kept{}) }

// Kept are the parts of the indexes of a dataset kept from an earlier
// build of them (in a snapshot), each nil to build it.
type Kept struct {
	Names     *search.Index
	NameOrder []uint32 // catalog.NameOrder's
}

// BuildWith is Build with the parts kept of the indexes of ds.
func BuildWith(ds *history.Dataset, revision uint64, kept Kept) Data {
	built := make(chan *search.Index, 1)
	if kept.Names != nil {
		built <- kept.Names
	} else {
		go func() { built <- search.NewIndex(search.Entries(ds)) }()
	}
	graphs := make(chan *graph.Index, 1)
	go func() { graphs <- graph.Build(ds) }()
	records := catalog.NewInOrder(ds, kept.NameOrder)
	return Data{Revision: revision, Records: records, Graph: <-graphs, Search: <-built}
}

// Commit is a change the store committed, as the read model takes it: the
// store's revision after it, and the records it touched as they were and
// as they are. A record in After that Before lacks was created; a record
// in Before that After lacks, or one After holds marked retracted, is gone
// from the view.
type Commit struct {
	Revision      uint64
	Before, After *history.Dataset
}

// Apply returns the view after c. A commit the view already shows (its
// revision is not past the view's) changes nothing. d is unchanged and
// may still be read.
func (d Data) Apply(c Commit) Data {
	if c.Revision <= d.Revision {
		return d
	}
	ed := d.edits(c)
	records := d.Records.Apply(ed)
	return Data{
		Revision: c.Revision,
		Records:  records,
		Graph:    d.Graph.Apply(ed, records),
		Search:   d.Search.Apply(ed),
	}
}

// Changed returns how many records differ from the base: the size of the
// delta.
func (d Data) Changed() int { return d.Records.Changed() }

// Rebuild returns the same view with a new base built from its records and
// no delta, meant to run off the request path (see Live). Unlike Build,
// it builds the three indexes one after the other: it runs while the
// server answers and commits writes, and on a machine of two cores a
// rebuild on both would leave the requests none. It takes longer, the
// name index no longer being built beside the other two.
func (d Data) Rebuild() Data {
	ds := d.Records.Dataset()
	records, g := catalog.New(ds), graph.Build(ds)
	return Data{Revision: d.Revision, Records: records, Graph: g, Search: search.NewIndex(search.Entries(ds))}
}

// edits pairs each record c touched with the record the view holds under
// its id: the indexes take away what they filed under the old record and
// file the new one.
func (d Data) edits(c Commit) *history.Edits { return history.Diff(c.Before, c.After, d.Records) }
