package export

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// The attributes every format shares are derived here, once, so that the
// formats agree on them.

// label is what a node is called: its name, or its id when it has none.
func label(n Node) string {
	if n.Label != "" {
		return n.Label
	}
	return string(n.ID)
}

// caption is what a viewer shows on an edge: the role played, or else the
// relation.
func caption(e Edge) string {
	if e.Role != "" {
		return string(e.Role)
	}
	return e.Relation
}

// cites returns citations in the notation of the dataset's cite: fields,
// "SOURCE-ID LOCATOR".
func cites(cs []history.Citation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

// citeText joins citations for the formats whose attributes are plain
// strings.
func citeText(cs []history.Citation) string { return strings.Join(cites(cs), "; ") }

// sources returns the distinct sources cited, in order of first citation.
func sources(cs []history.Citation) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		s := string(c.Source)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// sourceText joins the sources cited, for the formats whose attributes
// are plain strings.
func sourceText(cs []history.Citation) string { return strings.Join(sources(cs), "; ") }

// day formats an instant's day in ISO 8601 with astronomical years, as
// EDTF writes them (0000 is 1 BC, -0043 is 44 BC); "" for the zero time,
// which is an open end.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	if y < 0 {
		return fmt.Sprintf("-%04d-%02d-%02d", -y, m, d)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// bounds returns the first and last days a date can denote.
func bounds(d history.Date) (earliest, latest string) { return day(d.Earliest), day(d.Latest) }

// uncertain reports whether a source gives a date as uncertain or
// approximate.
func uncertain(d history.Date) bool { return d.Uncertain || d.Approximate }

// style is how a kind of node looks in every format that can say it.
type style struct {
	color string  // fill, #rrggbb
	size  float64 // GEXF and sigma.js node size
	gexf  string  // GEXF viz:shape
	dot   string  // Graphviz shape
	yed   string  // yEd ShapeNode shape
}

// rgb returns the fill's red, green and blue channels.
func (s style) rgb() (r, g, b int) {
	v, _ := strconv.ParseUint(s.color[1:], 16, 32)
	return int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)
}

func styleOf(k history.Kind) style {
	switch k {
	case history.KindPerson:
		return style{color: "#e76f51", size: 10, gexf: "disc", dot: "ellipse", yed: "ellipse"}
	case history.KindGroup:
		return style{color: "#2a9d8f", size: 10, gexf: "square", dot: "box", yed: "rectangle"}
	case history.KindPlace:
		return style{color: "#8ab17d", size: 8, gexf: "triangle", dot: "house", yed: "triangle"}
	case history.KindEvent:
		return style{color: "#e9c46a", size: 6, gexf: "diamond", dot: "note", yed: "roundrectangle"}
	case history.KindWork:
		return style{color: "#9c89b8", size: 8, gexf: "square", dot: "tab", yed: "parallelogram"}
	}
	return style{color: "#bbbbbb", size: 6, gexf: "disc", dot: "ellipse", yed: "ellipse"}
}

// edgeColor is the colour of every edge.
const edgeColor = "#8d99ae"

// position places a node for viewers that need coordinates before any
// layout has run (sigma.js): a point in the unit square derived from its
// id, so that the same node always starts at the same place.
func position(id history.ID) (x, y float64) {
	h := fnv.New64a()
	h.Write([]byte(id))
	v := h.Sum64()
	return float64(v>>40) / (1 << 24), float64(v&(1<<24-1)) / (1 << 24)
}
