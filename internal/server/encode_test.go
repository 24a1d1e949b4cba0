package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/location"
)

// trickyStrings exercise every escaping rule of encoding/json.
func trickyStrings() []string {
	var ascii strings.Builder
	for c := 0; c < 0x80; c++ {
		ascii.WriteByte(byte(c))
	}
	return []string{
		"", "plain", ascii.String(), `quote " and \ backslash`, "<script>&amp;</script>",
		"line\u2028para\u2029end", "Ежов", "Jeschow ¶9", "emoji 🙂", "\xff", "bad \xc3\x28 utf8",
		"\xed\xa0\x80 surrogate", "trailing \xe2\x82", "nul \x00 del \x7f",
	}
}

func trickyFloats() []float64 {
	return []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.0 / 3, 1e-6, 9.99e-7, 1e-7, 1.5e-9, 1e20, 1e21, 1.2345e22,
		-2e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 100, 12345678.9, 0.1 + 0.2}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	var values []any
	for _, s := range trickyStrings() {
		values = append(values, s, map[string]any{s: s})
	}
	for _, f := range trickyFloats() {
		values = append(values, f)
	}
	values = append(values,
		nil, true, false, 0, -7, math.MaxInt, math.MinInt, int64(math.MaxInt64), int64(math.MinInt64),
		map[string]any(nil), map[string]any{}, []any(nil), []any{},
		map[string]any{"b": 1, "a": []any{"x", nil, 2.5, map[string]any{"z": false, "y": true}}, "": "empty key", "A": 0},
		// Types graphql-go does not produce go through encoding/json.
		int32(5), uint8(7), float32(0.1), []string{"a"}, map[string]string{"k": "v"}, json.RawMessage(`{"raw": 1}`),
		struct{ N int }{3}, location.SourceLocation{Line: 1, Column: 2},
		// What lists completed by the API hold: strings by pointer, and
		// objects as keys and values.
		new("a <b>"), (*string)(nil),
		pairs{keys: []string{"z", "a", "m"}, values: []any{1, new("x"), pairs{keys: []string{"k"}, values: []any{nil}}}},
	)
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%#v): %v", v, err)
		}
		got, err := appendJSON(nil, v)
		if err != nil {
			t.Errorf("appendJSON(%#v): %v", v, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("appendJSON(%#v)\n got %s\nwant %s", v, got, want)
		}
	}
}

func TestAppendJSONFailsLikeEncodingJSON(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), map[string]any{"ch": make(chan int)}, []any{math.Inf(-1)}} {
		_, want := json.Marshal(v)
		_, got := appendJSON(nil, v)
		if got == nil || want == nil || got.Error() != want.Error() {
			t.Errorf("appendJSON(%#v) error = %v, want %v", v, got, want)
		}
	}
}

// oldResponseBody is how responses were encoded before appendJSON: the data
// marshaled, then one json.Marshal of this struct, with the request id in
// an extensions map. It is the oracle for the envelope.
func oldResponseBody(r response) ([]byte, error) {
	type body struct {
		Data       *json.RawMessage `json:"data,omitempty"`
		Errors     []wireError      `json:"errors,omitempty"`
		Extensions map[string]any   `json:"extensions,omitempty"`
	}
	var b body
	if r.hasData {
		raw, err := json.Marshal(r.Data)
		if err != nil {
			return nil, err
		}
		msg := json.RawMessage(raw)
		b.Data = &msg
	}
	for _, e := range r.Errors {
		b.Errors = append(b.Errors, wireError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: e.Extensions})
	}
	b.Extensions = map[string]any{"requestId": r.requestID}
	return json.Marshal(b)
}

func TestResponseAppendJSON(t *testing.T) {
	errs := []gqlerrors.FormattedError{
		{Message: "no record with id \"person/x\" <&>", Locations: []location.SourceLocation{{Line: 1, Column: 3}}, Path: []any{"node", 0, "id"}, Extensions: map[string]any{"code": "NOT_FOUND"}},
		{Message: "no place", Extensions: map[string]any{"code": "BAD_USER_INPUT"}},
	}
	const id = "abc<&>"
	data := map[string]any{"node": map[string]any{"id": "person/lavrentiy-beria", "born": nil, "score": 0.75}}
	for _, r := range []response{
		{Data: data, hasData: true, requestID: id},
		{Data: nil, hasData: true, Errors: errs, requestID: id},
		{Data: data, hasData: true, Errors: errs[:1], requestID: id},
		{Errors: errs, requestID: id},
		{Data: data, requestID: id}, // data without hasData is left out
		{},
	} {
		want, err := oldResponseBody(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.appendJSON([]byte("prefix"))
		if err != nil {
			t.Fatalf("appendJSON: %v", err)
		}
		if !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Errorf("response body\n got %s\nwant prefix%s", got, want)
		}
	}
}

// TestResponseAppendJSONErrorText checks that an encoding failure is logged
// with the text json.Marshal gave when response had a MarshalJSON method.
func TestResponseAppendJSONErrorText(t *testing.T) {
	r := response{Data: map[string]any{"x": math.NaN()}, hasData: true}
	_, err := r.appendJSON(nil)
	const want = "json: error calling MarshalJSON for type server.response: json: unsupported value: NaN"
	var me *json.MarshalerError
	if !errors.As(err, &me) || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func FuzzAppendJSON(f *testing.F) {
	for _, s := range trickyStrings() {
		f.Add(s, 0.0)
	}
	for _, x := range trickyFloats() {
		f.Add("", x)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		v := map[string]any{s: []any{s, x, map[string]any{"k": s}}}
		want, wantErr := json.Marshal(v)
		got, gotErr := appendJSON(nil, v)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("errors differ: got %v, want %v", gotErr, wantErr)
		}
		if wantErr == nil && !bytes.Equal(got, want) {
			t.Fatalf("appendJSON(%q, %v)\n got %s\nwant %s", s, x, got, want)
		}
	})
}

// pairs is a fieldList as api.Object is one: keys and values, encoded by
// encoding/json as a map of them.
type pairs struct {
	keys   []string
	values []any
}

func (p pairs) Len() int         { return len(p.keys) }
func (p pairs) Key(i int) string { return p.keys[i] }
func (p pairs) Value(i int) any  { return p.values[i] }

func (p pairs) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for i, k := range p.keys {
		m[k] = p.values[i]
	}
	return json.Marshal(m)
}
