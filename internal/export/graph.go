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
}

// Graph is what a writer writes: nodes, then edges whose ends are all
// among the nodes. The writers range over Nodes once and then over Edges
// once; tests range over them again, so both should be repeatable.
type Graph struct {
	// Title says what was selected, for the document's metadata.
	Title string
	Nodes iter.Seq[Node]
	Edges iter.Seq[Edge]
}

// Of returns a Graph over slices, for small graphs and tests.
func Of(title string, nodes []Node, edges []Edge) Graph {
	return Graph{Title: title, Nodes: slices.Values(nodes), Edges: slices.Values(edges)}
}
