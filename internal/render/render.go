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

	"github.com/memoria-history/memoria/internal/render/cachedir"
)

// go-graphviz has compiled Graphviz by now, in its own initialisation,
// with the cache cachedir chose; the rest of the program gets its TMPDIR
// back.
func init() { cachedir.Restore() }

// Renderer draws DOT documents; it implements export.Renderer. It draws
// one picture at a time: go-graphviz runs every layout of the process in
// one WebAssembly instance, which cannot run two at once. A program makes
// one Renderer and shares it.
type Renderer struct {
	mu sync.Mutex // held while go-graphviz runs
}

// New returns a Renderer.
func New() *Renderer { return &Renderer{} }

// layouts are the Graphviz layout engines go-graphviz has.
func layouts() []string { return []string{"dot", "neato", "fdp", "sfdp", "circo", "twopi"} }

// Render lays out a DOT document with a layout engine (dot, neato, fdp,
// sfdp, circo, twopi) and writes it to w as "svg" or "png".
func (r *Renderer) Render(ctx context.Context, dot []byte, format, layoutName string, w io.Writer) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("render: unknown format %q: choose svg or png", format)
	}
	layout := graphviz.Layout(layoutName)
	if !slices.Contains(layouts(), layoutName) {
		return fmt.Errorf("render: unknown layout %q: choose %s", layoutName, strings.Join(layouts(), ", "))
	}
	svg, err := r.svg(ctx, dot, layout)
	if err != nil {
		return err
	}
	if format == "png" {
		return rasterize(svg, w, maxPixels)
	}
	_, err = w.Write(svg)
	return err
}

// svg lays out a DOT document and draws it as SVG.
func (r *Renderer) svg(ctx context.Context, dot []byte, layout graphviz.Layout) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
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
