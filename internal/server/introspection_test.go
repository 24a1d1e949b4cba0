package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// The introspection queries clients send, as the libraries print them
// (testdata/introspection): graphql-js 16's getIntrospectionQuery, bare
// (GraphiQL, Apollo's and other code generators, get-graphql-schema) and
// with every option on, and graphql-core 3's with every option on.
func introspectionQueries(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "introspection", "*.graphql"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no introspection queries in testdata: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".graphql")] = string(b)
	}
	return out
}

// TestIntrospectionEveryClientSends runs each client's introspection query
// at the default limits: it is answered whole, without an error.
func TestIntrospectionEveryClientSends(t *testing.T) {
	h := newHandler(t, server.Options{})
	for name, q := range introspectionQueries(t) {
		t.Run(name, func(t *testing.T) {
			status, resp := post(t, h, q, nil)
			if status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, resp.Errors)
			}
			var got struct {
				Schema struct{ Types []any } `json:"__schema"`
			}
			decode(t, resp.Data, &got)
			if len(got.Schema.Types) < 20 {
				t.Errorf("%d types, want the whole schema", len(got.Schema.Types))
			}
		})
	}
}

// TestIntrospectionDescribesEverything walks the whole answer to the
// fullest introspection query: no description is empty, every type,
// field, argument and enum value of Memoria's own has one, and default
// values are GraphQL literals.
func TestIntrospectionDescribesEverything(t *testing.T) {
	h := newHandler(t, server.Options{})
	_, resp := post(t, h, introspectionQueries(t)["graphql-js-all-options"], nil)
	var answer any
	if err := json.Unmarshal(resp.Data, &answer); err != nil {
		t.Fatal(err)
	}
	walkJSON(answer, func(obj map[string]any) {
		if d, ok := obj["description"]; ok && d == "" {
			t.Errorf("%v has an empty description: null when there is none", obj["name"])
		}
	})
	var schema struct {
		Schema struct {
			Types []struct {
				Name        string
				Description *string
				Fields      []described
				InputFields []described
				EnumValues  []described
			}
		} `json:"__schema"`
	}
	decode(t, resp.Data, &schema)
	for _, typ := range schema.Schema.Types {
		if strings.HasPrefix(typ.Name, "__") {
			continue // graphql-go's own, not this schema's
		}
		if typ.Description == nil {
			t.Errorf("type %s has no description", typ.Name)
		}
		for _, f := range append(append(typ.Fields, typ.InputFields...), typ.EnumValues...) {
			where := typ.Name + "." + f.Name
			if f.Description == nil {
				t.Errorf("%s has no description", where)
			}
			if f.Description != nil && strings.HasPrefix(*f.Description, "A ") && strings.ContainsAny((*f.Description)[2:3], "aeiouAEIOU") {
				t.Errorf("%s: %q: an, not a", where, *f.Description)
			}
			for _, a := range f.Args {
				if a.Description == nil {
					t.Errorf("%s(%s) has no description", where, a.Name)
				}
				if a.Name == "direction" && (a.DefaultValue == nil || *a.DefaultValue != "BOTH") {
					t.Errorf("%s(direction) defaults to %v, want the enum literal BOTH", where, a.DefaultValue)
				}
			}
		}
	}
}

type described struct {
	Name        string
	Description *string
	Args        []struct {
		Name         string
		Description  *string
		DefaultValue *string
	}
}

// walkJSON calls f for every object in a decoded JSON value.
func walkJSON(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, x := range v {
			walkJSON(x, f)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, f)
		}
	}
}

// TestIntrospectionHasItsOwnBudget: introspection is not held to MaxDepth,
// but lists of types' members nested inside each other, which multiply
// the answer, are refused past MaxIntrospectionLists, in an operation or
// through fragments.
func TestIntrospectionHasItsOwnBudget(t *testing.T) {
	h := newHandler(t, server.Options{})
	nested := func(n int) string {
		return "{ __schema { types { " + strings.Repeat("fields { type { ", n) + "name" + strings.Repeat(" } }", n) + " } } }"
	}
	tests := []struct {
		name, query, code string
	}{
		{"three lists", nested(3), ""},
		{"four lists", nested(4), "QUERY_TOO_DEEP"},
		{"four through fragments", "{ __type(name: \"Person\") { ...A } } fragment A on __Type { fields { type { ...B } } } fragment B on __Type { fields { type { interfaces { possibleTypes { name } } } } }", "QUERY_TOO_DEEP"},
		{"an unused fragment", "{ __typename } fragment A on __Type { fields { type { fields { type { inputFields { type { interfaces { name } } } } } } } }", "QUERY_TOO_DEEP"},
		{"a long ofType chain", "{ __type(name: \"Person\") { " + strings.Repeat("ofType { ", 16) + "name" + strings.Repeat(" }", 16) + " } }", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, resp := post(t, h, tt.query, nil)
			if got := resp.code(); got != tt.code {
				t.Errorf("status %d, code %q, want %q: %+v", status, got, tt.code, resp.Errors)
			}
		})
	}
}
