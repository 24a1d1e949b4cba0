package cayleykv

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"google.golang.org/protobuf/encoding/protowire"
)

// pquadsValue decodes b with pquads, the reference, turning its panic on a
// value of no known kind into an error.
func pquadsValue(b []byte) (v quad.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("pquads panicked: %v", r)
		}
	}()
	return pquads.UnmarshalValue(b)
}

// checkValue decodes b by hand and with pquads, and fails unless both fail
// or both give the same value.
func checkValue(t *testing.T, b []byte) {
	t.Helper()
	got, err := decodeValue(b)
	want, refErr := pquadsValue(b)
	if (err != nil) != (refErr != nil) {
		t.Fatalf("decode %x: error %v, pquads' %v", b, err, refErr)
	}
	if g, w := fmt.Sprintf("%T %#v", got, got), fmt.Sprintf("%T %#v", want, want); err == nil && g != w {
		t.Fatalf("decode %x = %s, pquads gives %s", b, g, w)
	}
}

func TestDecodeValue(t *testing.T) {
	marshal := encoder(t, pquads.MarshalValue)
	tag := protowire.AppendTag
	runRawCases(t, []rawCase{
		{"an IRI", marshal(quad.IRI("http://example.org/a"))},
		{"a string", marshal(quad.String("Ежов"))},
		{"a blank node", marshal(quad.BNode("b1"))},
		{"a typed string", marshal(quad.TypedString{Value: "1937-08", Type: "http://id.loc.gov/datatypes/edtf"})},
		{"a language string", marshal(quad.LangString{Value: "Сталин", Lang: "ru"})},
		{"an int", marshal(quad.Int(-42))},
		{"a float", marshal(quad.Float(math.Pi))},
		{"a bool", marshal(quad.Bool(true))},
		{"a time", marshal(quad.Time(time.Date(1937, 7, 30, 12, 0, 0, 500, time.UTC)))},
		{"raw", protowire.AppendString(tag(nil, 1, protowire.BytesType), "<http://example.org/raw>")},
		{"two kinds: the last wins", protowire.AppendVarint(tag(marshal(quad.String("x")), 7, protowire.VarintType), 3)},
		{"a nested message twice: merged", protowire.AppendString(tag(protowire.AppendBytes(tag(marshal(quad.TypedString{Value: "v"}), 5, protowire.BytesType), protowire.AppendString(tag(nil, 2, protowire.BytesType), "t")), 5, protowire.BytesType), "")},
		{"a string that is not UTF-8", protowire.AppendString(tag(nil, 2, protowire.BytesType), "\xff")},
		{"no kind", protowire.AppendVarint(tag(nil, 11, protowire.VarintType), 1)},
		{"a kind of the wrong wire type", protowire.AppendFixed32(tag(nil, 7, protowire.Fixed32Type), 1)},
		{"truncated", []byte{0x1a, 0x05, 'a'}},
		{"empty", nil},
	}, checkValue)
}

func FuzzDecodeValue(f *testing.F) {
	for _, v := range []quad.Value{quad.IRI("a"), quad.String("b"), quad.TypedString{Value: "c", Type: "d"}, quad.LangString{Value: "e", Lang: "f"},
		quad.Int(1), quad.Float(2.5), quad.Bool(false), quad.Time(time.Unix(5, 6).UTC()), quad.BNode("g")} {
		b, err := pquads.MarshalValue(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkValue(t, b) })
}

// TestAppendValueAsPquads compares appendValue with pquads.MarshalValue on
// values of every kind, empty, short and long (a length of two varint
// bytes), ASCII and not.
func TestAppendValueAsPquads(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	str := func() string {
		switch rng.IntN(4) {
		case 0:
			return ""
		case 1:
			return "é"
		case 2:
			return strings.Repeat("x", rng.IntN(300))
		}
		return "http://example.org/" + strings.Repeat("ß", rng.IntN(100))
	}
	values := []quad.Value{quad.Int(-3), quad.Float(1.5), quad.Bool(true), quad.Time(time.Unix(5, 7))}
	for range 3000 {
		switch rng.IntN(5) {
		case 0:
			values = append(values, quad.IRI(str()))
		case 1:
			values = append(values, quad.String(str()))
		case 2:
			values = append(values, quad.BNode(str()))
		case 3:
			values = append(values, quad.TypedString{Value: quad.String(str()), Type: quad.IRI(str())})
		default:
			values = append(values, quad.LangString{Value: quad.String(str()), Lang: str()})
		}
	}
	prefix := []byte("kept")
	for _, v := range values {
		want, err := pquads.MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendValue(bytes.Clone(prefix), v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
			t.Fatalf("%#v: encoded % x, want % x", v, got[len(prefix):], want)
		}
	}
}
