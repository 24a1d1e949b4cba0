package render

import (
	"context"
	"math"
	"slices"
	"testing"
)

// star is a hub with n leaves, and a ring through the leaves: what a
// neighbourhood looks like.
func star(n int) ([]box, [][2]int) {
	boxes := make([]box, n+1)
	var edges [][2]int
	for i := range boxes {
		boxes[i] = box{w: 60 + float64(i%7)*20, h: 36}
		if i > 0 {
			edges = append(edges, [2]int{0, i}, [2]int{i, i%n + 1})
		}
	}
	return boxes, edges
}

func TestStressLayoutSeparatesTheBoxes(t *testing.T) {
	boxes, edges := star(120)
	// A component apart, and a loop, are placed too.
	boxes = append(boxes, box{54, 36}, box{54, 36})
	edges = append(edges, [2]int{121, 122}, [2]int{121, 121})
	pos, err := stressLayout(context.Background(), boxes, edges)
	if err != nil {
		t.Fatal(err)
	}
	if len(pos) != len(boxes) {
		t.Fatalf("%d positions for %d boxes", len(pos), len(boxes))
	}
	for i := range pos {
		if math.IsNaN(pos[i].x) || math.IsNaN(pos[i].y) {
			t.Fatalf("node %d at %v", i, pos[i])
		}
		for j := i + 1; j < len(pos); j++ {
			if math.Abs(pos[i].x-pos[j].x) < (boxes[i].w+boxes[j].w)/2 && math.Abs(pos[i].y-pos[j].y) < (boxes[i].h+boxes[j].h)/2 {
				t.Errorf("nodes %d at %v and %d at %v overlap", i, pos[i], j, pos[j])
			}
		}
	}
	// The hub is nearer its leaves than they are to each other, on
	// average: the placement follows the hops.
	var hub, leaves float64
	for i := 1; i <= 120; i++ {
		hub += math.Hypot(pos[i].x-pos[0].x, pos[i].y-pos[0].y)
		j := (i+59)%120 + 1 // the leaf opposite
		leaves += math.Hypot(pos[i].x-pos[j].x, pos[i].y-pos[j].y)
	}
	if hub >= leaves {
		t.Errorf("the hub is %.0f from its leaves in all, opposite leaves %.0f from each other", hub, leaves)
	}
	again, _ := stressLayout(context.Background(), boxes, edges)
	if !slices.Equal(pos, again) {
		t.Error("a second layout of the same graph differs")
	}
}

func TestStressLayoutStopsWithItsContext(t *testing.T) {
	boxes, edges := star(50)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := stressLayout(ctx, boxes, edges); err == nil {
		t.Error("no error from a cancelled layout")
	}
	if pos, err := stressLayout(context.Background(), nil, nil); err != nil || len(pos) != 0 {
		t.Errorf("an empty graph: %v, %v", pos, err)
	}
}

// TestStressLayoutIsCompact places a neighbourhood of 300 nodes: no two
// boxes overlap, and the drawing is not mostly empty nor drawn out in
// one direction. Pushed apart along one axis only, 36 pairs of nodes
// were left overlapping, and when the pushing went on until none was,
// the nodes covered a fifth of the drawing.
func TestStressLayoutIsCompact(t *testing.T) {
	g, err := readDOT(readGzip("testdata/neighbourhood-300.dot.gz")(t))
	if err != nil {
		t.Fatal(err)
	}
	ft, err := New().font()
	if err != nil {
		t.Fatal(err)
	}
	boxes := measure(g, newMetrics(ft))
	ends := make([][2]int, len(g.edges))
	for i, e := range g.edges {
		ends[i] = [2]int{e.from, e.to}
	}
	pos, err := stressLayout(context.Background(), boxes, ends)
	if err != nil {
		t.Fatal(err)
	}
	bounds := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	covered := 0.0
	for i, p := range pos {
		b := rect{p.x - boxes[i].w/2, p.y - boxes[i].h/2, p.x + boxes[i].w/2, p.y + boxes[i].h/2}
		bounds = bounds.union(b)
		covered += boxes[i].w * boxes[i].h
		for j := i + 1; j < len(pos); j++ {
			if math.Abs(p.x-pos[j].x) < (boxes[i].w+boxes[j].w)/2 && math.Abs(p.y-pos[j].y) < (boxes[i].h+boxes[j].h)/2 {
				t.Errorf("nodes %d at %v and %d at %v overlap", i, p, j, pos[j])
			}
		}
	}
	w, h := bounds.x1-bounds.x0, bounds.y1-bounds.y0
	if share := covered / (w * h); share < 0.25 {
		t.Errorf("the nodes cover %.0f%% of the drawing, %.0f by %.0f points; want at least 25%%", 100*share, w, h)
	}
	if ratio := max(w/h, h/w); ratio > 2.5 {
		t.Errorf("the drawing is %.0f by %.0f points, %.1f times as long one way as the other", w, h, ratio)
	}
}
