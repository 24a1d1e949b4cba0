package snapshot

import (
	"encoding/binary"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

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

// A part of the name index is written as it lies in memory: a number as
// a varint; a slice as its length plus one (0 for nil), then its numbers
// little-endian at their width, or its strings' lengths (uvarint) and
// then their bytes, which a reader turns into one string and cuts the
// strings from. Decoding gob's varints and allocating each string took
// most of the time a start spent on the name index.

// encodePart appends the part p to b.
func encodePart(b []byte, p any) []byte {
	le := binary.LittleEndian
	length := func(n int, isNil bool) {
		if isNil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(n)+1)
		}
	}
	switch p := p.(type) {
	case *int:
		b = binary.AppendVarint(b, int64(*p))
	case *uint:
		b = binary.AppendUvarint(b, uint64(*p))
	case *int32:
		b = binary.AppendVarint(b, int64(*p))
	case *[]uint8:
		length(len(*p), *p == nil)
		b = append(b, *p...)
	case *[]int32:
		length(len(*p), *p == nil)
		for _, x := range *p {
			b = le.AppendUint32(b, uint32(x))
		}
	case *[]uint32:
		length(len(*p), *p == nil)
		for _, x := range *p {
			b = le.AppendUint32(b, x)
		}
	case *[]string:
		length(len(*p), *p == nil)
		for _, s := range *p {
			b = binary.AppendUvarint(b, uint64(len(s)))
		}
		for _, s := range *p {
			b = append(b, s...)
		}
	case *[]history.ID:
		length(len(*p), *p == nil)
		for _, s := range *p {
			b = binary.AppendUvarint(b, uint64(len(s)))
		}
		for _, s := range *p {
			b = append(b, s...)
		}
	default:
		panic(fmt.Sprintf("snapshot: a part of the name index of type %T", p))
	}
	return b
}

// decodePart reads the part p from b, all of it.
func decodePart(b []byte, p any) error {
	d := &recDecoder{b: b}
	le := binary.LittleEndian
	// fixed reads a slice of n numbers of width bytes each.
	fixed := func(width int) ([]byte, int, bool) {
		n, isNil := d.length()
		if isNil || d.err != nil {
			return nil, 0, isNil
		}
		if uint64(n)*uint64(width) > uint64(len(b)-d.p) {
			d.fail(errShort)
			return nil, 0, true
		}
		raw := b[d.p : d.p+n*width]
		d.p += n * width
		return raw, n, false
	}
	switch p := p.(type) {
	case *int:
		*p = int(d.int())
	case *uint:
		*p = uint(d.uint())
	case *int32:
		v := d.int()
		if int64(int32(v)) != v {
			d.fail(fmt.Errorf("%d is not an int32", v))
		}
		*p = int32(v)
	case *[]uint8:
		if raw, _, isNil := fixed(1); !isNil {
			*p = append(make([]uint8, 0, len(raw)), raw...)
		}
	case *[]int32:
		if raw, n, isNil := fixed(4); !isNil {
			*p = make([]int32, n)
			for i := range *p {
				(*p)[i] = int32(le.Uint32(raw[4*i:]))
			}
		}
	case *[]uint32:
		if raw, n, isNil := fixed(4); !isNil {
			*p = make([]uint32, n)
			for i := range *p {
				(*p)[i] = le.Uint32(raw[4*i:])
			}
		}
	case *[]string:
		*p = decodeStrings[string](d)
	case *[]history.ID:
		*p = decodeStrings[history.ID](d)
	default:
		return fmt.Errorf("a part of type %T", p)
	}
	if d.err == nil && d.p != len(b) {
		d.err = fmt.Errorf("%d bytes after the part", len(b)-d.p)
	}
	return d.err
}

// decodeStrings reads a slice of strings, all cut from one.
func decodeStrings[S ~string](d *recDecoder) []S {
	n, isNil := d.length()
	if isNil || d.err != nil {
		return nil
	}
	return cutStrings[S](d, n)
}

// cutStrings reads the lengths of n strings and then their bytes, and
// cuts the strings from one: a chunk's or a part's strings are one
// allocation, not one each.
func cutStrings[S ~string](d *recDecoder, n int) []S {
	lens := make([]uint64, n)
	total := uint64(0)
	for i := range lens {
		lens[i] = d.uint()
		total += lens[i]
		if lens[i] > uint64(len(d.b)) || total > uint64(len(d.b)-d.p) {
			d.fail(errShort)
		}
		if d.err != nil {
			return nil
		}
	}
	blob := string(d.b[d.p : d.p+int(total)])
	d.p += int(total)
	out := make([]S, n)
	at := uint64(0)
	for i, l := range lens {
		out[i] = S(blob[at : at+l])
		at += l
	}
	return out
}
