package snapshot

import (
	"encoding/binary"
	"math"
	"slices"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// A chunk of records is written field by field, without reflection: gob
// decoded a million people in tens of seconds, most of it finding its way
// through the types and giving every string an allocation of its own.
//
//	payload: strings uint32, the length of each (uvarint), their bytes
//	         one after the other, then the records
//
// A record's strings are numbers into the chunk's table (0 is "", n is
// the table's n-1th), so that a reader turns the table's bytes into one
// string and cuts every string of the chunk from it, and equal strings of
// a chunk (kinds, roles, sources, types) are held once. A slice or a map
// is its length plus one (0 for nil), an optional value a byte 0 or 1, an
// integer a varint, a float its bits, a time its MarshalBinary form
// behind its length.

// recEncoder encodes one chunk's records.
type recEncoder struct {
	body    []byte
	strings map[string]uint64
	table   []string
}

func newRecEncoder() *recEncoder { return &recEncoder{strings: map[string]uint64{}} }

// payload returns the chunk's payload and makes the encoder ready for the
// next chunk.
func (e *recEncoder) payload() []byte {
	out := binary.LittleEndian.AppendUint32(nil, uint32(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range e.table {
		out = append(out, s...)
	}
	out = append(out, e.body...)
	e.body, e.table = e.body[:0], e.table[:0]
	clear(e.strings)
	return out
}

func (e *recEncoder) uint(v uint64) { e.body = binary.AppendUvarint(e.body, v) }
func (e *recEncoder) int(v int64)   { e.body = binary.AppendVarint(e.body, v) }

func (e *recEncoder) bool(b bool) {
	if b {
		e.body = append(e.body, 1)
	} else {
		e.body = append(e.body, 0)
	}
}

func (e *recEncoder) str(s string) {
	if s == "" {
		e.uint(0)
		return
	}
	n, ok := e.strings[s]
	if !ok {
		e.table = append(e.table, s)
		n = uint64(len(e.table))
		e.strings[s] = n
	}
	e.uint(n)
}

// length writes the length of a slice or map, nil apart from empty.
func (e *recEncoder) length(n int, isNil bool) {
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (e *recEncoder) time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil {
		// Only a zone offset that is not a whole minute fails, which
		// no date of the model has; the time is kept in UTC then.
		b, _ = t.UTC().MarshalBinary()
	}
	e.uint(uint64(len(b)))
	e.body = append(e.body, b...)
}

func (e *recEncoder) float(f *float64) {
	e.bool(f != nil)
	if f != nil {
		e.body = binary.LittleEndian.AppendUint64(e.body, math.Float64bits(*f))
	}
}

func (e *recEncoder) position(p history.Position) {
	e.str(p.File)
	e.int(int64(p.Line))
}

func (e *recEncoder) date(d history.Date) {
	e.str(d.EDTF)
	e.time(d.Earliest)
	e.time(d.Latest)
	e.bool(d.Uncertain)
	e.bool(d.Approximate)
}

func (e *recEncoder) citations(cs []history.Citation) {
	e.length(len(cs), cs == nil)
	for _, c := range cs {
		e.str(string(c.Source))
		e.str(c.Locator)
	}
}

func (e *recEncoder) ids(ids []history.ID) {
	e.length(len(ids), ids == nil)
	for _, id := range ids {
		e.str(string(id))
	}
}

func (e *recEncoder) fact(f *history.DatedFact) {
	e.bool(f != nil)
	if f != nil {
		e.date(f.Date)
		e.citations(f.Citations)
		e.position(f.At)
	}
}

func (e *recEncoder) link(l history.Link) {
	e.str(string(l.Target))
	e.citations(l.Citations)
	e.position(l.At)
}

func (e *recEncoder) optLink(l *history.Link) {
	e.bool(l != nil)
	if l != nil {
		e.link(*l)
	}
}

func (e *recEncoder) links(ls []history.Link) {
	e.length(len(ls), ls == nil)
	for _, l := range ls {
		e.link(l)
	}
}

func (e *recEncoder) names(ns []history.Name) {
	e.length(len(ns), ns == nil)
	for _, n := range ns {
		e.str(n.Text)
		e.str(string(n.Kind))
		e.str(n.Lang)
		e.citations(n.Citations)
		e.position(n.At)
	}
}

// stored writes what every record ends with: the revision that wrote it,
// its retraction and where it was read from.
func (e *recEncoder) stored(revision uint64, r *history.Retracted, at history.Position) {
	e.uint(revision)
	e.bool(r != nil)
	if r != nil {
		e.str(r.Reason)
		e.citations(r.Citations)
		e.uint(r.Revision)
		e.time(r.At)
	}
	e.position(at)
}

func (e *recEncoder) source(s *history.Source) {
	e.str(string(s.ID))
	e.str(s.Title)
	e.str(s.Author)
	e.date(s.Published)
	e.str(string(s.Kind))
	e.str(s.Publisher)
	e.str(s.URL)
	e.str(s.Description)
	e.str(s.Text)
	e.stored(s.Revision, s.Retracted, s.At)
}

func (e *recEncoder) entity(x *history.Entity) {
	e.str(string(x.ID))
	e.str(string(x.Kind))
	e.str(x.Name)
	e.str(x.Type)
	e.str(x.Description)
	e.str(x.Wikidata)
	e.names(x.Names)
	e.fact(x.Born)
	e.fact(x.Died)
	e.fact(x.Date)
	e.fact(x.Ended)
	e.citations(x.Citations)
	e.stored(x.Revision, x.Retracted, x.At)
}

func (e *recEncoder) event(x *history.Event) {
	e.str(string(x.ID))
	e.str(x.Name)
	e.str(x.Type)
	e.str(x.Description)
	e.fact(x.Date)
	e.optLink(x.Place)
	e.optLink(x.Parent)
	e.length(len(x.Participants), x.Participants == nil)
	for _, p := range x.Participants {
		e.str(string(p.Entity))
		e.str(string(p.Role))
		e.citations(p.Citations)
		e.position(p.At)
	}
	e.links(x.Causes)
	e.links(x.Consequences)
	e.names(x.Names)
	e.citations(x.Citations)
	e.stored(x.Revision, x.Retracted, x.At)
}

func (e *recEncoder) relation(x *history.Relation) {
	e.str(string(x.ID))
	e.str(string(x.Subject))
	e.str(string(x.Type))
	e.str(string(x.Object))
	e.fact(x.Start)
	e.fact(x.End)
	e.str(x.Note)
	e.citations(x.Citations)
	e.stored(x.Revision, x.Retracted, x.At)
}

func (e *recEncoder) claim(x *history.Claim) {
	e.str(string(x.ID))
	e.str(string(x.Subject))
	e.str(x.Property)
	e.bool(x.Quantity != nil)
	if q := x.Quantity; q != nil {
		e.float(q.Value)
		e.float(q.Low)
		e.float(q.High)
		e.bool(q.Approximate)
	}
	e.date(x.DateValue)
	e.ids(x.Entities)
	e.str(x.Unit)
	e.fact(x.Time)
	e.length(len(x.Qualifiers), x.Qualifiers == nil)
	// In key order, so that the same records give the same bytes.
	keys := make([]string, 0, len(x.Qualifiers))
	for k := range x.Qualifiers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.str(k)
		e.str(x.Qualifiers[k])
	}
	e.ids(x.Contradicts)
	e.str(x.Note)
	e.citations(x.Citations)
	e.stored(x.Revision, x.Retracted, x.At)
}
