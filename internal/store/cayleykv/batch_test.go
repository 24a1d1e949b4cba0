package cayleykv

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"google.golang.org/protobuf/proto"
)

// TestEncodePrimitiveAsProto compares encodePrimitive with proto.Marshal
// on primitives with every field zero or not, small and large.
func TestEncodePrimitiveAsProto(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	num := func() uint64 {
		switch rng.IntN(4) {
		case 0:
			return 0
		case 1:
			return uint64(rng.IntN(200))
		case 2:
			return rng.Uint64()
		}
		return math.MaxUint64
	}
	var a arena
	for range 5000 {
		p := &cproto.Primitive{ID: num(), Subject: num(), Predicate: num(), Object: num(), Label: num(),
			Replaces: num(), Timestamp: int64(num()), Deleted: rng.IntN(2) == 0}
		if n := rng.IntN(3); n > 0 {
			p.Value = make([]byte, rng.IntN(300*n))
			for i := range p.Value {
				p.Value[i] = byte(rng.IntN(256))
			}
		}
		want, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got := encodePrimitive(&a, p)
		if !bytes.Equal(got.val, want) {
			t.Fatalf("encodePrimitive(%v) = %x, proto.Marshal %x", p, got.val, want)
		}
		if !bytes.Equal(got.key, logKey(p.ID, nil)) {
			t.Fatalf("key %x, want %x", got.key, logKey(p.ID, nil))
		}
	}
}

// TestHashOfAsCayley compares Writer.hashOf with refs.HashOf.
func TestHashOfAsCayley(t *testing.T) {
	var w Writer
	for _, v := range []quad.Value{quad.IRI("http://example.org/a"), quad.IRI(""), quad.IRI("é>\"<"),
		quad.String("a"), quad.TypedString{Value: "1", Type: "http://www.w3.org/2001/XMLSchema#integer"}, quad.BNode("b")} {
		if got, want := w.hashOf(v), refs.HashOf(v); got != want {
			t.Errorf("hashOf(%v) = %x, want %x", v, got, want)
		}
	}
}
