package snapshot

import "github.com/memoria-history/memoria/internal/search"

// frozen is what names holds, if it is an index to keep.
func frozen(names *search.Index) (search.Frozen, bool) {
	if names == nil {
		return search.Frozen{}, false
	}
	return names.Freeze()
}

// nameParts are the fields of f, in the order a snapshot holds them, one
// chunk each: the part number is the chunk's record count.
func nameParts(f *search.Frozen) []any {
	return []any{
		&f.IDs, &f.Kinds, &f.Rank, &f.NameEntry, &f.NameText, &f.NameKind, &f.MatchKinds, &f.TypeKind,
		&f.NameOff, &f.NameTok, &f.Vocab, &f.PostOff, &f.Post, &f.DelDir, &f.DelFP, &f.DelTok, &f.DelBits,
		&f.ReadBestMin, &f.FirstStep, &f.ByRank,
	}
}
