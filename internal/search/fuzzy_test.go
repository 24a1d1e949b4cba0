package search

import (
	"math/rand/v2"
	"testing"

	"github.com/agnivade/levenshtein"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want int
	}{
		{"zinoviev", "zinoview", 2, 1},
		{"ezhov", "yezhov", 1, 1},
		{"beria", "beriya", 1, 1},
		{"trotsky", "trotksy", 1, 1}, // a swap of neighbours is one edit
		{"bukharin", "bucharinn", 2, 2},
		{"kamenev", "zinoviev", 2, 3}, // over the bound: k+1
		{"", "abc", 3, 3},
		{"ежов", "ежев", 1, 1},
		{"same", "same", 0, 0},
		{"abcd", "abcdefgh", 2, 3}, // lengths alone rule it out
	}
	row := make([]int, 3*(maxFuzzyRunes+1))
	for _, tt := range tests {
		if got := distance([]rune(tt.a), []rune(tt.b), tt.k, row); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}

// TestDistanceAgainstLevenshtein compares the bounded distance with plain
// Levenshtein on random strings: swaps make it at most as large, and each
// swap saves at most one edit of two, so Levenshtein is at most double.
func TestDistanceAgainstLevenshtein(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	row := make([]int, 3*(maxFuzzyRunes+1))
	word := func() string {
		b := make([]rune, r.IntN(10))
		for i := range b {
			b[i] = []rune("abcеж")[r.IntN(5)]
		}
		return string(b)
	}
	for range 5000 {
		a, b := word(), word()
		osa := distance([]rune(a), []rune(b), 20, row)
		lev := levenshtein.ComputeDistance(a, b)
		if osa > lev || lev > 2*osa {
			t.Fatalf("%q, %q: optimal alignment %d, Levenshtein %d", a, b, osa, lev)
		}
		for k := range 3 {
			got := distance([]rune(a), []rune(b), k, row)
			if want := min(osa, k+1); got != want {
				t.Fatalf("distance(%q, %q, %d) = %d, want %d", a, b, k, got, want)
			}
		}
	}
}

// TestDeletionsMeet checks what the fuzzy index relies on: two strings
// within k edits share a hash in their deletion neighbourhoods.
func TestDeletionsMeet(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	row := make([]int, 3*(maxFuzzyRunes+1))
	word := func() []rune {
		b := make([]rune, 4+r.IntN(8))
		for i := range b {
			b[i] = rune('a' + r.IntN(4))
		}
		return b
	}
	edit := func(w []rune) []rune {
		w = append([]rune(nil), w...)
		switch i := r.IntN(len(w)); r.IntN(4) {
		case 0:
			w[i] = rune('a' + r.IntN(4))
		case 1:
			w = append(w[:i], w[i+1:]...)
		case 2:
			w = append(w[:i], append([]rune{rune('a' + r.IntN(4))}, w[i:]...)...)
		default:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
		return w
	}
	for range 3000 {
		a := word()
		b := a
		k := 1 + r.IntN(2)
		for range k {
			b = edit(b)
		}
		if distance(a, b, k, row) > k {
			continue // the edits happened to compose into more
		}
		keys := map[uint64]bool{}
		deletions(a, k, func(h uint64) { keys[h] = true })
		met := false
		deletions(b, k, func(h uint64) { met = met || keys[h] })
		if !met {
			t.Fatalf("%q and %q are within %d edits but share no deletion", string(a), string(b), k)
		}
	}
}

// TestDeletionHashes checks that the hash deletions gives a string with
// runes deleted is the hash of that string itself, whichever runes were
// deleted to make it: the fuzzy index depends on equal strings hashing
// alike.
func TestDeletionHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 15))
	self := func(rs []rune) uint64 {
		var h uint64
		deletions(rs, 0, func(x uint64) { h = x })
		return h
	}
	for range 500 {
		rs := make([]rune, 1+r.IntN(maxFuzzyRunes))
		for i := range rs {
			rs[i] = []rune("abжё")[r.IntN(4)]
		}
		got := map[uint64]bool{}
		deletions(rs, 2, func(h uint64) { got[h] = true })
		want := map[uint64]bool{self(rs): true}
		for i := range rs {
			want[self(append(append([]rune{}, rs[:i]...), rs[i+1:]...))] = true
			for j := i + 1; j < len(rs); j++ {
				d := append(append(append([]rune{}, rs[:i]...), rs[i+1:j]...), rs[j+1:]...)
				want[self(d)] = true
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d distinct hashes, want %d", string(rs), len(got), len(want))
		}
		for h := range want {
			if !got[h] {
				t.Fatalf("%q: a deletion's hash differs from the hash of the deleted string", string(rs))
			}
		}
	}
}
