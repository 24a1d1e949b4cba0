package api

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/parser"

	"github.com/memoria-history/memoria/internal/history"
)

// TestStringPointerSerializesTheSame checks that handing graphql-go's String
// and ID scalars a value through stringPointer serializes to what the value
// itself did: the same string for strings and string types without methods,
// and the value untouched otherwise.
func TestStringPointerSerializesTheSame(t *testing.T) {
	type plainString string
	text := "by pointer"
	date := history.Date{EDTF: "1938-08-22", Earliest: time.Date(1938, 8, 22, 0, 0, 0, 0, time.UTC)}
	for _, v := range []any{
		"", "Лаврентий Берия", history.ID("person/lavrentiy-beria"), history.Role("victim"), plainString("x"),
		date, &date, 42, 2.5, true, nil, &text,
	} {
		for _, scalar := range []*graphql.Scalar{graphql.String, graphql.ID} {
			want := scalar.Serialize(v)
			if got := scalar.Serialize(stringPointer(v)); got != want {
				t.Errorf("%s.Serialize(stringPointer(%#v)) = %#v, want %#v", scalar.Name(), v, got, want)
			}
		}
	}
}

func TestIsStringScalar(t *testing.T) {
	for _, tt := range []struct {
		t    graphql.Output
		want bool
	}{
		{graphql.String, true}, {nonNull(graphql.String), true}, {graphql.ID, true}, {nonNull(graphql.ID), true},
		{graphql.Int, false}, {graphql.Boolean, false}, {graphql.NewList(graphql.String), false}, {listOf(graphql.ID), false},
	} {
		if got := isStringScalar(tt.t); got != tt.want {
			t.Errorf("isStringScalar(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

// TestStringVariablesByPointer: the strings of String and ID variables are
// handed over by pointer, everything else as it came, and the request's
// map is left alone.
func TestStringVariablesByPointer(t *testing.T) {
	const twoOps = `query A($id: ID!) { entity(id: $id) { id } } query B($name: String, $n: Int) { search(query: $name, first: $n) { id } }`
	cases := []struct {
		name      string
		doc       string
		operation string
		vars      map[string]any
		pointers  []string // the variables expected as *string
	}{
		{"ID and String, nullable or not", `query($id: ID!, $q: String, $n: Int, $ids: [ID!], $on: Boolean) { x }`, "",
			map[string]any{"id": "person/stalin", "q": "Ежов", "n": 3.0, "ids": []any{"a"}, "on": true}, []string{"id", "q"}},
		{"a String variable given a number", `query($q: String) { x }`, "", map[string]any{"q": 7.0}, nil},
		{"a null variable", `query($id: ID) { x }`, "", map[string]any{"id": nil}, nil},
		{"a variable the query does not declare", `query($id: ID) { x }`, "", map[string]any{"other": "x"}, nil},
		{"the named operation's variables", twoOps, "B", map[string]any{"id": "x", "name": "Beria", "n": 5.0}, []string{"name"}},
		{"the other named operation", twoOps, "A", map[string]any{"id": "x", "name": "Beria"}, []string{"id"}},
		{"two operations and none named", twoOps, "", map[string]any{"id": "x", "name": "Beria"}, nil},
		{"no such operation", twoOps, "C", map[string]any{"id": "x"}, nil},
		{"no variables", `query($id: ID) { x }`, "", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.Parse(parser.ParseParams{Source: tc.doc})
			if err != nil {
				t.Fatal(err)
			}
			before := maps.Clone(tc.vars)
			got := stringVariablesByPointer(doc, tc.operation, tc.vars)
			if !reflect.DeepEqual(tc.vars, before) {
				t.Errorf("the request's variables changed: %v, were %v", tc.vars, before)
			}
			if len(got) != len(tc.vars) {
				t.Fatalf("got %d variables, want %d: %v", len(got), len(tc.vars), got)
			}
			for k, v := range tc.vars {
				if slices.Contains(tc.pointers, k) {
					p, ok := got[k].(*string)
					if !ok || *p != v {
						t.Errorf("variable %s = %#v, want a pointer to %q", k, got[k], v)
					}
				} else if !reflect.DeepEqual(got[k], v) {
					t.Errorf("variable %s = %#v, want %#v as it came", k, got[k], v)
				}
			}
		})
	}
}
