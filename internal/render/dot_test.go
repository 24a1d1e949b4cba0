package render

import (
	"os"
	"slices"
	"testing"
)

func TestReadDOT(t *testing.T) {
	doc := `/* a comment */ strict digraph "g" {
# a line Graphviz skips
	graph [label="x"]; rankdir=LR
	node [shape=box, fontsize=12];
	a [label="Лаврентий\nБерия"]; "b \"q\"" [shape="ellipse"] // trailing
	a -> "b \"q\"" -> c:port:n [label="deputy-of", style=dashed];
	c -> a [color=red; label="led"]
	node [fontsize=9]; d; e [label="\N"]
	d -> a
}`
	g, err := readDOT([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range g.nodes {
		names = append(names, n.name)
	}
	if want := []string{"a", `b "q"`, "c", "d", "e"}; !slices.Equal(names, want) {
		t.Errorf("nodes %q, want %q", names, want)
	}
	if want := [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 0}}; !slices.Equal(g.edges, want) {
		t.Errorf("edges %v, want %v", g.edges, want)
	}
	for i, want := range []struct {
		lines []string
		shape string
		size  float64
	}{
		{[]string{"Лаврентий", "Берия"}, "box", 12},
		{[]string{`b "q"`}, "ellipse", 12},
		{[]string{"c"}, "box", 12},
		{[]string{"d"}, "box", 9},
		{[]string{"e"}, "box", 9},
	} {
		n := g.nodes[i]
		if got := n.lines(); !slices.Equal(got, want.lines) || n.shape != want.shape || n.fontsize != want.size {
			t.Errorf("node %s: lines %q, shape %q, size %v; want %q, %q, %v", n.name, got, n.shape, n.fontsize, want.lines, want.shape, want.size)
		}
	}
	if g.nodes[1].token != `"b \"q\""` {
		t.Errorf("token %s, want the id as written", g.nodes[1].token)
	}
	// The edges' labels: from the key to the next attribute, or to the
	// value's end.
	var labels []string
	for _, l := range g.edgeLabels {
		labels = append(labels, doc[l.key:l.end])
	}
	if want := []string{`label="deputy-of", `, `label="led"`}; !slices.Equal(labels, want) {
		t.Errorf("edge labels %q, want %q", labels, want)
	}
}

// TestReadDOTOfExport reads what export writes: every node and edge of
// the export fixture.
func TestReadDOTOfExport(t *testing.T) {
	doc, err := os.ReadFile("../export/testdata/golden/fixture.dot")
	if err != nil {
		t.Fatal(err)
	}
	g, err := readDOT(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.nodes) != 9 || len(g.edges) != 8 || len(g.edgeLabels) != len(g.edges) {
		t.Errorf("%d nodes, %d edges, %d edge labels; want 9, 8, 8", len(g.nodes), len(g.edges), len(g.edgeLabels))
	}
	if n := g.nodes[0]; n.name != "event/beria-appointed" || n.shape != "note" || n.fontsize != 10 || n.lines()[0] != "Beria appointed Yezhov's deputy" {
		t.Errorf("first node %+v", n)
	}
}

func TestReadDOTLeavesTheRestToGraphviz(t *testing.T) {
	for _, doc := range []string{
		`digraph { subgraph cluster_a { a -> b } }`,
		`digraph { a [label=<<b>x</b>>] }`,
		`digraph { a -> { b c } }`,
		`digraph { a [label="unterminated] }`,
		`digraph { a -> b`,
		`not a graph`,
	} {
		if _, err := readDOT([]byte(doc)); err == nil {
			t.Errorf("%s: no error", doc)
		}
	}
}
