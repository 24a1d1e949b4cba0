package snapshot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

var errShort = errors.New("record cut short")

// recDecoder decodes one chunk's records (see recEncoder). It keeps the
// first error and gives zero values after it: the caller checks err once
// the chunk is read.
type recDecoder struct {
	b    []byte
	p    int
	strs []string
	err  error

	// The small parts of records are cut from slabs, a few allocations
	// a chunk rather than several a record: the collector marks the
	// read model in every cycle, and at a million people its objects,
	// not its bytes, were most of that work.
	citationSlab slab[history.Citation]
	factSlab     slab[history.DatedFact]
	linkSlab     slab[history.Link]
	nameSlab     slab[history.Name]
	partSlab     slab[history.Participation]
}

// slab hands out slices cut from larger arrays. A slice's capacity is
// its length, so that an append to one never writes over the next.
type slab[T any] struct{ free []T }

func (s *slab[T]) take(n int) []T {
	if n == 0 {
		return []T{} // empty, not nil, as it was written
	}
	if n > len(s.free) {
		if n > slabLen/4 {
			return make([]T, n)
		}
		s.free = make([]T, slabLen)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// slabLen is the length of a slab: enough for a few hundred records,
// little to leave unused at the end of a chunk.
const slabLen = 512

// newRecDecoder reads the string table of payload.
func newRecDecoder(payload []byte) *recDecoder {
	d := &recDecoder{b: payload}
	if len(payload) < 4 {
		d.err = errShort
		return d
	}
	n := uint64(binary.LittleEndian.Uint32(payload))
	d.p = 4
	// Every string takes a byte of length at least.
	if n > uint64(len(payload)-d.p) {
		d.err = fmt.Errorf("%d strings in %d bytes", n, len(payload))
		return d
	}
	d.strs = cutStrings[string](d, int(n))
	return d
}

func (d *recDecoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *recDecoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.p:])
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.p += n
	return v
}

func (d *recDecoder) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.p:])
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.p += n
	return v
}

func (d *recDecoder) bool() bool {
	if d.err != nil {
		return false
	}
	if d.p >= len(d.b) || d.b[d.p] > 1 {
		d.fail(errors.New("bad flag"))
		return false
	}
	d.p++
	return d.b[d.p-1] == 1
}

func (d *recDecoder) str() string {
	n := d.uint()
	switch {
	case n == 0:
		return ""
	case n > uint64(len(d.strs)):
		d.fail(fmt.Errorf("string %d of %d", n, len(d.strs)))
		return ""
	}
	return d.strs[n-1]
}

func (d *recDecoder) id() history.ID { return history.ID(d.str()) }

// length reads the length of a slice or map and whether it is nil. An
// element takes a byte at least, which bounds what a damaged length can
// make the reader allocate.
func (d *recDecoder) length() (n int, isNil bool) {
	v := d.uint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(d.b)-d.p) {
		d.fail(fmt.Errorf("%d items in %d bytes", v-1, len(d.b)-d.p))
		return 0, true
	}
	return int(v - 1), false
}

func (d *recDecoder) time() time.Time {
	n := d.uint()
	if d.err != nil {
		return time.Time{}
	}
	if n > uint64(len(d.b)-d.p) {
		d.fail(errShort)
		return time.Time{}
	}
	var t time.Time
	if err := t.UnmarshalBinary(d.b[d.p : d.p+int(n)]); err != nil {
		d.fail(err)
		return time.Time{}
	}
	d.p += int(n)
	return t
}

func (d *recDecoder) float() *float64 {
	if !d.bool() {
		return nil
	}
	if len(d.b)-d.p < 8 {
		d.fail(errShort)
		return nil
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.p:]))
	d.p += 8
	return &f
}

func (d *recDecoder) position() history.Position {
	return history.Position{File: d.str(), Line: int(d.int())}
}

func (d *recDecoder) date() history.Date {
	return history.Date{EDTF: d.str(), Earliest: d.time(), Latest: d.time(), Uncertain: d.bool(), Approximate: d.bool()}
}

func (d *recDecoder) citations() []history.Citation {
	n, isNil := d.length()
	if isNil {
		return nil
	}
	cs := d.citationSlab.take(n)
	for i := range cs {
		cs[i] = history.Citation{Source: d.id(), Locator: d.str()}
	}
	return cs
}

func (d *recDecoder) ids() []history.ID {
	n, isNil := d.length()
	if isNil {
		return nil
	}
	ids := make([]history.ID, n)
	for i := range ids {
		ids[i] = d.id()
	}
	return ids
}

func (d *recDecoder) fact() *history.DatedFact {
	if !d.bool() {
		return nil
	}
	f := &d.factSlab.take(1)[0]
	*f = history.DatedFact{Date: d.date(), Citations: d.citations(), At: d.position()}
	return f
}

func (d *recDecoder) link() history.Link {
	return history.Link{Target: d.id(), Citations: d.citations(), At: d.position()}
}

func (d *recDecoder) optLink() *history.Link {
	if !d.bool() {
		return nil
	}
	l := &d.linkSlab.take(1)[0]
	*l = d.link()
	return l
}

func (d *recDecoder) links() []history.Link {
	n, isNil := d.length()
	if isNil {
		return nil
	}
	ls := d.linkSlab.take(n)
	for i := range ls {
		ls[i] = d.link()
	}
	return ls
}

func (d *recDecoder) names() []history.Name {
	n, isNil := d.length()
	if isNil {
		return nil
	}
	ns := d.nameSlab.take(n)
	for i := range ns {
		ns[i] = history.Name{Text: d.str(), Kind: history.NameKind(d.str()), Lang: d.str(), Citations: d.citations(), At: d.position()}
	}
	return ns
}

func (d *recDecoder) stored() (revision uint64, r *history.Retracted, at history.Position) {
	revision = d.uint()
	if d.bool() {
		r = &history.Retracted{Reason: d.str(), Citations: d.citations(), Revision: d.uint(), At: d.time()}
	}
	return revision, r, d.position()
}

func (d *recDecoder) source(s *history.Source) {
	*s = history.Source{ID: d.id(), Title: d.str(), Author: d.str(), Published: d.date(), Kind: history.SourceKind(d.str()),
		Publisher: d.str(), URL: d.str(), Description: d.str(), Text: d.str()}
	s.Revision, s.Retracted, s.At = d.stored()
}

func (d *recDecoder) entity(x *history.Entity) {
	*x = history.Entity{ID: d.id(), Kind: history.Kind(d.str()), Name: d.str(), Type: d.str(), Description: d.str(), Wikidata: d.str(),
		Names: d.names(), Born: d.fact(), Died: d.fact(), Date: d.fact(), Ended: d.fact(), Citations: d.citations()}
	x.Revision, x.Retracted, x.At = d.stored()
}

func (d *recDecoder) event(x *history.Event) {
	*x = history.Event{ID: d.id(), Name: d.str(), Type: d.str(), Description: d.str(), Date: d.fact(), Place: d.optLink(), Parent: d.optLink()}
	if n, isNil := d.length(); !isNil {
		x.Participants = d.partSlab.take(n)
		for i := range x.Participants {
			x.Participants[i] = history.Participation{Entity: d.id(), Role: history.Role(d.str()), Citations: d.citations(), At: d.position()}
		}
	}
	x.Causes, x.Consequences, x.Names, x.Citations = d.links(), d.links(), d.names(), d.citations()
	x.Revision, x.Retracted, x.At = d.stored()
}

func (d *recDecoder) relation(x *history.Relation) {
	*x = history.Relation{ID: d.id(), Subject: d.id(), Type: history.RelationType(d.str()), Object: d.id(),
		Start: d.fact(), End: d.fact(), Note: d.str(), Citations: d.citations()}
	x.Revision, x.Retracted, x.At = d.stored()
}

func (d *recDecoder) claim(x *history.Claim) {
	*x = history.Claim{ID: d.id(), Subject: d.id(), Property: d.str()}
	if d.bool() {
		x.Quantity = &history.Quantity{Value: d.float(), Low: d.float(), High: d.float(), Approximate: d.bool()}
	}
	x.DateValue, x.Entities, x.Unit, x.Time = d.date(), d.ids(), d.str(), d.fact()
	if n, isNil := d.length(); !isNil {
		x.Qualifiers = make(map[string]string, n)
		for range n {
			k := d.str()
			x.Qualifiers[k] = d.str()
		}
	}
	x.Contradicts, x.Note, x.Citations = d.ids(), d.str(), d.citations()
	x.Revision, x.Retracted, x.At = d.stored()
}
