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
	var ends [][2]int
	for _, e := range g.edges {
		ends = append(ends, [2]int{e.from, e.to})
	}
	if want := [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 0}}; !slices.Equal(ends, want) {
		t.Errorf("edges %v, want %v", ends, want)
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
		if got := n.lines(); !slices.Equal(got, want.lines) || n.attrs["shape"] != want.shape || fontsize(n.attrs) != want.size {
			t.Errorf("node %s: lines %q, shape %q, size %v; want %q, %q, %v", n.name, got, n.attrs["shape"], fontsize(n.attrs), want.lines, want.shape, want.size)
		}
	}
	if g.nodes[1].token != `"b \"q\""` {
		t.Errorf("token %s, want the id as written", g.nodes[1].token)
	}
	// The edges' attributes: their own, and the edge defaults.
	var labels, styles []string
	for _, e := range g.edges {
		labels = append(labels, e.attrs["label"])
		styles = append(styles, e.attrs["style"]+e.attrs["color"])
	}
	if want := []string{"deputy-of", "deputy-of", "led", ""}; !slices.Equal(labels, want) {
		t.Errorf("edge labels %q, want %q", labels, want)
	}
	if want := []string{"dashed", "dashed", "red", ""}; !slices.Equal(styles, want) {
		t.Errorf("edge styles and colours %q, want %q", styles, want)
	}
	if g.name != "g" || !g.directed || g.attrs["label"] != "x" || g.attrs["rankdir"] != "LR" {
		t.Errorf("graph %q (directed %v) with %v", g.name, g.directed, g.attrs)
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
	labels := 0
	for _, e := range g.edges {
		if e.attrs["label"] != "" && e.attrs["fontsize"] == "8" {
			labels++
		}
	}
	if len(g.nodes) != 9 || len(g.edges) != 8 || labels != len(g.edges) {
		t.Errorf("%d nodes, %d edges, %d edge labels in 8 points; want 9, 8, 8", len(g.nodes), len(g.edges), labels)
	}
	if n := g.nodes[0]; n.name != "event/beria-appointed" || n.attrs["shape"] != "note" || fontsize(n.attrs) != 10 || n.lines()[0] != "Beria appointed Yezhov's deputy" {
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
