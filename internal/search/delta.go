package search

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// delta is what the changes applied to an index since its base was built
// left different: the base's entries of the entities that changed or went,
// no longer counted, and the entries of the changed entities as they are
// now, in a few small indexes of their own (segments). A search asks the
// base and every segment for its best hits, each leaving out the entries
// it no longer counts, and merges them by score. Segments are merged as
// they accumulate, two of about the same size at a time, so that there are
// few of them and each entry is indexed again only a few times.
//
// A delta is immutable: Apply makes a new one, sharing the segments it
// does not change; the base is never copied.
type delta struct {
	dead  cow.Bits  // the base's entries no longer counted
	segs  []segment // oldest first
	where cow.Map[history.ID, loc]
	next  int32 // the serial of the next segment
}

// segment is a small index over changed entries. Its own entries are
// dead once their entity changes again or goes.
type segment struct {
	serial  int32
	ix      *Index
	entries []Entry
	dead    cow.Bits
	live    int
}

// loc is where an entity's current entry is: a segment, by serial, and
// the entry in it.
type loc struct {
	seg, entry int32
}

// maxMerged bounds the segments merged when a change is applied, so that
// the work one change does stays small; larger ones wait for the base to
// be rebuilt.
const maxMerged = 1 << 11

// Apply returns an index in which the entries of the entities and events
// the edits name are replaced by their new versions, or gone: a search
// finds exactly what it would find in an index built from the records the
// change left. ix is unchanged and may still be searched. An edit's Old
// must be the record ix indexed under its id (nil if none).
func (ix *Index) Apply(ed *history.Edits) *Index {
	base, d := ix, &delta{where: cow.NewMap[history.ID, loc](cow.HashString)}
	if ix.d != nil {
		base, d = ix.base, ix.d
	}
	a := deltaEdit{base: base, d: *d, dead: d.dead.Edit(), where: d.where.Edit(), segDead: map[int32]*cow.BitsEdit{}}
	a.d.segs = slices.Clone(d.segs)
	var put []Entry
	// An entry the change leaves as it was (a citation or a date
	// corrected) stays where it is.
	for _, e := range ed.Entities {
		if e.Old != nil && e.New != nil && reflect.DeepEqual(entityEntry(e.Old), entityEntry(e.New)) {
			continue
		}
		if e.Old != nil {
			a.kill(e.ID, e.Old.Kind)
		}
		if e.New != nil {
			put = append(put, entityEntry(e.New))
		}
	}
	for _, e := range ed.Events {
		if e.Old != nil && e.New != nil && reflect.DeepEqual(eventEntry(e.Old), eventEntry(e.New)) {
			continue
		}
		if e.Old != nil {
			a.kill(e.ID, history.KindEvent)
		}
		if e.New != nil {
			put = append(put, eventEntry(e.New))
		}
	}
	a.seal()
	if len(put) > 0 {
		a.add(put)
	}
	a.merge()
	out := a.d
	out.dead, out.where = a.dead.Done(), a.where.Done()
	return &Index{base: base, d: &out}
}

// deltaEdit builds a new delta from an old one.
type deltaEdit struct {
	base    *Index
	d       delta
	dead    *cow.BitsEdit
	where   *cow.MapEdit[history.ID, loc]
	segDead map[int32]*cow.BitsEdit // by serial: the dead entries of segments this edit touched
}

// kill stops counting the current entry of id, of the given kind.
func (a *deltaEdit) kill(id history.ID, kind history.Kind) {
	if l, ok := a.where.Get(id); ok {
		i := a.segment(l.seg)
		s := &a.d.segs[i]
		bits := a.segDead[s.serial]
		if bits == nil {
			bits = s.dead.Edit()
			a.segDead[s.serial] = bits
		}
		bits.Set(l.entry)
		s.live--
		a.where.Delete(id)
		return
	}
	if e, ok := a.base.entry(kind, id); ok {
		a.dead.Set(e)
	}
}

// segment returns the place of the segment with the given serial.
func (a *deltaEdit) segment(serial int32) int {
	i, _ := slices.BinarySearchFunc(a.d.segs, serial, func(s segment, x int32) int { return cmp.Compare(s.serial, x) })
	return i
}

// seal gives the segments the dead entries this edit marked.
func (a *deltaEdit) seal() {
	for i := range a.d.segs {
		s := &a.d.segs[i]
		if bits := a.segDead[s.serial]; bits != nil {
			s.dead = bits.Done()
		}
	}
	a.segDead = map[int32]*cow.BitsEdit{}
}

// add indexes entries as a new segment.
func (a *deltaEdit) add(entries []Entry) {
	s := segment{serial: a.d.next, ix: NewIndex(entries), entries: entries, live: len(entries)}
	a.d.next++
	for i, e := range entries {
		a.where.Set(e.ID, loc{seg: s.serial, entry: int32(i)})
	}
	a.d.segs = append(a.d.segs, s)
}

// merge drops the segments with no live entry and merges the newest two
// while they are of about the same size, within maxMerged entries.
func (a *deltaEdit) merge() {
	a.d.segs = slices.DeleteFunc(a.d.segs, func(s segment) bool { return s.live == 0 })
	for n := len(a.d.segs); n >= 2; n = len(a.d.segs) {
		x, y := a.d.segs[n-2], a.d.segs[n-1]
		if x.live > 2*y.live || x.live+y.live > maxMerged {
			return
		}
		var entries []Entry
		for _, s := range []segment{x, y} {
			for i, e := range s.entries {
				if !s.dead.Has(int32(i)) {
					entries = append(entries, e)
				}
			}
		}
		a.d.segs = a.d.segs[:n-2]
		a.add(entries)
	}
}

// entry finds the entry of id, of the given kind, by its rank.
func (ix *Index) entry(kind history.Kind, id history.ID) (int32, bool) {
	if kind == "" {
		kind = id.Kind()
	}
	code := kindCode(kind)
	i := sort.Search(len(ix.byRank), func(i int) bool {
		e := ix.byRank[i]
		return cmp.Or(cmp.Compare(ix.kinds[e], code), cmp.Compare(ix.ids[e], id)) >= 0
	})
	if i < len(ix.byRank) && ix.ids[ix.byRank[i]] == id && ix.kinds[ix.byRank[i]] == code {
		return ix.byRank[i], true
	}
	return 0, false
}

// part is one index a search of a changed index asks, and the entries of
// it that no longer count.
type part struct {
	ix   *Index
	dead cow.Bits
}

// searchDelta searches the base and the segments and merges their hits.
func (ix *Index) searchDelta(ctx context.Context, all []string, mask uint64, first int, exhaustive bool) []Hit {
	parts := []part{{ix.base, ix.d.dead}}
	for _, s := range ix.d.segs {
		parts = append(parts, part{s.ix, s.dead})
	}
	w := within{prefixEnd: prefixBounds(parts, all)}
	var hits []Hit
	for _, p := range parts {
		w.dead = p.dead
		hits = append(hits, p.ix.searchTokens(ctx, all, mask, first, exhaustive, &w)...)
	}
	if ctx.Err() != nil || len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(kindCode(a.Kind), kindCode(b.Kind)), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(len(hits), first)]
}

// prefixBounds works out where the prefixes of each query token stop, as
// an index built from the live entries of every part would stop them: at
// the first maxPrefixTokens+1 tokens that begin with it, counting only
// tokens some live entry holds. A token is left out when no part holds
// more than that many tokens beginning with it, together.
func prefixBounds(parts []part, all []string) map[string]string {
	var out map[string]string
	var distinct []string
	for _, q := range all {
		if len(distinct) == maxQueryTokens || slices.Contains(distinct, q) {
			continue
		}
		distinct = append(distinct, q)
		if utf8.RuneCountInString(q) < minPrefixRunes {
			continue
		}
		type span struct{ at, end int }
		spans := make([]span, len(parts))
		total := 0
		for i, p := range parts {
			spans[i].at, spans[i].end = p.ix.prefixRange(q)
			total += spans[i].end - spans[i].at
		}
		if total <= maxPrefixTokens+1 {
			continue
		}
		// Walk the parts' tokens in order, each once, until the last one
		// that an index of them all would match.
		var last string
		for count := 0; count <= maxPrefixTokens; {
			tok, found := "", false
			for i, p := range parts {
				if s := spans[i]; s.at < s.end && (!found || p.ix.vocab[s.at] < tok) {
					tok, found = p.ix.vocab[s.at], true
				}
			}
			if !found {
				break
			}
			live := false
			for i, p := range parts {
				if s := &spans[i]; s.at < s.end && p.ix.vocab[s.at] == tok {
					live = live || p.ix.held(int32(s.at), p.dead)
					s.at++
				}
			}
			if live {
				last = tok
				count++
			}
		}
		if out == nil {
			out = map[string]string{}
		}
		out[q] = last
	}
	return out
}

// prefixRange returns the tokens that begin with q: vocab[at:end].
func (ix *Index) prefixRange(q string) (at, end int) {
	at = sort.SearchStrings(ix.vocab, q)
	end = at + sort.Search(len(ix.vocab)-at, func(i int) bool { return !strings.HasPrefix(ix.vocab[at+i], q) })
	return at, end
}

// held reports whether some entry not in dead holds token t.
func (ix *Index) held(t int32, dead cow.Bits) bool {
	if dead.Empty() {
		return true
	}
	for _, n := range ix.post[ix.postOff[t]:ix.postOff[t+1]] {
		if !dead.Has(ix.nameEntry[n]) {
			return true
		}
	}
	return false
}
