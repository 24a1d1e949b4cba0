package strpool

import "strings"

// blockSize is the size of the blocks a Pool packs strings into: large
// enough that a million people's strings make a few thousand blocks, small
// enough that the last, part-filled one wastes little.
const blockSize = 64 << 10

// Pool gives one copy of each distinct string it is handed, packed side by
// side into large blocks. The zero Pool is ready to use; it is not safe for
// concurrent use.
type Pool struct {
	seen  map[string]string
	block strings.Builder
}

// Intern returns a string equal to s that shares its memory with every
// other string the pool returned equal to it.
func (p *Pool) Intern(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := p.seen[s]; ok {
		return c
	}
	if p.seen == nil {
		p.seen = map[string]string{}
	}
	var c string
	if len(s) > blockSize/16 {
		c = strings.Clone(s) // a long text would leave most of a block empty
	} else {
		if p.block.Cap()-p.block.Len() < len(s) {
			// The strings already cut from the old block keep it alive.
			p.block = strings.Builder{}
			p.block.Grow(blockSize)
		}
		start := p.block.Len()
		p.block.WriteString(s)
		// The builder only appends within its capacity, so the bytes of
		// the strings cut from it before never change.
		c = p.block.String()[start:]
	}
	p.seen[c] = c
	return c
}

// Len is the number of distinct strings in the pool.
func (p *Pool) Len() int { return len(p.seen) }
