package exporttest

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
)

// Check reads data, an export of want in format f (the default options),
// with the format's independent readers, and fails tb where they do not
// find want's nodes and edges with their attributes.
func Check(tb testing.TB, f export.Format, data []byte, want export.Graph) {
	tb.Helper()
	nodes, edges := slices.Collect(want.Nodes), slices.Collect(want.Edges)
	file := filepath.Join(tb.TempDir(), export.FileName("export", f, export.Options{}))
	if err := os.WriteFile(file, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	switch f {
	case export.GEXF:
		run(tb, Need(tb, "xmllint"), "--noout", "--relaxng", filepath.Join(testdata(), "gexf-1.3", "gexf.rng"), file)
		checkMaps(tb, f, networkx(tb, "gexf", file), nodes, edges)
	case export.GraphML:
		checkMaps(tb, f, networkx(tb, "graphml", file), nodes, edges)
	case export.DOT:
		checkDOT(tb, file, nodes, edges)
	case export.SVG:
		checkSVG(tb, file, nodes, edges)
	case export.PNG:
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			tb.Fatalf("png: not a picture: %v (%dx%d)", err, cfg.Width, cfg.Height)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			tb.Fatalf("png: %v", err)
		}
	case export.CytoscapeJSON, export.Graphology, export.Kumu:
		checkMaps(tb, f, javascript(tb, string(f), file), nodes, edges)
	case export.CSV:
		checkMaps(tb, f, decode(tb, python(tb, "csv_check.py", file)), nodes, edges)
	case export.NQuads, export.JSONLD:
		checkRDF(tb, f, file, want, nodes, edges)
	default:
		tb.Fatalf("no reader for format %q", f)
	}
}
