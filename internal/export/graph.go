package export

import (
	"iter"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// Node is an entity or event to write.
type Node struct {
	ID          history.ID
	Kind        history.Kind
	Label       string // the canonical name
	Category    string // the sort of group, place, work or event: "police", "execution"
	Description string
	Wikidata    string // the Wikidata item, "Q855", when known
	// Time is when the node was: an event's or a work's date, a person's
	// life from birth to death. The zero Date means unknown.
	Time history.Date
	// Born and Died are a person's dates, written apart in RDF.
	Born, Died history.Date
	// Ended is when a group, place or work ceased to be (dissolved,
	// renamed, closed); zero when no source says.
	Ended history.Date
	// TimeCitations are the sources of the node's dates: a person's birth
	// and death, an event's or a work's date, when a group or place ended.
	TimeCitations []history.Citation
}

// Edge is a cited statement between two nodes.
type Edge struct {
	ID       history.ID // the statement
	From, To history.ID
	// Relation is the relation type, or participant, place, part-of or
	// caused for the statements an event makes.
	Relation string
	// Role is the part the From end played, for participations only.
	Role      history.Role
	Time      history.Date // when the statement holds; zero: unknown
	Citations []history.Citation
	// TimeCitations are the sources of Time: an event date's, a
	// relation's start's and end's (a derived end's are those of the death
	// or end it is derived from).
	TimeCitations []history.Citation
	// EndDerivedFrom is the party whose death or end Memoria took as the
	// end of a lasting relation that no source ends; empty otherwise.
	EndDerivedFrom history.ID
}

// Graph is what a writer writes: nodes, then edges whose ends are all
// among the nodes. The writers range over Nodes once and then over Edges
// once; tests range over them again, so both should be repeatable.
type Graph struct {
	// Title says what was selected, for the document's metadata.
	Title string
	Nodes iter.Seq[Node]
	Edges iter.Seq[Edge]
	// Records, when set, are the records behind the nodes and edges: the
	// RDF formats then write, beside each node and edge, its record as the
	// store holds it (package rdfmap), the claims about each node, and
	// the sources cited. Nil: the RDF formats write the nodes and edges
	// alone.
	Records Records
	// Sources are sources to describe in RDF even when nothing written
	// cites them: every source, for the whole graph.
	Sources iter.Seq[*history.Source]
}

// Records looks up the records behind a graph; *catalog.Catalog is one.
type Records interface {
	Entity(id history.ID) (*history.Entity, bool)
	Event(id history.ID) (*history.Event, bool)
	Relation(id history.ID) (*history.Relation, bool)
	Source(id history.ID) (*history.Source, bool)
	Claims(subject history.ID, property string) []*history.Claim
}

// Of returns a Graph over slices, for small graphs and tests.
func Of(title string, nodes []Node, edges []Edge) Graph {
	return Graph{Title: title, Nodes: slices.Values(nodes), Edges: slices.Values(edges)}
}
