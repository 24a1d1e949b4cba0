package export

import (
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// writeNQuads writes the graph as RDF 1.1 N-Quads, one quad a line: the
// statements of each edge in the graphs of the sources that cite it (see
// rdfw), nodes and statement nodes in the default graph; with records,
// each node's and relation's record, the claims about each node and the
// sources cited, as the store holds them.
func writeNQuads(o *out, g Graph, base string) error {
	w := nquads.NewWriter(o)
	r := newRDFW(base, g.Records)
	write := func(qs []quad.Quad) error {
		if _, err := w.WriteQuads(qs); err != nil {
			return err
		}
		return o.tick()
	}
	for n := range g.Nodes {
		if err := write(r.node(n)); err != nil {
			return err
		}
		for qs := range r.claims(n) {
			if err := write(qs); err != nil {
				return err
			}
		}
	}
	for e := range g.Edges {
		if err := write(r.edge(e)); err != nil {
			return err
		}
	}
	for qs := range r.sources(g.Sources) {
		if err := write(qs); err != nil {
			return err
		}
	}
	return w.Close()
}
