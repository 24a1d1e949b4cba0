package store

import (
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/schema"
)

// A record rewritten by a change keeps the quads it had and still has,
// and gains or loses the others: each quad written or removed costs bolt
// a page or two (its node's reference count, its index entries), so
// rewriting a whole record to correct one field would cost ten times what
// the field does. Order makes the exception: lists and citations are
// read back in the order their quads were written, and a quad added now
// comes after every quad stored. Where keeping some quads and adding
// others would read back in another order, the list is written again
// whole.

// orderKey names the list a quad belongs to, where the order of quads
// matters: a node's citations, a record's names, participants, causes or
// consequences written as direct triples. ok is false for a quad whose
// position does not matter.
type orderKey struct {
	subject quad.Value
	list    string
}

func orderOf(q quad.Quad) (orderKey, bool) {
	info := vocabulary[q.Predicate]
	list := ""
	switch {
	case info.t == schema.Locator:
		list = "citations"
	case info.t == schema.Cause, info.t == schema.Consequence:
		list = string(info.t)
	case info.nameKind != "":
		list = "names"
	case info.partRole != "":
		list = "participants"
	}
	return orderKey{q.Subject, list}, list != ""
}

// readOrder is a list as the store reads it back: a statement inside a
// record is written once per source it cites, and counts where it first
// appears; a citation is its locator and source.
func readOrder(qq []quad.Quad) []quad.Quad {
	out := make([]quad.Quad, 0, len(qq))
	seen := map[[2]quad.Value]bool{}
	for _, q := range qq {
		k := [2]quad.Value{q.Predicate, q.Object}
		if q.Predicate == term(schema.Locator) {
			out = append(out, q)
			continue
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, quad.Quad{Predicate: q.Predicate, Object: q.Object})
		}
	}
	return out
}

// recordDelta returns the quads to remove and to add to turn a record's
// stored quads (old, in stored order) into its new ones (now, in the
// order of writing). With whole, every old quad goes and every new one
// is added.
func recordDelta(old, now []quad.Quad, whole bool) (del, add []quad.Quad) {
	if whole {
		return old, now
	}
	had := make(map[quad.Quad]bool, len(old))
	for _, q := range old {
		had[q] = true
	}
	has := make(map[quad.Quad]bool, len(now))
	for _, q := range now {
		has[q] = true
	}
	// The lists whose kept quads and added quads would not read back in
	// their new order are written again whole.
	oldLists, newLists := map[orderKey][]quad.Quad{}, map[orderKey][]quad.Quad{}
	for _, q := range old {
		if k, ok := orderOf(q); ok {
			oldLists[k] = append(oldLists[k], q)
		}
	}
	for _, q := range now {
		if k, ok := orderOf(q); ok {
			newLists[k] = append(newLists[k], q)
		}
	}
	again := map[orderKey]bool{}
	for k, nl := range newLists {
		var after []quad.Quad
		for _, q := range oldLists[k] {
			if has[q] {
				after = append(after, q)
			}
		}
		for _, q := range nl {
			if !had[q] {
				after = append(after, q)
			}
		}
		if !slices.Equal(readOrder(after), readOrder(nl)) {
			again[k] = true
		}
	}
	rewrite := func(q quad.Quad) bool {
		k, ok := orderOf(q)
		return ok && again[k]
	}
	for _, q := range old {
		if !has[q] || rewrite(q) {
			del = append(del, q)
		}
	}
	for _, q := range now {
		if !had[q] || rewrite(q) {
			add = append(add, q)
		}
	}
	return del, add
}
