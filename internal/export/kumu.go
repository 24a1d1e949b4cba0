package export

// writeKumu writes a Kumu blueprint: elements and connections, which Kumu
// imports from a JSON file or, through its JSON import, from a URL such as
// /export/kumu. Elements keep Kumu's own fields (label, type, description,
// tags) beside the attributes every format shares; connections name their
// ends by id, so that two elements may share a label.
func writeKumu(o *out, g Graph) error {
	j := newJSONW(o)
	o.str(`{`)
	j.begin(`"elements":[`)
	for n := range g.Nodes {
		a := nodeAttrsOf(n)
		tags := []string{string(n.Kind)}
		if n.Category != "" {
			tags = append(tags, n.Category)
		}
		j.element(kumuElement{ID: string(n.ID), Type: kumuType(string(n.Kind)), Tags: tags, nodeAttrs: a})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]")
	j.begin(`,"connections":[`)
	for e := range g.Edges {
		j.element(kumuConnection{ID: string(e.ID), From: string(e.From), To: string(e.To), Type: e.Relation, Direction: "directed", edgeAttrs: edgeAttrsOf(e)})
		if err := o.tick(); err != nil {
			return err
		}
	}
	j.end("]}\n")
	return o.err
}

// kumuType is the element type Kumu shows and styles by: the kind,
// capitalised ("Person").
func kumuType(kind string) string {
	if kind == "" {
		return ""
	}
	return string(kind[0]-'a'+'A') + kind[1:]
}

type kumuElement struct {
	ID   string   `json:"id"`
	Type string   `json:"type"`
	Tags []string `json:"tags"`
	nodeAttrs
}

type kumuConnection struct {
	ID        string `json:"id"`
	From      string `json:"from"`
	To        string `json:"to"`
	Type      string `json:"type"`
	Direction string `json:"direction"`
	edgeAttrs
}
