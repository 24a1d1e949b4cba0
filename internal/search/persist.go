package search

import (
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
)

// Frozen is what a built index holds, in plain fields, so that a snapshot
// can write it and read it back instead of building the index again.
type Frozen struct {
	IDs                    []history.ID
	Kinds                  []uint8
	Rank                   []int32
	NameEntry              []int32
	NameText               []string
	NameKind               []uint8
	MatchKinds             []string
	TypeKind               int
	NameOff, NameTok       []int32
	Vocab                  []string
	PostOff, Post          []int32
	DelDir                 []int32
	DelFP                  []uint32
	DelTok                 []int32
	DelBits                uint
	ReadBestMin, FirstStep int32
	ByRank                 []int32
}

// Freeze returns what ix holds, and false for an index that changes were
// applied to: only a built index is written, the one NewIndex gives.
func (ix *Index) Freeze() (Frozen, bool) {
	if ix.d != nil || ix.base != nil {
		return Frozen{}, false
	}
	return Frozen{
		IDs: ix.ids, Kinds: ix.kinds, Rank: ix.rank,
		NameEntry: ix.nameEntry, NameText: ix.nameText, NameKind: ix.nameKind, MatchKinds: ix.matchKinds, TypeKind: ix.typeKind,
		NameOff: ix.nameOff, NameTok: ix.nameTok,
		Vocab: ix.vocab, PostOff: ix.postOff, Post: ix.post,
		DelDir: ix.delDir, DelFP: ix.delFP, DelTok: ix.delTok, DelBits: ix.delBits,
		ReadBestMin: ix.readBestMin, FirstStep: ix.firstStep, ByRank: ix.byRank,
	}, true
}

// Thaw returns the index f holds. It checks that every number in f
// points inside what it numbers, so that no bytes can make a search read
// out of range; it cannot check that f is the index of any records.
func Thaw(f Frozen) (*Index, error) {
	if err := f.check(); err != nil {
		return nil, history.Wrap(history.CodeCorrupt, "read the name index", err)
	}
	ix := &Index{
		ids: f.IDs, kinds: f.Kinds, rank: f.Rank,
		nameEntry: f.NameEntry, nameText: f.NameText, nameKind: f.NameKind, matchKinds: f.MatchKinds, typeKind: f.TypeKind,
		nameOff: f.NameOff, nameTok: f.NameTok,
		vocab: f.Vocab, postOff: f.PostOff, post: f.Post,
		delDir: f.DelDir, delFP: f.DelFP, delTok: f.DelTok, delBits: f.DelBits,
		readBestMin: f.ReadBestMin, firstStep: f.FirstStep, byRank: f.ByRank,
	}
	names, vocab, n := len(ix.nameText), len(ix.vocab), len(ix.ids)
	ix.pool.New = func() any { return newScratch(names, vocab, n) }
	return ix, nil
}

func (f *Frozen) check() error {
	n, names, vocab := len(f.IDs), len(f.NameText), len(f.Vocab)
	switch {
	case len(f.Kinds) != n || len(f.Rank) != n || len(f.ByRank) != n:
		return fmt.Errorf("%d entries, %d kinds, %d ranks", n, len(f.Kinds), len(f.Rank))
	case len(f.NameEntry) != names || len(f.NameKind) != names || len(f.NameOff) != names+1:
		return fmt.Errorf("%d names, %d entries of names, %d offsets", names, len(f.NameEntry), len(f.NameOff))
	case len(f.PostOff) != vocab+1:
		return fmt.Errorf("%d tokens, %d posting offsets", vocab, len(f.PostOff))
	case f.DelBits > 30 || len(f.DelDir) != 1<<f.DelBits+1 || len(f.DelFP) != len(f.DelTok):
		return fmt.Errorf("deletion index of %d bits, %d buckets", f.DelBits, len(f.DelDir))
	case f.TypeKind < -1 || f.TypeKind >= len(f.MatchKinds) || len(f.MatchKinds) == 0 || f.ReadBestMin < 1 || f.FirstStep < 1:
		return fmt.Errorf("match kind %d of %d", f.TypeKind, len(f.MatchKinds))
	}
	inRange := func(what string, xs []int32, hi int) error {
		for _, x := range xs {
			if x < 0 || int(x) >= hi {
				return fmt.Errorf("%s %d out of 0..%d", what, x, hi)
			}
		}
		return nil
	}
	offsets := func(what string, off []int32, hi int) error {
		if off[0] != 0 || int(off[len(off)-1]) != hi {
			return fmt.Errorf("%s offsets do not span %d", what, hi)
		}
		for i := 1; i < len(off); i++ {
			if off[i] < off[i-1] {
				return fmt.Errorf("%s offsets go down at %d", what, i)
			}
		}
		return nil
	}
	for _, err := range []error{
		inRange("rank", f.Rank, n), inRange("entry", f.ByRank, n), inRange("entry", f.NameEntry, n),
		inRange("token", f.NameTok, vocab), inRange("name", f.Post, names), inRange("token", f.DelTok, vocab),
		offsets("name", f.NameOff, len(f.NameTok)), offsets("posting", f.PostOff, len(f.Post)), offsets("deletion", f.DelDir, len(f.DelFP)),
	} {
		if err != nil {
			return err
		}
	}
	for _, k := range f.NameKind {
		if int(k) >= len(f.MatchKinds) {
			return fmt.Errorf("match kind %d of %d", k, len(f.MatchKinds))
		}
	}
	return nil
}
