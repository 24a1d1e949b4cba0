package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/export/exporttest"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/seed"
)

// seedSelection resolves a selection over the embedded dataset read from
// its YAML, not from a store.
func seedSelection(tb testing.TB, query string) export.Graph {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	g, _, err := selection.NewResolver(graph.Build(ds), catalog.New(ds)).Select(context.Background(), q, selection.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// TestExportEveryFormat runs memoria export for every format, on the whole
// seed and on Beria's neighbourhood in 1934–1941, checks the file with the
// format's independent readers, and checks that it is byte for byte the
// export of the same selection made from the YAML files: the store gives
// back the graph it was given, and the same graph gives the same bytes.
func TestExportEveryFormat(t *testing.T) {
	selections := []struct {
		flags []string
		query string
	}{
		{nil, ""},
		{[]string{"--id", "person/lavrentiy-beria", "--hops", "2", "--during", "1934/1941"}, "id=person/lavrentiy-beria&hops=2&during=1934/1941"},
	}
	for _, sel := range selections {
		want := seedSelection(t, sel.query)
		for _, f := range export.Formats() {
			t.Run(string(f)+"?"+sel.query, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				args := append([]string{"--db", "memory:", "export", "--format", string(f), "-o", out}, sel.flags...)
				if code, _, stderr := cli(t, nil, args...); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				var direct bytes.Buffer
				if err := export.Write(context.Background(), &direct, f, want, export.Options{Renderer: render.New()}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, direct.Bytes()) {
					t.Errorf("the export from the store (%d bytes) differs from the export of the YAML dataset (%d bytes)", len(got), direct.Len())
				}
				exporttest.Check(t, f, got, want)
			})
		}
	}
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a piece of standard output
		stderr string // a piece of standard error
		file   string // a file that must exist afterwards
	}{
		{"to standard output", []string{"--format", "dot", "--id", "group/nkvd", "--hops", "0"}, 0, `"group/nkvd" [label="NKVD"`, "", ""},
		{"the format from the file name", []string{"-o", filepath.Join(dir, "nkvd.graphml"), "--id", "group/nkvd"}, 0, "", "", "nkvd.graphml"},
		{"one part of the CSV", []string{"--format", "csv", "--part", "relationships", "--id", "group/nkvd", "--kinds", "person", "--via", "led"}, 0, ":START_ID,:END_ID,:TYPE", "", ""},
		{"a path", []string{"--format", "dot", "--from", "person/leon-trotsky", "--to", "person/lavrentiy-beria", "--max-hops", "4"}, 0, `"person/leon-trotsky"`, "", ""},
		{"no format", []string{"--id", "group/nkvd"}, 2, "", "give --format", ""},
		{"an unknown format", []string{"--format", "xlsx"}, 2, "", `unknown export format "xlsx"`, ""},
		{"--part outside CSV", []string{"--format", "gexf", "--part", "nodes"}, 2, "", "--part is for the csv format", ""},
		{"an unknown part", []string{"--format", "csv", "--part", "edges"}, 2, "", "--part is nodes or relationships", ""},
		{"an unknown layout", []string{"--format", "svg", "--layout", "spring"}, 2, "", `unknown --layout "spring"`, ""},
		{"hops without an id", []string{"--format", "gexf", "--hops", "2"}, 2, "", "parameter hops needs id", ""},
		{"a bad date", []string{"--format", "gexf", "--during", "spring 1938"}, 2, "", "parameter during", ""},
		{"an unknown id", []string{"--format", "gexf", "--id", "person/nobody"}, 3, "", `unknown id "person/nobody"`, ""},
		{"arguments", []string{"--format", "gexf", "out.gexf"}, 2, "", "export takes no arguments", ""},
		{"a directory that is not there", []string{"-o", filepath.Join(dir, "missing", "x.gexf")}, 3, "", "no such file or directory", ""},
		{"an unknown id into a file", []string{"-o", filepath.Join(dir, "nobody.gexf"), "--id", "person/nobody"}, 3, "", `unknown id "person/nobody"`, ""},
		{"a directory as the file", []string{"--format", "gexf", "-o", dir}, 3, "", "is a directory: name a file in it", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, nil, append([]string{"--db", "memory:", "export"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%.500s", tt.stdout, stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, stderr)
			}
			if tt.file != "" {
				info, err := os.Stat(filepath.Join(dir, tt.file))
				if err != nil || info.Size() == 0 || info.Mode().Perm() != 0o644 {
					t.Errorf("%s: %v, %v", tt.file, info, err)
				}
			}
		})
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestExportToNowhereLeavesNoStore: a file that cannot be written is found
// before the store is opened, which would create and seed one.
func TestExportToNowhereLeavesNoStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memoria.db")
	code, _, stderr := cli(t, nil, "--db", "bbolt:"+path, "export", "-o", filepath.Join(t.TempDir(), "missing", "x.gexf"))
	if code != 3 || !strings.Contains(stderr, "no such file or directory") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	wantNoStore(t, path, "a store was created for an export that could not be written")
}

// TestExportFileNames: memoria export -o NAME writes what NAME promises,
// for every file name the README and the explorer use (see
// exporttest.FileNames), a .csv one CSV and a .zip the pair; and
// --format NAME for the formats' names.
func TestExportFileNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range exporttest.FileNames(t) {
		t.Run(n.Name, func(t *testing.T) {
			out := filepath.Join(dir, n.Name)
			args := []string{"--db", "memory:", "export", "-o", out, "--id", "group/nkvd", "--hops", "0"}
			if !strings.Contains(n.Name, ".") {
				args[3], args[4] = "--format", n.Name
			}
			code, stdout, stderr := cli(t, nil, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			data := []byte(stdout)
			if args[3] == "-o" {
				var err error
				if data, err = os.ReadFile(out); err != nil {
					t.Fatal(err)
				}
			}
			if got := exporttest.Sniff(data); got != n.Want {
				t.Errorf("%s %s (from %s) wrote %s, want %s", args[3], n.Name, n.Where, got, n.Want)
			}
		})
	}
	// --part says which CSV; a zip holds both or is refused one.
	code, stdout, _ := cli(t, nil, "--db", "memory:", "export", "--format", "csv", "-o", filepath.Join(dir, "x.csv"), "--part", "relationships", "--id", "group/nkvd")
	if data, _ := os.ReadFile(filepath.Join(dir, "x.csv")); code != 0 || exporttest.Sniff(data) != exporttest.HoldsCSVRelationships {
		t.Errorf("--part relationships -o x.csv: exit %d, %s %s", code, exporttest.Sniff(data), stdout)
	}
	if code, _, stderr := cli(t, nil, "--db", "memory:", "export", "-o", filepath.Join(dir, "y.zip"), "--part", "nodes"); code != 2 || !strings.Contains(stderr, "name it .csv") {
		t.Errorf("--part nodes -o y.zip: exit %d, %s", code, stderr)
	}
}
