package render_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
)

// neighbourhood is a DOT document as export writes it: a centre, n
// nodes around it, each linked to it and to the next, the links labelled.
func neighbourhood(tb testing.TB, n int) []byte {
	tb.Helper()
	nodes := []export.Node{{ID: "person/centre", Kind: history.KindPerson, Label: "Centre"}}
	var edges []export.Edge
	for i := 1; i <= n; i++ {
		id := history.ID(fmt.Sprintf("person/p%d", i))
		nodes = append(nodes, export.Node{ID: id, Kind: history.KindPerson, Label: fmt.Sprintf("Person number %d", i)})
		edges = append(edges,
			export.Edge{ID: history.ID(fmt.Sprintf("r/%d", i)), From: "person/centre", To: id, Relation: "knew"},
			export.Edge{ID: history.ID(fmt.Sprintf("s/%d", i)), From: id, To: history.ID(fmt.Sprintf("person/p%d", i%n+1)), Relation: "met"})
	}
	var dot bytes.Buffer
	if err := export.Write(context.Background(), &dot, export.DOT, export.Of("neighbourhood", nodes, edges), export.Options{}); err != nil {
		tb.Fatal(err)
	}
	return dot.Bytes()
}

// TestRenderPlacesLargeGraphs: above render.PlacedAbove nodes, neato's
// pictures are placed in Go and drawn by Graphviz with every node and
// label; the edges' labels are tooltips in SVG. The same graph gives the
// same picture, and a PNG stays within its budget of pixels (4
// megapixels at this size; rounded up to whole rows and columns).
func TestRenderPlacesLargeGraphs(t *testing.T) {
	ctx, r := context.Background(), render.New()
	doc := neighbourhood(t, render.PlacedAbove+40)
	var svg, again bytes.Buffer
	for _, buf := range []*bytes.Buffer{&svg, &again} {
		if err := r.Render(ctx, doc, "svg", "neato", buf); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(svg.Bytes(), again.Bytes()) {
		t.Error("two drawings of the same graph differ")
	}
	s := svg.String()
	for i := 1; i <= render.PlacedAbove+40; i++ {
		if !strings.Contains(s, fmt.Sprintf(">Person number %d<", i)) {
			t.Fatalf("the SVG lacks the label of node %d", i)
		}
	}
	if strings.Contains(s, ">knew<") || !strings.Contains(s, `xlink:title="knew"`) {
		t.Error("the edges' labels are not their tooltips")
	}
	var pic bytes.Buffer
	if err := r.Render(ctx, doc, "png", "neato", &pic); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&pic)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 500 || b.Dx()*b.Dy() > 4<<20+b.Dx()+b.Dy() {
		t.Errorf("a PNG of %d nodes is %v", render.PlacedAbove+41, b)
	}
}

// TestRenderRefusesWhatWouldRunForMinutes: circo is refused above
// render.MaxCircoNodes with a limit error, before it runs.
func TestRenderRefusesWhatWouldRunForMinutes(t *testing.T) {
	ctx, r := context.Background(), render.New()
	err := r.Render(ctx, neighbourhood(t, render.MaxCircoNodes), "svg", "circo", &bytes.Buffer{})
	if history.ErrorCode(err) != history.CodeLimit {
		t.Errorf("circo of %d nodes: %v, want a %s error", render.MaxCircoNodes+1, err, history.CodeLimit)
	}
}
