package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/gofont/goregular"

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
	mu   sync.Mutex // held while go-graphviz runs
	font func() (*truetype.Font, error)
}

// New returns a Renderer.
func New() *Renderer {
	return &Renderer{font: sync.OnceValues(func() (*truetype.Font, error) {
		f, err := truetype.Parse(goregular.TTF)
		if err != nil {
			return nil, fmt.Errorf("render: read the Go font: %w", err)
		}
		return f, nil
	})}
}

// layouts are the Graphviz layout engines go-graphviz has.
func layouts() []string { return []string{"dot", "neato", "fdp", "sfdp", "circo", "twopi"} }

// What each layout is trusted with. Graphviz's layouts cannot be
// interrupted once they run, so what would run for minutes is refused or
// done otherwise.
const (
	// PlacedAbove is the size above which neato's placement is done in Go
	// (stress.go) and Graphviz is not asked: in WebAssembly neato took 0.1 s
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
	if layout == graphviz.CIRCO && nodes > MaxCircoNodes {
		return history.Errorf(history.CodeLimit, "render: circo lays out at most %d nodes, and this graph has %d: ask for fewer, or another layout", MaxCircoNodes, nodes)
	}
	if g != nil && drawable(g) {
		ft, err := r.font()
		if err != nil {
			return err
		}
		m := newMetrics(ft)
		sc, err := r.scene(ctx, g, dot, layout, m)
		if err == nil {
			sc.placeLabels()
			sc.frame()
			if format == "png" {
				return drawPNG(w, sc, m, pixelBudget(nodes))
			}
			return writeSVG(w, sc)
		}
		if !errors.Is(err, errUnread) {
			return err
		}
	}
	svg, err := r.graphviz(ctx, dot, layout, graphviz.SVG)
	if err != nil {
		return err
	}
	if format == "png" {
		return rasterize(svg, w, pixelBudget(nodes))
	}
	_, err = w.Write(svg)
	return err
}

// scene lays a graph out: in Go for a large one with neato, else by
// Graphviz with every node given at least the size its label needs in
// the font the pictures measure with.
func (r *Renderer) scene(ctx context.Context, g *dotGraph, dot []byte, layout graphviz.Layout, m *metrics) (*scene, error) {
	if layout == graphviz.NEATO && len(g.nodes) > PlacedAbove {
		return placedScene(ctx, g, m)
	}
	out, err := r.graphviz(ctx, sized(dot, g, m), layout, graphviz.XDOT)
	if err != nil {
		return nil, err
	}
	return graphvizScene(out, m)
}

// graphviz lays out a DOT document and writes it in a format of
// Graphviz's: SVG, or DOT with every position (XDOT, -Tdot).
func (r *Renderer) graphviz(ctx context.Context, dot []byte, layout graphviz.Layout, format graphviz.Format) ([]byte, error) {
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
	if err := gv.Render(ctx, g, format, &buf); err != nil {
		return nil, fmt.Errorf("render: lay out with %s: %w", layout, err)
	}
	return buf.Bytes(), nil
}
