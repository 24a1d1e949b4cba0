package strpool

import "strings"

// window is how many distinct strings a Pool remembers for sharing. A
// million people's dataset has tens of millions of strings, most of them
// seen once (ids, names, locators); remembering them all made a map of
// millions of entries whose lookups missed the cache and whose growth
// copied it, and reading the store took a third longer. The strings worth
// sharing (kinds, types, sources, roles, templated descriptions) recur
// within any few thousand, so a bounded memory keeps them shared.
const window = 1 << 16

// blockSize is the size of the blocks a Pool packs strings into: large
// enough that a million people's strings make a few thousand blocks, small
// enough that the last, part-filled one wastes little.
const blockSize = 64 << 10

// Pool copies the strings it is handed side by side into large blocks, and
// hands out one copy for equal strings that recur within a window of
// 65,536 distinct ones. The zero Pool is ready to use; it is not safe for
// concurrent use.
type Pool struct {
	seen  map[string]string
	block strings.Builder
}

// Intern returns a string equal to s, held in the pool's blocks: the one
// returned for an equal string before, when that was within the window.
func (p *Pool) Intern(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := p.seen[s]; ok {
		return c
	}
	switch {
	case p.seen == nil:
		p.seen = map[string]string{}
	case len(p.seen) >= window:
		clear(p.seen) // keeps its room, so it never grows again
	}
	c := p.Copy(s)
	p.seen[c] = c
	return c
}

// Copy returns a copy of s held in the pool's blocks, without looking for
// an equal string or remembering this one: for strings known to be new.
func (p *Pool) Copy(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > blockSize/16:
		return strings.Clone(s) // a long text would leave most of a block empty
	}
	if p.block.Cap()-p.block.Len() < len(s) {
		// The strings already cut from the old block keep it alive.
		p.block = strings.Builder{}
		p.block.Grow(blockSize)
	}
	start := p.block.Len()
	p.block.WriteString(s)
	// The builder only appends within its capacity, so the bytes of the
	// strings cut from it before never change.
	return p.block.String()[start:]
}

// Remembered is how many distinct strings the pool would share now.
func (p *Pool) Remembered() int { return len(p.seen) }
