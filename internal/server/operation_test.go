package server

import (
	"testing"

	"github.com/graphql-go/graphql/language/parser"
)

func TestOperation(t *testing.T) {
	tests := []struct {
		name, doc, op string
		want, err     string
	}{
		{"one anonymous", "{ sources { id } }", "", "query", ""},
		{"one named, asked by name", "query A { sources { id } }", "A", "query", ""},
		{"one named, not asked", "mutation A { x }", "", "mutation", ""},
		{"two, none asked", "query A { a } query B { b }", "", "", "the document has several operations: say which with operationName"},
		{"two, one asked", "query A { a } mutation B { b }", "B", "mutation", ""},
		{"asked for one not there", "query A { a }", "B", "", `the document has no operation named "B"`},
		{"fragments only", "fragment F on Source { id }", "", "", "the document has no operation: send a query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.Parse(parser.ParseParams{Source: tt.doc})
			if err != nil {
				t.Fatal(err)
			}
			got, err := operation(doc, tt.op)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tt.want || gotErr != tt.err {
				t.Errorf("operation = %q, %q; want %q, %q", got, gotErr, tt.want, tt.err)
			}
		})
	}
}
