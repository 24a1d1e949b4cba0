package export

import "github.com/memoria-history/memoria/internal/history"

// Look is how the exports draw a kind of node: its fill, its size in GEXF
// and graphology, and its shape in the vocabularies of GEXF, Graphviz and
// yEd. Other drawings of the graph (the explorer page) take it from here,
// so that a node looks the same in a download as on the screen.
type Look struct {
	Color     string  `json:"color"` // #rrggbb
	Size      float64 `json:"size"`
	GEXFShape string  `json:"gexf"`
	DOTShape  string  `json:"dot"`
	YEdShape  string  `json:"yed"`
}

// LookOf returns how the exports draw a node of kind k.
func LookOf(k history.Kind) Look {
	s := styleOf(k)
	return Look{Color: s.color, Size: s.size, GEXFShape: s.gexf, DOTShape: s.dot, YEdShape: s.yed}
}

// EdgeColor returns the colour of every edge. An edge whose date is
// uncertain or approximate is drawn dashed in the formats that can say so.
func EdgeColor() string { return edgeColor }
