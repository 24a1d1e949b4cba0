package export

import "encoding/json"

// writeGraphology writes graphology's serialization format, which
// graphology's Graph.from and import read and sigma.js draws: a directed
// multigraph (two people may be linked by several statements), nodes with
// the x, y, size, color and label sigma.js reads. The starting positions
// are derived from the ids; run a layout such as ForceAtlas2 to arrange
// them. No attribute is called type, which sigma.js reserves for its
// renderers.
func writeGraphology(o *out, g Graph) error {
	j := newJSONW(o)
	o.str(`{"attributes":{"name":`, j.quote(g.Title), `},"options":{"type":"directed","multi":true,"allowSelfLoops":true},`)
	j.begin(`"nodes":[`)
	for n := range g.Nodes {
		x, y := position(n.ID)
		j.element(glNode{Key: string(n.ID), Attributes: glNodeAttrs{nodeAttrs: nodeAttrsOf(n), X: round(x), Y: round(y), Size: styleOf(n.Kind).size}})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]")
	j.begin(`,"edges":[`)
	for e := range g.Edges {
		j.element(glEdge{Key: string(e.ID), Source: string(e.From), Target: string(e.To), Attributes: glEdgeAttrs{edgeAttrs: edgeAttrsOf(e), Color: edgeColor}})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]}\n")
	return o.err
}

type glNode struct {
	Key        string      `json:"key"`
	Attributes glNodeAttrs `json:"attributes"`
}

type glNodeAttrs struct {
	nodeAttrs
	X    json.Number `json:"x"`
	Y    json.Number `json:"y"`
	Size float64     `json:"size"`
}

type glEdge struct {
	Key        string      `json:"key"`
	Source     string      `json:"source"`
	Target     string      `json:"target"`
	Attributes glEdgeAttrs `json:"attributes"`
}

type glEdgeAttrs struct {
	edgeAttrs
	Color string `json:"color"`
}
