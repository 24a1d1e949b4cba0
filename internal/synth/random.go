package synth

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// stream is the generator's random source. Every record draws from a
// stream of its own, seeded from the dataset's seed, a tag for what is
// drawn and the record's number, so that any file, and any name looked up
// from another file, comes out the same whatever the order, the worker or
// the number of records per file. It is a value: a lookup nested inside
// another record's drawing does not disturb that record's stream.
type stream struct{ p rand.PCG }

// streamTag separates the streams of different kinds of draw for the same
// record number.
type streamTag uint64

const (
	tagPerson streamTag = iota + 1
	tagPersonCitations
	tagPersonRelations
	tagSurname
	tagPlace
	tagPlaceRecord // what a place file adds to the name: citations, relations, claims
	tagGroup
	tagGroupRecord
	tagEventHead
	tagEvent
	tagEventCitations
	tagEventClaims
	tagPermutation
	// A registry's draws. New tags go last: a tag's value seeds its
	// streams, and a network's must not change.
	tagRegistryBlock
	tagSession
	tagCase
	tagVerdict
	tagRegistryRelations
	tagRegistryEvents
	tagOperation
)

func newStream(seed uint64, tag streamTag, k int) stream {
	var s stream
	s.p.Seed(mix64(seed+uint64(tag)*0x9e3779b97f4a7c15), mix64(uint64(k)^uint64(tag)<<56))
	return s
}

// mix64 scrambles a seed (the splitmix64 finaliser), so that streams of
// neighbouring records start far apart.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (s *stream) u64() uint64 { return s.p.Uint64() }

// intn returns a number in [0, n); n must be positive.
func (s *stream) intn(n int) int {
	hi, _ := bits.Mul64(s.u64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (s *stream) between(lo, hi int) int { return lo + s.intn(hi-lo+1) }

func (s *stream) float() float64 { return float64(s.u64()>>11) / (1 << 53) }

func (s *stream) chance(p float64) bool { return s.float() < p }

func pick[T any](s *stream, xs []T) T { return xs[s.intn(len(xs))] }

// powerLaw draws ranks 0..n-1 with the chance of rank k falling as
// (k+1)^-s, by inverting the continuous distribution: one Pow per draw and
// no table, so it costs the same for ten items or ten million. Picking the
// ends of edges this way gives a few nodes most of the edges and most
// nodes a handful, as in real social and historical networks: with s below
// 1 the degrees follow a power law with exponent 1+1/s.
type powerLaw struct {
	n      int
	a, inv float64
}

func newPowerLaw(n int, s float64) powerLaw {
	return powerLaw{n: n, a: math.Pow(float64(n)+1, 1-s) - 1, inv: 1 / (1 - s)}
}

func (p powerLaw) draw(st *stream) int {
	k := int(math.Pow(1+st.float()*p.a, p.inv)) - 1
	return max(0, min(k, p.n-1))
}

// heavy draws a count of at least lo from a Pareto tail with exponent
// alpha, capped at hi: most draws are near lo, a few are a hundred times
// larger.
func heavy(st *stream, lo, hi int, alpha float64) int {
	x := float64(lo) * math.Pow(1-st.float(), -1/alpha)
	if x >= float64(hi) {
		return hi
	}
	return int(x)
}

// weights draws the rows of a table, each with the share of its weight in
// their sum.
type weights struct {
	of    []int
	total int
}

// newWeights returns the weights of the n rows of a table, weight(i)
// being row i's; a row of weight zero is never drawn.
func newWeights(n int, weight func(i int) int) weights {
	w := weights{of: make([]int, n)}
	for i := range w.of {
		w.of[i] = weight(i)
		w.total += w.of[i]
	}
	return w
}

// draw returns the number of a row.
func (w weights) draw(st *stream) int {
	x := st.intn(w.total)
	for i, p := range w.of {
		if x < p {
			return i
		}
		x -= p
	}
	return len(w.of) - 1
}
