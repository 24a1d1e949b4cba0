package export

import "github.com/cayleygraph/quad/nquads"

// writeNQuads writes the graph as RDF 1.1 N-Quads, one quad a line: the
// statements of each edge in the graphs of the sources that cite it (see
// rdfw), nodes and statement nodes in the default graph.
func writeNQuads(o *out, g Graph, base string) error {
	w := nquads.NewWriter(o)
	r := &rdfw{base: base}
	for n := range g.Nodes {
		if _, err := w.WriteQuads(r.node(n)); err != nil {
			return err
		}
		if err := o.tick(); err != nil {
			return err
		}
	}
	for e := range g.Edges {
		if _, err := w.WriteQuads(r.edge(e)); err != nil {
			return err
		}
		if err := o.tick(); err != nil {
			return err
		}
	}
	return w.Close()
}
