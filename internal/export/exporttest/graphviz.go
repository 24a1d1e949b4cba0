package exporttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
)

// checkDOT has Graphviz's dot, neato and sfdp lay the document out,
// which must pass without a word on stderr, and has gvpr list the nodes
// and edges it read.
func checkDOT(tb testing.TB, file string, nodes []export.Node, edges []export.Edge) {
	tb.Helper()
	for _, layout := range []string{"dot", "neato", "sfdp"} {
		cmd := exec.Command(Need(tb, layout), "-Tsvg", "-o", os.DevNull, file)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			tb.Fatalf("%s: %v\n%s", layout, err, trim(stderr.String()))
		}
	}
	gvpr := Need(tb, "gvpr")
	got := found{Nodes: map[string]map[string]any{}, Edges: map[string]map[string]any{}}
	out := run(tb, gvpr, "-f", filepath.Join(testdata(), "graphviz", "check.gvpr"), file)
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		switch {
		case len(f) == 8 && f[0] == "N":
			got.Nodes[f[1]] = map[string]any{"label": f[2], "kind": f[3], "category": f[4], "wikidata": f[5], "time": f[6], "uncertain": f[7]}
		case len(f) == 11 && f[0] == "E":
			got.Edges[f[3]] = map[string]any{"source": f[1], "target": f[2], "relation": f[4], "role": f[5], "label": f[6], "time": f[7], "uncertain": f[8], "citations": f[9], "citationCount": f[10]}
		default:
			tb.Fatalf("gvpr printed %q", line)
		}
	}
	var problems []string
	if len(got.Nodes) != len(nodes) || len(got.Edges) != len(edges) {
		problems = append(problems, fmt.Sprintf("gvpr read %d nodes and %d edges, want %d and %d", len(got.Nodes), len(got.Edges), len(nodes), len(edges)))
	}
	for _, n := range nodes {
		problems = append(problems, diff("node "+string(n.ID), got.Nodes[string(n.ID)], nodeWant(n), false)...)
	}
	for _, e := range edges {
		problems = append(problems, diff("edge "+string(e.ID), got.Edges[string(e.ID)], edgeWant(e), false)...)
	}
	report(tb, export.DOT, problems)
}

// checkSVG has xmllint parse the picture and count Graphviz's node and
// edge groups in it.
func checkSVG(tb testing.TB, file string, nodes []export.Node, edges []export.Edge) {
	tb.Helper()
	xmllint := Need(tb, "xmllint")
	run(tb, xmllint, "--noout", "--nonet", file)
	for class, want := range map[string]int{"node": len(nodes), "edge": len(edges)} {
		out := run(tb, xmllint, "--nonet", "--xpath", "count(//*[local-name()='g'][@class='"+class+"'])", file)
		if got := strings.TrimSpace(string(out)); got != strconv.Itoa(want) {
			tb.Errorf("svg: %s groups: got %s, want %d", class, got, want)
		}
	}
}
