package export

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// Options tunes the writers. The zero Options are the defaults.
type Options struct {
	// Base is the IRI base of nodes and statements in RDF, as in the
	// store; schema.DefaultBase when empty.
	Base string
	// Part asks the CSV format for one of its two files, as plain CSV,
	// instead of a zip holding both.
	Part CSVPart
	// Renderer draws the SVG and PNG formats.
	Renderer Renderer
	// Layout is the Graphviz layout engine of a picture, one of Layouts;
	// DefaultLayout when empty.
	Layout string
}

// Renderer lays out a DOT document with a Graphviz layout engine and
// draws it in a format ("svg", "png"); internal/render does it with
// Graphviz compiled to WebAssembly.
type Renderer interface {
	Render(ctx context.Context, dot []byte, format, layout string, w io.Writer) error
}

// Layouts lists the Graphviz layout engines a picture may use: neato
// (force-directed, for neighbourhoods and whole graphs), dot (layered, for
// paths and chains of causes), circo (circular) and twopi (radial). fdp
// and sfdp are left out: in go-graphviz's long-lived WebAssembly instance
// they lay the same graph out differently from one run to the next.
func Layouts() []string { return []string{"neato", "dot", "circo", "twopi"} }

// DefaultLayout is the layout of a picture when none is asked for.
const DefaultLayout = "neato"

// Write writes g to w in format f. It checks ctx as it goes and stops with
// its error; what was written by then is a truncated document.
func Write(ctx context.Context, w io.Writer, f Format, g Graph, opts Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.Base == "" {
		opts.Base = schema.DefaultBase
	}
	if f == CSV && opts.Part != "" && opts.Part != PartNodes && opts.Part != PartRelationships {
		return history.Errorf(history.CodeInvalid, "export: unknown CSV part %q: choose %s or %s", opts.Part, PartNodes, PartRelationships)
	}
	if f.Drawn() {
		if opts.Layout == "" {
			opts.Layout = DefaultLayout
		}
		if !slices.Contains(Layouts(), opts.Layout) {
			return history.Errorf(history.CodeInvalid, "export: unknown layout %q: choose %s", opts.Layout, strings.Join(Layouts(), ", "))
		}
		return draw(ctx, w, f, g, opts)
	}
	o := newOut(ctx, w)
	var err error
	switch f {
	case GEXF:
		err = writeGEXF(o, g)
	case GraphML:
		err = writeGraphML(o, g)
	case DOT:
		err = writeDOT(o, g)
	case CytoscapeJSON:
		err = writeCytoscape(o, g)
	case Graphology:
		err = writeGraphology(o, g)
	case CSV:
		err = writeCSV(o, g, opts.Part)
	case NQuads:
		err = writeNQuads(o, g, opts.Base)
	case JSONLD:
		err = writeJSONLD(o, g, opts.Base)
	case Kumu:
		err = writeKumu(o, g)
	default:
		_, err = ParseFormat(string(f))
		return err
	}
	if err == nil {
		err = o.flush()
	}
	return history.Wrap(history.CodeInternal, "export "+string(f), err)
}

// draw writes the DOT document to memory, then has the renderer lay it
// out and draw it.
func draw(ctx context.Context, w io.Writer, f Format, g Graph, opts Options) error {
	if opts.Renderer == nil {
		return history.Errorf(history.CodeInternal, "export %s: no renderer configured", f)
	}
	var dot bytes.Buffer
	o := newOut(ctx, &dot)
	err := writeDOT(o, g)
	if err == nil {
		err = o.flush()
	}
	if err == nil {
		err = opts.Renderer.Render(ctx, dot.Bytes(), string(f), opts.Layout, w)
	}
	return history.Wrap(history.CodeInternal, "export "+string(f), err)
}

// checkEvery is how many nodes or edges a writer writes between two
// checks of its context.
const checkEvery = 1024

// out is where a writer writes: a buffer in front of the destination that
// keeps the first error, so that writers can write without checking each
// call and learn of a failure at the next tick.
type out struct {
	*bufio.Writer
	ctx context.Context
	n   int
	err error
}

func newOut(ctx context.Context, w io.Writer) *out {
	return &out{Writer: bufio.NewWriterSize(w, 64<<10), ctx: ctx}
}

// str writes strings, keeping the first error.
func (o *out) str(ss ...string) {
	for _, s := range ss {
		if o.err != nil {
			return
		}
		_, o.err = o.WriteString(s)
	}
}

// tick counts a written node or edge; every checkEvery it reports the
// context's error, and it always reports a write error.
func (o *out) tick() error {
	if o.err != nil {
		return o.err
	}
	o.n++
	if o.n%checkEvery != 0 {
		return nil
	}
	return o.ctx.Err()
}

// flush writes out what is buffered and returns the first error.
func (o *out) flush() error {
	if o.err != nil {
		return o.err
	}
	return o.Flush()
}
