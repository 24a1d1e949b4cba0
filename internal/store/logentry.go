package store

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
	for len(b) > 0 {
		num, typ, rest, err := consumeTag(b)
		if err != nil {
			return err
		}
		b = rest
		switch {
		case typ == protowire.BytesType && num == primitiveValue:
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			e.Value, b = v, b[n:]
		case typ == protowire.VarintType:
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			b = b[n:]
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
		default:
			rest, err := skipField(num, typ, b)
			if err != nil {
				return err
			}
			b = rest
		}
	}
	return nil
}

// consumeTag reads a field's tag as proto.Unmarshal does, refusing field
// numbers beyond the valid range (which protowire.ConsumeTag accepts), and
// returns what follows it.
func consumeTag(b []byte) (protowire.Number, protowire.Type, []byte, error) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 {
		return 0, 0, nil, protowire.ParseError(n)
	}
	if num > protowire.MaxValidNumber {
		return 0, 0, nil, fmt.Errorf("field number %d is out of range", num)
	}
	return num, typ, b[n:], nil
}

// skipField passes over the value of a field a decoder does not read, as
// proto.Unmarshal keeps unknown fields aside, and returns what follows it.
func skipField(num protowire.Number, typ protowire.Type, b []byte) ([]byte, error) {
	n := protowire.ConsumeFieldValue(num, typ, b)
	if n < 0 {
		return nil, protowire.ParseError(n)
	}
	return b[n:], nil
}
