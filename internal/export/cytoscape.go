package export

// writeCytoscape writes Cytoscape's JSON (.cyjs), which Cytoscape desktop
// imports (File › Import › Network from File or URL) and Cytoscape.js
// loads as elements. Nodes carry name, which Cytoscape shows, and color,
// for a style mapping; edges carry interaction, Cytoscape's edge type. List
// attributes are lists of strings, the list columns Cytoscape has.
func writeCytoscape(o *out, g Graph) error {
	j := newJSONW(o)
	o.str(`{"format_version":"1.0","generated_by":"Memoria","target_cytoscapejs_version":"~2.1","data":{"name":`, j.quote(g.Title), `},"elements":{`)
	j.begin(`"nodes":[`)
	for n := range g.Nodes {
		j.element(cyElement{Data: cyNode{ID: string(n.ID), Name: label(n), nodeAttrs: nodeAttrsOf(n)}})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]")
	j.begin(`,"edges":[`)
	for e := range g.Edges {
		j.element(cyElement{Data: cyEdge{ID: string(e.ID), Source: string(e.From), Target: string(e.To), Interaction: e.Relation, edgeAttrs: edgeAttrsOf(e)}})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]}}\n")
	return o.err
}

type cyElement struct {
	Data any `json:"data"`
}

type cyNode struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	nodeAttrs
}

type cyEdge struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Target      string `json:"target"`
	Interaction string `json:"interaction"`
	edgeAttrs
}
