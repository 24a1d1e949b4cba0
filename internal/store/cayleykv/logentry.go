package cayleykv

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// logEntry is what a read needs of an entry in Cayley's log, a
// graph/proto.Primitive: a node (with a value) or a quad (with the ids of
// its nodes), and whether it was deleted.
type logEntry struct {
	ID, Subject, Predicate, Object, Label uint64
	// Value is the node's value, encoded; it points into the stored bytes,
	// so it is only valid within the transaction that read it.
	Value   []byte
	Deleted bool
}

func (e *logEntry) isNode() bool { return len(e.Value) != 0 }

// The field numbers of graph/proto.Primitive.
const (
	primitiveID        = 1
	primitiveSubject   = 2
	primitivePredicate = 3
	primitiveObject    = 4
	primitiveLabel     = 5
	primitiveValue     = 8
	primitiveDeleted   = 9
)

// decodeLogEntry decodes an encoded Primitive into e as proto.Unmarshal
// would: the last of repeated fields wins, a field of the wrong wire type
// or an unknown one is skipped, and malformed input is an error. It
// reads the few fields by hand because proto.Unmarshal, which works
// through reflection, was an eighth of the read's CPU at a million people,
// and it copies no bytes.
func decodeLogEntry(b []byte, e *logEntry) error {
	*e = logEntry{}
	m := message{b: b}
	for m.next() {
		switch f := &m.f; {
		case f.num == primitiveValue && f.typ == protowire.BytesType:
			e.Value = f.bytes
		case f.typ == protowire.VarintType:
			e.set(f.num, f.x)
		}
	}
	return m.err
}

// set sets the varint field num to v.
func (e *logEntry) set(num protowire.Number, v uint64) {
	switch num {
	case primitiveID:
		e.ID = v
	case primitiveSubject:
		e.Subject = v
	case primitivePredicate:
		e.Predicate = v
	case primitiveObject:
		e.Object = v
	case primitiveLabel:
		e.Label = v
	case primitiveDeleted:
		e.Deleted = v != 0
	}
}

// message reads the fields of an encoded protobuf message one at a time,
// as proto.Unmarshal reads them: each call of next reads a field into m.f,
// until the end of the message or an error, which is kept in err.
type message struct {
	b   []byte
	f   field
	err error
}

// field is a field of a message: its number, its wire type and its value,
// a varint or fixed64 in x, a length-delimited value in bytes (which point
// into the message); the other is left as the last field set it. The
// value of any other wire type is skipped, as proto.Unmarshal keeps unknown
// fields aside.
type field struct {
	num   protowire.Number
	typ   protowire.Type
	x     uint64
	bytes []byte
}

// next reads the next field into m.f, and reports whether there was one.
// It refuses field numbers beyond the valid range, which
// protowire.ConsumeTag accepts and proto.Unmarshal does not.
func (m *message) next() bool {
	if len(m.b) == 0 {
		return false
	}
	// A field number below 16 makes a tag of one byte, as every field
	// that Cayley writes has: read it without the call.
	num, typ, n := protowire.Number(m.b[0]>>3), protowire.Type(m.b[0]&7), 1
	if m.b[0] >= 0x80 || num == 0 {
		num, typ, n = protowire.ConsumeTag(m.b)
	}
	if n < 0 {
		m.err = protowire.ParseError(n)
		return false
	}
	if num > protowire.MaxValidNumber {
		m.err = fmt.Errorf("field number %d is out of range", num)
		return false
	}
	m.b = m.b[n:]
	f := &m.f
	f.num, f.typ = num, typ
	switch typ {
	case protowire.VarintType:
		f.x, n = protowire.ConsumeVarint(m.b)
	case protowire.Fixed64Type:
		f.x, n = protowire.ConsumeFixed64(m.b)
	case protowire.BytesType:
		f.bytes, n = protowire.ConsumeBytes(m.b)
	default:
		n = protowire.ConsumeFieldValue(num, typ, m.b)
	}
	if n < 0 {
		m.err = protowire.ParseError(n)
		return false
	}
	m.b = m.b[n:]
	return true
}
