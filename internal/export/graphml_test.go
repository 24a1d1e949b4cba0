package export_test

import (
	"encoding/xml"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
)

// TestGraphMLDashesUncertainEdges: yEd draws an edge whose date is
// uncertain or approximate dashed, as DOT and the pictures do, and the
// others as plain lines.
func TestGraphMLDashesUncertainEdges(t *testing.T) {
	var g struct {
		Edges []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
				Line  struct {
					Type string `xml:"type,attr"`
				} `xml:"PolyLineEdge>LineStyle"`
			} `xml:"data"`
		} `xml:"graph>edge"`
	}
	if err := xml.Unmarshal(write(t, export.GraphML, fixture(), export.Options{}), &g); err != nil {
		t.Fatal(err)
	}
	dashed := 0
	for _, e := range g.Edges {
		var uncertain, line string
		for _, d := range e.Data {
			switch d.Key {
			case "e_uncertain":
				uncertain = d.Value
			case "e_graphics":
				line = d.Line.Type
			}
		}
		want := map[string]string{"true": "dashed", "false": "line"}[uncertain]
		if line != want {
			t.Errorf("edge %s, uncertain %s: yEd's line is %q, want %q", e.ID, uncertain, line, want)
		}
		if line == "dashed" {
			dashed++
		}
	}
	if dashed == 0 {
		t.Error("the fixture has no uncertain edge to dash")
	}
}
