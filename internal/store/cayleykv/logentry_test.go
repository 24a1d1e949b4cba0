package cayleykv

import (
	"bytes"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// checkLogEntry decodes b both ways, by hand and with proto.Unmarshal
// into Cayley's Primitive, and fails unless both fail or both give the
// same entry.
func checkLogEntry(t *testing.T, b []byte) {
	t.Helper()
	var e logEntry
	err := decodeLogEntry(b, &e)
	var p cproto.Primitive
	refErr := proto.Unmarshal(b, &p)
	if (err != nil) != (refErr != nil) {
		t.Fatalf("decode %x: error %v, proto.Unmarshal's %v", b, err, refErr)
	}
	if err != nil {
		return
	}
	want := logEntry{ID: p.ID, Subject: p.Subject, Predicate: p.Predicate, Object: p.Object, Label: p.Label, Value: p.Value, Deleted: p.Deleted}
	if e.ID != want.ID || e.Subject != want.Subject || e.Predicate != want.Predicate || e.Object != want.Object ||
		e.Label != want.Label || !bytes.Equal(e.Value, want.Value) || e.Deleted != want.Deleted || e.isNode() != p.IsNode() {
		t.Fatalf("decode %x = %+v, proto.Unmarshal gives %+v", b, e, want)
	}
}

// rawCase is an encoded message to decode, by hand and with protobuf's
// own decoder.
type rawCase struct {
	name string
	raw  []byte
}

// runRawCases runs check on each case's bytes.
func runRawCases(t *testing.T, cases []rawCase, check func(*testing.T, []byte)) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.raw) })
	}
}

// encoder returns enc, failing the test on an error.
func encoder[T any](tb testing.TB, enc func(T) ([]byte, error)) func(T) []byte {
	return func(v T) []byte {
		b, err := enc(v)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
}

func TestDecodeLogEntry(t *testing.T) {
	marshal := encoder(t, func(p *cproto.Primitive) ([]byte, error) { return proto.Marshal(p) })
	tag := protowire.AppendTag
	runRawCases(t, []rawCase{
		{"a node", marshal(&cproto.Primitive{ID: 7, Value: []byte("\x0a\x03abc"), Timestamp: 1700000000})},
		{"a quad", marshal(&cproto.Primitive{ID: 1 << 40, Subject: 1, Predicate: 2, Object: 3, Label: 4, Timestamp: -5})},
		{"a deleted quad", marshal(&cproto.Primitive{ID: 9, Subject: 1, Predicate: 2, Object: 3, Deleted: true, Replaces: 8})},
		{"empty", nil},
		{"a field repeated: the last wins", protowire.AppendVarint(tag(protowire.AppendVarint(tag(nil, 1, protowire.VarintType), 5), 1, protowire.VarintType), 6)},
		{"an unknown field", protowire.AppendString(tag(marshal(&cproto.Primitive{ID: 3}), 15, protowire.BytesType), "x")},
		{"a known field of the wrong wire type", protowire.AppendFixed64(tag(nil, 2, protowire.Fixed64Type), 12)},
		{"a value given as a varint", protowire.AppendVarint(tag(nil, 8, protowire.VarintType), 1)},
		{"a truncated varint", []byte{0x08, 0xff}},
		{"a truncated value", []byte{0x42, 0x05, 'a'}},
		{"field number 0", []byte{0x00, 0x01}},
		{"an unterminated group", tag(nil, 12, protowire.StartGroupType)},
		{"an end group alone", tag(nil, 12, protowire.EndGroupType)},
	}, checkLogEntry)
}

func FuzzDecodeLogEntry(f *testing.F) {
	for _, p := range []*cproto.Primitive{
		{ID: 7, Value: []byte("\x0a\x03abc")},
		{ID: 9, Subject: 1, Predicate: 2, Object: 3, Label: 4, Deleted: true, Timestamp: 3},
	} {
		b, err := proto.Marshal(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x08, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) { checkLogEntry(t, b) })
}
