package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render/cachedir"
)

// go-graphviz has compiled Graphviz by now, in its own initialisation,
// with the cache cachedir chose; the rest of the program gets its TMPDIR
// back.
func init() { cachedir.Restore() }

// Renderer draws DOT documents; it implements export.Renderer. It runs
// one Graphviz at a time: go-graphviz runs every layout of the process in
// one WebAssembly instance, which cannot run two at once; what is done in
// Go (placing large graphs, drawing PNG) runs beside it. A program makes
// one Renderer and shares it.
type Renderer struct {
	mu sync.Mutex // held while go-graphviz runs
}

// New returns a Renderer.
func New() *Renderer { return &Renderer{} }

// layouts are the Graphviz layout engines go-graphviz has.
func layouts() []string { return []string{"dot", "neato", "fdp", "sfdp", "circo", "twopi"} }

// What each layout is trusted with. Graphviz's layouts cannot be
// interrupted once they run, so what would run for minutes is refused or
// done otherwise.
const (
	// PlacedAbove is the size above which neato's placement is done in Go
	// (stress.go) and Graphviz only draws: in WebAssembly neato took 0.1 s
	// for 50 nodes, 0.9 s for 100 and 6 to 8 s for 300.
	PlacedAbove = 60
	// MaxCircoNodes is the most nodes circo lays out: for nodes of one
	// neighbourhood it took 0.06 s for 100, 0.7 s for 150, 21 s for 200
	// and 112 s for 300.
	MaxCircoNodes = 100
)

// Render lays out a DOT document with a layout engine (dot, neato, fdp,
// sfdp, circo, twopi) and writes it to w as "svg" or "png". A graph of
// more than PlacedAbove nodes laid out with neato is placed in Go, with
// straight edges; circo refuses graphs of more than MaxCircoNodes with a
// history.CodeLimit error.
func (r *Renderer) Render(ctx context.Context, dot []byte, format, layoutName string, w io.Writer) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("render: unknown format %q: choose svg or png", format)
	}
	layout := graphviz.Layout(layoutName)
	if !slices.Contains(layouts(), layoutName) {
		return fmt.Errorf("render: unknown layout %q: choose %s", layoutName, strings.Join(layouts(), ", "))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// A document readDOT does not read is left to Graphviz as it is.
	g, _ := readDOT(dot)
	nodes := 0
	if g != nil {
		nodes = len(g.nodes)
	}
	switch {
	case layout == graphviz.CIRCO && nodes > MaxCircoNodes:
		return history.Errorf(history.CodeLimit, "render: circo lays out at most %d nodes, and this graph has %d: ask for fewer, or another layout", MaxCircoNodes, nodes)
	case layout == graphviz.NEATO && nodes > PlacedAbove:
		placed, err := place(ctx, g, dot, format)
		if err != nil {
			return err
		}
		dot, layout = placed, graphviz.NOP
	}
	svg, err := r.svg(ctx, dot, layout)
	if err != nil {
		return err
	}
	if format == "png" {
		return rasterize(svg, w, pixelBudget(nodes))
	}
	_, err = w.Write(svg)
	return err
}

// svg lays out a DOT document and draws it as SVG.
func (r *Renderer) svg(ctx context.Context, dot []byte, layout graphviz.Layout) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("render: start graphviz: %w", err)
	}
	defer gv.Close()
	gv.SetLayout(layout)
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("render: read the DOT document: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("render: lay out with %s: %w", layout, err)
	}
	return buf.Bytes(), nil
}
