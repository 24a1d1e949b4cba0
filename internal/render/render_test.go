package render_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/render"
)

// small is a graph with text to escape and an uncertain (dashed) edge.
const small = `digraph g { graph [overlap="false", splines="true", start="regular"]; node [style="filled", fillcolor="#e76f51"];
	a [label="Лаврентий Берия"]; b [label="Nikolai \"Yezhov\"", shape="box"]; c [shape="note"];
	a -> b [label="deputy-of"]; a -> b [label="rival-of", style="dashed"]; b -> c [label="led"]; c -> a [label="caused"]; }`

// rings is three rings of twelve nodes linked by parallel edges: enough
// for a layout that keeps random state from one run to the next (fdp and
// sfdp do) to draw it differently.
func rings() []byte {
	var b strings.Builder
	b.WriteString(`digraph rings { graph [overlap="false", splines="true", start="regular"];` + "\n")
	for c := range 3 {
		for i := range 12 {
			fmt.Fprintf(&b, "n%d_%d -> n%d_%d [label=a]; n%d_%d -> n%d_%d [label=b]; n%d_%d -> n%d_%d;\n", c, i, c, (i+1)%12, c, i, c, (i+1)%12, c, i, c, i*5%12)
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// TestRenderIsDeterministic draws the same document with every layout
// several times, with another drawn in between: go-graphviz keeps one
// Graphviz for the process, and a picture must not depend on what was
// drawn before it.
func TestRenderIsDeterministic(t *testing.T) {
	ctx, r := context.Background(), render.New()
	doc := rings()
	// The PNG is drawn in Go from the SVG; one layout is enough for it.
	cases := [][2]string{{"neato", "png"}}
	for _, layout := range export.Layouts() {
		cases = append(cases, [2]string{layout, "svg"})
	}
	for _, c := range cases {
		layout, format := c[0], c[1]
		t.Run(layout+"/"+format, func(t *testing.T) {
			var first []byte
			for i := range 3 {
				var buf bytes.Buffer
				if err := r.Render(ctx, doc, format, layout, &buf); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = buf.Bytes()
				} else if !bytes.Equal(buf.Bytes(), first) {
					t.Fatalf("drawing %d differs from the first", i+1)
				}
				if err := r.Render(ctx, []byte(small), format, layout, &bytes.Buffer{}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestRender(t *testing.T) {
	ctx, r := context.Background(), render.New()
	var svg, pic bytes.Buffer
	if err := r.Render(ctx, []byte(small), "svg", "dot", &svg); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Лаврентий Берия", "Nikolai &quot;Yezhov&quot;", "deputy&#45;of", `stroke-dasharray="5,2"`} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if err := r.Render(ctx, []byte(small), "png", "dot", &pic); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&pic)
	if err != nil {
		t.Fatal(err)
	}
	// The PNG is drawn at twice the SVG's size, from the SVG.
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("the PNG is %v", b)
	}
	// The nodes are filled with their colour, and the edges drawn in black.
	var filled, black int
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			switch {
			case r>>8 == 0xe7 && g>>8 == 0x6f && b>>8 == 0x51:
				filled++
			case r>>8 < 0x20 && g>>8 < 0x20 && b>>8 < 0x20:
				black++
			}
		}
	}
	if filled < 1000 || black < 500 {
		t.Errorf("the PNG has %d pixels of the nodes' fill and %d black ones; the shapes or the edges were not drawn", filled, black)
	}
}

func TestRenderErrors(t *testing.T) {
	ctx, r := context.Background(), render.New()
	tests := []struct{ name, dot, format, layout string }{
		{"unknown format", small, "gif", "dot"},
		{"unknown layout", small, "svg", "spring"},
		{"not DOT", "graph {", "svg", "dot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := r.Render(ctx, []byte(tt.dot), tt.format, tt.layout, &bytes.Buffer{}); err == nil {
				t.Error("no error")
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.Render(cancelled, []byte(small), "svg", "dot", &bytes.Buffer{}); err == nil {
		t.Error("a cancelled context: no error")
	}
}
