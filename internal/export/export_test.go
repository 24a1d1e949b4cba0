package export_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/export/exporttest"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the writers' output")

func write(tb testing.TB, f export.Format, g export.Graph, opts export.Options) []byte {
	tb.Helper()
	if opts.Renderer == nil {
		opts.Renderer = render.New()
	}
	var buf bytes.Buffer
	if err := export.Write(context.Background(), &buf, f, g, opts); err != nil {
		tb.Fatalf("write %s: %v", f, err)
	}
	return buf.Bytes()
}

// TestGolden compares each text format's export of the fixture with its
// golden file. After changing a writer on purpose, run
// go test ./internal/export -update and review the diff.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		f    export.Format
		opts export.Options
	}{
		{"fixture.gexf", export.GEXF, export.Options{}},
		{"fixture.graphml", export.GraphML, export.Options{}},
		{"fixture.dot", export.DOT, export.Options{}},
		{"fixture.svg", export.SVG, export.Options{}},
		{"fixture.cyjs", export.CytoscapeJSON, export.Options{}},
		{"fixture.json", export.Graphology, export.Options{}},
		{"fixture-nodes.csv", export.CSV, export.Options{Part: export.PartNodes}},
		{"fixture-relationships.csv", export.CSV, export.Options{Part: export.PartRelationships}},
		{"fixture.nq", export.NQuads, export.Options{}},
		{"fixture.jsonld", export.JSONLD, export.Options{}},
		{"fixture.kumu.json", export.Kumu, export.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := write(t, tt.f, fixture(), tt.opts)
			path := filepath.Join("testdata", "golden", tt.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/export -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the writer's output; run go test ./internal/export -update and review the diff\n%s", path, firstDifference(string(want), string(got)))
			}
		})
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  got  " + gl + "\n  want " + wl
		}
	}
	return ""
}

// TestDeterministic writes every format twice: the same graph must give the
// same bytes, pictures and zips included.
func TestDeterministic(t *testing.T) {
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			a, b := write(t, f, fixture(), export.Options{}), write(t, f, fixture(), export.Options{})
			if !bytes.Equal(a, b) {
				t.Errorf("two exports of the same graph differ (%d and %d bytes)", len(a), len(b))
			}
		})
	}
}

// TestIndependentReaders has each format's readers (xmllint, NetworkX,
// Graphviz, Cytoscape.js, graphology, Python's csv, rdflib) read the
// fixture's export; see package exporttest.
func TestIndependentReaders(t *testing.T) {
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			exporttest.Check(t, f, write(t, f, fixture(), export.Options{}), fixture())
		})
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		f    export.Format
		opts export.Options
		want history.Code
	}{
		{"unknown format", "xls", export.Options{}, history.CodeNotFound},
		{"unknown CSV part", export.CSV, export.Options{Part: "edges"}, history.CodeInvalid},
		{"picture without a renderer", export.PNG, export.Options{}, history.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := export.Write(context.Background(), &bytes.Buffer{}, tt.f, fixture(), tt.opts)
			if got := history.ErrorCode(err); got != tt.want {
				t.Errorf("error %v: code %q, want %q", err, got, tt.want)
			}
		})
	}
}

// endless is a graph with more nodes than anyone would wait for.
func endless() export.Graph {
	return export.Graph{
		Nodes: func(yield func(export.Node) bool) {
			for i := 0; ; i++ {
				if !yield(export.Node{ID: history.ID("person/p" + strings.Repeat("x", i%7)), Kind: history.KindPerson, Label: "someone"}) {
					return
				}
			}
		},
		Edges: func(yield func(export.Edge) bool) {},
	}
}

// TestWritersStopWithTheContext checks that every streaming writer gives
// up when its context ends, even in the middle of an endless graph.
func TestWritersStopWithTheContext(t *testing.T) {
	for _, f := range export.Formats() {
		if f.Drawn() {
			continue
		}
		t.Run(string(f), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			w := &cancelAfter{n: 1 << 20, cancel: cancel}
			err := export.Write(ctx, w, f, endless(), export.Options{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
		})
	}
}

// cancelAfter cancels a context once n bytes have been written to it.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
}

func (w *cancelAfter) Write(p []byte) (int, error) {
	w.n -= len(p)
	if w.n <= 0 {
		w.cancel()
	}
	return len(p), nil
}

// TestWritersStopOnAWriteError checks that a writer whose destination
// fails (a client that went away) stops and reports it.
func TestWritersStopOnAWriteError(t *testing.T) {
	broken := errors.New("connection reset")
	for _, f := range export.Formats() {
		if f.Drawn() {
			continue
		}
		t.Run(string(f), func(t *testing.T) {
			err := export.Write(context.Background(), failingWriter{broken}, f, endless(), export.Options{})
			if !errors.Is(err, broken) {
				t.Errorf("got %v, want the write error", err)
			}
		})
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestFileNames: every file name the README and the explorer use for an
// export gives what it promises (a .kumu.json file Kumu's blueprint, a
// .csv file one CSV a spreadsheet opens, a .zip the pair neo4j-admin
// imports), as Sniff tells from the bytes; and every name FileName gives
// reads back as the format and part it was made for.
func TestFileNames(t *testing.T) {
	for _, n := range exporttest.FileNames(t) {
		t.Run(n.Name, func(t *testing.T) {
			f, part, err := export.ParseFile(n.Name)
			if err != nil {
				t.Fatalf("%s uses %q: %v", n.Where, n.Name, err)
			}
			got := exporttest.Sniff(write(t, f, fixture(), export.Options{Part: part}))
			if got != n.Want {
				t.Errorf("%s (from %s) gives %s, want %s", n.Name, n.Where, got, n.Want)
			}
		})
	}
	for _, f := range export.Formats() {
		parts := []export.CSVPart{""}
		if f == export.CSV {
			parts = append(parts, export.PartNodes, export.PartRelationships)
		}
		for _, part := range parts {
			name := export.FileName("memoria-beria", f, export.Options{Part: part})
			gotF, gotPart, err := export.ParseFile(name)
			if err != nil || gotF != f || gotPart != part {
				t.Errorf("FileName gives %s for %s %q, which reads back as %s %q (%v)", name, f, part, gotF, gotPart, err)
			}
		}
	}
}
