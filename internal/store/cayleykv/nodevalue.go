package cayleykv

import (
	"errors"
	"math"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"google.golang.org/protobuf/encoding/protowire"
)

// The field numbers of pquads.Value, a oneof of a node's kinds of value,
// and of its nested messages.
const (
	valueRaw     = 1
	valueStr     = 2
	valueIRI     = 3
	valueBNode   = 4
	valueTyped   = 5 // TypedString{value = 1, type = 2}
	valueLang    = 6 // LangString{value = 1, lang = 2}
	valueInt     = 7
	valueFloat   = 8
	valueBool    = 9
	valueTime    = 10 // Timestamp{seconds = 1, nanos = 2}
	nestedFirst  = 1
	nestedSecond = 2
)

// nodeValue holds a decoded pquads.Value before it becomes a quad.Value:
// the kind set last, and its parts, which point into the stored bytes.
type nodeValue struct {
	kind         protowire.Number
	text, second []byte // raw, str, iri, bnode; a typed or language string's value and type or language
	bits         uint64 // int, float, bool; a time's seconds
	nanos        uint64
}

// decodeValue decodes a node's value as pquads.UnmarshalValue would:
// the last kind given wins, a nested message given twice is merged,
// strings must be UTF-8, fields of the wrong wire type or unknown are
// skipped, malformed input is an error, and so is a value that sets no
// kind, on which pquads panics. It reads the fields by hand because
// protobuf's reflection cost a tenth of the log's read, and copies only
// the strings it keeps.
func decodeValue(b []byte) (quad.Value, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var v nodeValue
	m := message{b: b}
	for m.next() {
		f := &m.f
		bytes := f.typ == protowire.BytesType
		switch num := f.num; {
		case num >= valueRaw && num <= valueBNode && bytes:
			if num != valueRaw && !utf8.Valid(f.bytes) {
				return nil, errNotUTF8
			}
			v.kind, v.text = num, f.bytes
		case (num == valueTyped || num == valueLang || num == valueTime) && bytes:
			if v.kind != num {
				v = nodeValue{kind: num}
			}
			if err := v.merge(f.bytes); err != nil {
				return nil, err
			}
		case (num == valueInt || num == valueBool) && f.typ == protowire.VarintType, num == valueFloat && f.typ == protowire.Fixed64Type:
			v.kind, v.bits = num, f.x
		}
	}
	if m.err != nil {
		return nil, m.err
	}
	return v.value()
}

var errNotUTF8 = errors.New("a string that is not UTF-8")

// value is the quad.Value v holds.
func (v *nodeValue) value() (quad.Value, error) {
	switch v.kind {
	case valueRaw:
		return quad.StringToValue(string(v.text)), nil
	case valueStr:
		return quad.String(v.text), nil
	case valueIRI:
		return quad.IRI(v.text), nil
	case valueBNode:
		return quad.BNode(v.text), nil
	case valueTyped:
		return quad.TypedString{Value: quad.String(v.text), Type: quad.IRI(v.second)}, nil
	case valueLang:
		return quad.LangString{Value: quad.String(v.text), Lang: string(v.second)}, nil
	case valueInt:
		return quad.Int(int64(v.bits)), nil
	case valueFloat:
		return quad.Float(math.Float64frombits(v.bits)), nil
	case valueBool:
		return quad.Bool(v.bits != 0), nil
	case valueTime:
		return quad.Time(time.Unix(int64(v.bits), int64(int32(v.nanos))).UTC()), nil
	}
	return nil, errors.New("a value of no known kind")
}

// merge reads one occurrence of a nested message (a typed string, a
// language string or a time) into v, over what earlier ones set.
func (v *nodeValue) merge(b []byte) error {
	m := message{b: b}
	for m.next() {
		f := &m.f
		first, second := f.num == nestedFirst, f.num == nestedSecond
		switch {
		case (first || second) && v.kind != valueTime && f.typ == protowire.BytesType:
			if !utf8.Valid(f.bytes) {
				return errNotUTF8
			}
			if first {
				v.text = f.bytes
			} else {
				v.second = f.bytes
			}
		case first && v.kind == valueTime && f.typ == protowire.VarintType:
			v.bits = f.x
		case second && v.kind == valueTime && f.typ == protowire.VarintType:
			v.nanos = f.x
		}
	}
	return m.err
}

// appendValue appends v encoded as pquads.MarshalValue encodes it
// (value_test.go checks). The kinds of value a load writes are encoded by
// hand, since the reflecting encoder was a third of a batch's encoding;
// the others are left to pquads. A oneof's field is written even when
// empty; an inner message's empty strings are not.
func appendValue(buf []byte, v quad.Value) ([]byte, error) {
	switch v := v.(type) {
	case quad.IRI:
		return appendStringField(buf, valueIRI, string(v)), nil
	case quad.String:
		return appendStringField(buf, valueStr, string(v)), nil
	case quad.BNode:
		return appendStringField(buf, valueBNode, string(v)), nil
	case quad.TypedString:
		return appendPair(buf, valueTyped, string(v.Value), string(v.Type)), nil
	case quad.LangString:
		return appendPair(buf, valueLang, string(v.Value), v.Lang), nil
	}
	b, err := pquads.MarshalValue(v)
	return append(buf, b...), err
}

func appendStringField(buf []byte, num protowire.Number, s string) []byte {
	return protowire.AppendString(protowire.AppendTag(buf, num, protowire.BytesType), s)
}

// appendPair appends a message of two strings as field num.
func appendPair(buf []byte, num protowire.Number, one, two string) []byte {
	size := 0
	for _, s := range [...]string{one, two} {
		if s != "" {
			size += protowire.SizeTag(nestedFirst) + protowire.SizeBytes(len(s))
		}
	}
	buf = protowire.AppendVarint(protowire.AppendTag(buf, num, protowire.BytesType), uint64(size))
	if one != "" {
		buf = appendStringField(buf, nestedFirst, one)
	}
	if two != "" {
		buf = appendStringField(buf, nestedSecond, two)
	}
	return buf
}
