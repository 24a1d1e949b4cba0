package search

// maxEdits is how many edits a token of n letters may be away from another
// and still match it: none below four letters, where one edit makes
// another name ("Lev", "Leo"); one up to seven; two from eight.
func maxEdits(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// maxFuzzyRunes bounds the tokens that take part in fuzzy matching: a
// longer token is not a name, and its deletion neighbourhood would be
// large.
const maxFuzzyRunes = 32

// deletions calls fn with the hash of rs and of every string made by
// deleting up to k of its runes. Two strings within k edits of each other
// (a swap of neighbours counting as one) always share one of these
// strings, which is what makes the deletion neighbourhood an index of
// near misses. Duplicates are reported as often as they arise. rs must
// not be longer than maxFuzzyRunes.
//
// The hash is polynomial, so that the hash of a string with runes deleted
// is put together from prefix hashes in constant time instead of being
// computed afresh: a token of n runes has about n²/2 deletions.
func deletions(rs []rune, k int, fn func(uint64)) {
	var pre, pow [maxFuzzyRunes + 1]uint64
	n := len(rs)
	pow[0] = 1
	for x, r := range rs {
		pre[x+1] = pre[x]*hashBase + uint64(r) + 1
		pow[x+1] = pow[x] * hashBase
	}
	// span is the hash of rs[a:b].
	span := func(a, b int) uint64 { return pre[b] - pre[a]*pow[b-a] }
	fn(mix(pre[n]))
	if k < 1 {
		return
	}
	for i := range n {
		fn(mix(pre[i]*pow[n-i-1] + span(i+1, n)))
		if k < 2 {
			continue
		}
		for j := i + 1; j < n; j++ {
			fn(mix(pre[i]*pow[n-i-2] + span(i+1, j)*pow[n-j-1] + span(j+1, n)))
		}
	}
}

// hashBase is the base of the polynomial hash: odd, and large enough that
// the runes of a short token spread over all 64 bits.
const hashBase = 0x100000001b3

// mix spreads the polynomial hash's bits (the splitmix64 finaliser), since
// the index files hashes by their top bits.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// distance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, each one
// edit), or k+1 as soon as it is known to exceed k. row is scratch space
// of at least 3*(len(b)+1) ints.
func distance(a, b []rune, k int, row []int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	n := len(b) + 1
	prev2, prev, cur := row[:n], row[n:2*n], row[2*n:3*n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], k+1)
}

// Near reports whether two folded tokens are within the edits a search
// allows between a query token and a name token of that length (see
// maxEdits), the way a near miss matches.
func Near(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > maxFuzzyRunes || len(rb) > maxFuzzyRunes {
		return a == b
	}
	k := maxEdits(min(len(ra), len(rb)))
	return distance(ra, rb, k, make([]int, 3*(len(rb)+1))) <= k
}
