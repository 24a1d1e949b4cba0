package render

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// The placement of large pictures. Graphviz's neato places nodes by
// stress majorization too, but in WebAssembly, with its overlap removal
// (prism) and its spline routing, it took 6 to 8 s for 300 nodes and 615
// edges, and it cannot be interrupted. The same method written here takes
// tens of milliseconds, checks its context between sweeps, and runs
// outside the lock on go-graphviz; the scene is drawn with straight
// edges, without Graphviz.

// box is a node to place: its size in points.
type box struct{ w, h float64 }

// point is a position in points.
type point struct{ x, y float64 }

// placement tunes stressLayout.
const (
	maxSweeps = 300  // of stress majorization
	settled   = 1e-3 // the share of the stress a sweep must remove to go on
	gap       = 8.0  // points kept between two nodes' boxes
	maxPushes = 50   // sweeps of pushing overlapping nodes apart
	spread    = 1.05 // the drawing is scaled by when they do not suffice
	slight    = 0.5  // points of overlap, in all, too little to see
)

// stressLayout places the nodes so that their distances follow the
// number of hops between them (stress majorization, each node moved in
// turn to where its distances to all the others fit best), then spreads
// the drawing until the boxes do not overlap. edges index into boxes;
// their direction does not matter. It returns positions in points.
func stressLayout(ctx context.Context, boxes []box, edges [][2]int) ([]point, error) {
	n := len(boxes)
	if n == 0 {
		return nil, nil
	}
	dist := hops(n, edges)
	pos := radialStart(n, dist)
	// Each pair is weighted by the inverse square of its hops, so that
	// near nodes count most.
	weight := make([]float64, slices.Max(dist)+1)
	for d := 1; d < len(weight); d++ {
		weight[d] = 1 / float64(d*d)
	}
	last := math.Inf(1)
	for sweep := 0; sweep < maxSweeps; sweep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		stress := majorize(pos, dist, n, weight)
		if last-stress < settled*last {
			break
		}
		last = stress
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	scaleApart(pos, boxes)
	// Pushing apart may leave overlaps in a crowded drawing; spread
	// a little more then, until none is left.
	for {
		apart, err := pushApart(ctx, pos, boxes)
		if err != nil || apart {
			return pos, err
		}
		for i := range pos {
			pos[i].x *= spread
			pos[i].y *= spread
		}
	}
}

// hops returns the matrix of hop counts between every two nodes, by a
// breadth-first search from each. Nodes in different components are put
// one hop farther apart than the farthest pair of connected ones, so
// that components lie near each other.
func hops(n int, edges [][2]int) []int32 {
	adj := make([][]int32, n)
	for _, e := range edges {
		a, b := e[0], e[1]
		if a == b || a < 0 || b < 0 || a >= n || b >= n {
			continue
		}
		adj[a] = append(adj[a], int32(b))
		adj[b] = append(adj[b], int32(a))
	}
	dist := make([]int32, n*n)
	for i := range dist {
		dist[i] = -1
	}
	farthest := int32(1)
	queue := make([]int32, 0, n)
	for s := range n {
		row := dist[s*n : (s+1)*n]
		row[s] = 0
		queue = append(queue[:0], int32(s))
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, v := range adj[u] {
				if row[v] < 0 {
					row[v] = row[u] + 1
					farthest = max(farthest, row[v])
					queue = append(queue, v)
				}
			}
		}
	}
	for i := range dist {
		if dist[i] < 0 {
			dist[i] = farthest + 1
		}
	}
	return dist
}

// radialStart places the nodes on rings around the most central node
// (the one whose farthest node is nearest), a ring per hop, each node
// near the nodes it was reached through. Stress majorization from there
// needs fewer sweeps than from random positions, and gives the same
// picture every time.
func radialStart(n int, dist []int32) []point {
	centre, best := 0, int32(math.MaxInt32)
	for i := range n {
		if e := slices.Max(dist[i*n : (i+1)*n]); e < best {
			centre, best = i, e
		}
	}
	row := dist[centre*n : (centre+1)*n]
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Within a ring, keep the nodes in their order in the document, which
	// writes a neighbourhood nearest first: related nodes tend to be near.
	slices.SortStableFunc(order, func(a, b int) int { return int(row[a] - row[b]) })
	pos := make([]point, n)
	for i := 0; i < n; {
		j := i
		for j < n && row[order[j]] == row[order[i]] {
			j++
		}
		r := float64(row[order[i]])
		for k := i; k < j; k++ {
			a := 2 * math.Pi * (float64(k-i) + 0.5*r) / float64(j-i)
			pos[order[k]] = point{r * math.Cos(a), r * math.Sin(a)}
		}
		i = j
	}
	return pos
}

// majorize moves each node in turn to where its distances to the others
// best fit their hop counts, each pair weighted by weight[hops]. It
// returns the largest move.
func majorize(pos []point, dist []int32, n int, weight []float64) float64 {
	stress := 0.0
	for i := range n {
		row := dist[i*n : (i+1)*n]
		pi := pos[i]
		var sx, sy, sw float64
		for j, hop := range row {
			if j == i {
				continue
			}
			w, d := weight[hop], float64(hop)
			pj := pos[j]
			dx, dy := pi.x-pj.x, pi.y-pj.y
			l := math.Sqrt(dx*dx + dy*dy)
			if l < 1e-9 {
				// Two nodes at one place: part them along a direction
				// that depends on the pair only.
				a := float64(i*31+j*17) * 0.618
				dx, dy, l = math.Cos(a), math.Sin(a), 1
			}
			f := w * d / l
			sx += w*pj.x + f*dx
			sy += w*pj.y + f*dy
			sw += w
			stress += w * (l - d) * (l - d)
		}
		pos[i] = point{sx / sw, sy / sw}
	}
	return stress
}

// scaleApart turns hops into points: it scales the drawing so that few
// boxes overlap, as Graphviz's overlap=scale does, but not by more than
// most pairs need, so that a single pair drawn almost on top of each
// other does not blow the picture up; pushApart separates the rest.
func scaleApart(pos []point, boxes []box) {
	n := len(pos)
	var need []float64
	for i := range n {
		for j := i + 1; j < n; j++ {
			dx := math.Abs(pos[i].x - pos[j].x)
			dy := math.Abs(pos[i].y - pos[j].y)
			wx := (boxes[i].w+boxes[j].w)/2 + gap
			wy := (boxes[i].h+boxes[j].h)/2 + gap
			// Separated along either axis is enough.
			need = append(need, min(wx/max(dx, 1e-9), wy/max(dy, 1e-9)))
		}
	}
	scale := 72.0
	if len(need) > 0 {
		slices.Sort(need)
		scale = max(scale, min(need[len(need)-1], need[len(need)*97/100]))
	}
	for i := range pos {
		pos[i].x *= scale
		pos[i].y *= scale
	}
}

// pushApart moves the nodes of each pair of overlapping boxes apart,
// half each, until what overlaps is too little to see (the gap between
// boxes is more) or it has swept maxPushes times; it reports whether the
// boxes are apart.
func pushApart(ctx context.Context, pos []point, boxes []box) (bool, error) {
	n := len(pos)
	widest := 0.0
	for _, b := range boxes {
		widest = max(widest, b.w)
	}
	// Pairs are looked at in order of x, each node only with those that
	// begin within reach of its right side: most pairs are far apart.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for range maxPushes {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(pos[a].x, pos[b].x) })
		overlap := 0.0
		for k, i := range order {
			reach := pos[i].x + (boxes[i].w+widest)/2 + gap
			for _, j := range order[k+1:] {
				if pos[j].x >= reach {
					break
				}
				overlap += separate(pos, boxes, i, j)
			}
		}
		if overlap < slight {
			return true, nil
		}
	}
	return false, nil
}

// separate moves nodes i and j apart, half each, along the line between
// their centres, as far as separates their boxes (with the gap) along
// one axis, and returns by how much they overlapped. Pushed along one
// axis only, wide boxes went up and down and the drawing grew tall and
// sparse; along the line, it keeps its shape. Two nodes in a row or a
// column are pushed along it.
func separate(pos []point, boxes []box, i, j int) float64 {
	dx, dy := pos[j].x-pos[i].x, pos[j].y-pos[i].y
	ox := (boxes[i].w+boxes[j].w)/2 + gap - math.Abs(dx)
	oy := (boxes[i].h+boxes[j].h)/2 + gap - math.Abs(dy)
	if ox <= 0 || oy <= 0 {
		return 0
	}
	if math.Abs(dx) > 1e-3 && math.Abs(dy) > 1e-3 {
		f := min(ox/math.Abs(dx), oy/math.Abs(dy)) / 2
		pos[i].x -= dx * f
		pos[i].y -= dy * f
		pos[j].x += dx * f
		pos[j].y += dy * f
		return min(ox, oy)
	}
	if ox < oy {
		s := sign(dx) * ox / 2
		pos[i].x -= s
		pos[j].x += s
		return ox
	}
	s := sign(dy) * oy / 2
	pos[i].y -= s
	pos[j].y += s
	return oy
}

// sign is -1 for a negative v and 1 otherwise: of two nodes at one
// place, the second moves the positive way.
func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
