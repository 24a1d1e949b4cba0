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
	m := message{b}
	for {
		num, typ, err := m.next()
		if err != nil || num == 0 {
			return err
		}
		switch {
		case typ == protowire.BytesType && num == primitiveValue:
			if e.Value, err = m.bytes(); err != nil {
				return err
			}
		case typ == protowire.VarintType:
			v, err := m.varint()
			if err != nil {
				return err
			}
			e.set(num, v)
		default:
			if err := m.skip(num, typ); err != nil {
				return err
			}
		}
	}
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
// as proto.Unmarshal reads them: next gives a field's number and wire
// type, and one of the other methods its value.
type message struct{ b []byte }

// next reads the next field's tag, refusing field numbers beyond the valid
// range (which protowire.ConsumeTag accepts). It returns 0 at the end of
// the message.
func (m *message) next() (protowire.Number, protowire.Type, error) {
	if len(m.b) == 0 {
		return 0, 0, nil
	}
	num, typ, n := protowire.ConsumeTag(m.b)
	if n < 0 {
		return 0, 0, protowire.ParseError(n)
	}
	if num > protowire.MaxValidNumber {
		return 0, 0, fmt.Errorf("field number %d is out of range", num)
	}
	m.b = m.b[n:]
	return num, typ, nil
}

// bytes reads a length-delimited value; it points into the message.
func (m *message) bytes() ([]byte, error) {
	v, n := protowire.ConsumeBytes(m.b)
	return v, m.advance(n)
}

func (m *message) varint() (uint64, error) {
	v, n := protowire.ConsumeVarint(m.b)
	return v, m.advance(n)
}

func (m *message) fixed64() (uint64, error) {
	v, n := protowire.ConsumeFixed64(m.b)
	return v, m.advance(n)
}

// skip passes over the value of a field the decoder does not read, as
// proto.Unmarshal keeps unknown fields aside.
func (m *message) skip(num protowire.Number, typ protowire.Type) error {
	return m.advance(protowire.ConsumeFieldValue(num, typ, m.b))
}

// advance moves past a value of n bytes, or reports the protowire error
// that a negative n stands for.
func (m *message) advance(n int) error {
	if n < 0 {
		return protowire.ParseError(n)
	}
	m.b = m.b[n:]
	return nil
}
