package api

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphql-go/graphql/language/parser"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

var update = flag.Bool("update", false, "rewrite schema/schema.graphql and schema/writable.graphql from the executable schemas")

// TestSchemaMatchesContract keeps the public contract, schema/schema.graphql,
// equal to the schema the server executes. Run with -update after changing
// the schema on purpose, and review the diff.
func TestSchemaMatchesContract(t *testing.T) {
	compareContract(t, Options{}, "schema.graphql")
}

// TestWritableSchemaMatchesContract does the same for the schema of a
// server that writes: the read-only one, with Mutation and the questions
// about changes.
func TestWritableSchemaMatchesContract(t *testing.T) {
	compareContract(t, Options{Writer: noWriter{}, Log: noWriter{}, Keeper: noWriter{}}, "writable.graphql")
}

// noWriter is a Writer and a Log that are never called: enough to build
// the schema.
type noWriter struct{}

func (noWriter) Write(context.Context, history.Change, Operation) (Written, error) {
	return Written{}, history.Errorf(history.CodeInternal, "not a store")
}

func (noWriter) Changes(context.Context, ChangeFilter) ([]ChangeRecord, error) { return nil, nil }

func (noWriter) CreateToken(context.Context, string, auth.Role) (string, auth.Token, error) {
	return "", auth.Token{}, history.Errorf(history.CodeInternal, "not a store")
}

func (noWriter) RevokeToken(context.Context, string) (auth.Token, error) {
	return auth.Token{}, history.Errorf(history.CodeInternal, "not a store")
}

func (noWriter) Tokens(context.Context) ([]auth.Token, error) { return nil, nil }

func compareContract(t *testing.T, opts Options, file string) {
	t.Helper()
	a, err := New(Data{}, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := PrintSchema(a.Schema())
	path := filepath.Join("..", "..", "schema", file)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read the contract: %v", err)
	}
	if got != string(want) {
		t.Errorf("the executable schema differs from %s; run go test ./internal/api -run Contract -update and review the diff.\n%s", path, firstDifference(string(want), got))
	}
	if _, err := parser.Parse(parser.ParseParams{Source: got}); err != nil {
		t.Errorf("the printed schema is not valid SDL: %v", err)
	}
}

func TestSchemaHasTheFixedNames(t *testing.T) {
	a, err := New(Data{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	types := a.Schema().TypeMap()
	for _, name := range []string{"Node", "Person", "Group", "Place", "Event", "Work", "Source", "Claim", "SearchHit", "Path", "Subgraph", "Connection", "EntityKind"} {
		if types[name] == nil {
			t.Errorf("schema lacks type %s", name)
		}
	}
	query := a.Schema().QueryType().Fields()
	for _, name := range []string{"node", "search", "people", "groups", "places", "events", "timeline", "path", "paths", "neighborhood", "commonConnections", "claims", "sources"} {
		if query[name] == nil {
			t.Errorf("Query lacks field %s", name)
		}
	}
}

func firstDifference(want, got string) string {
	line := 1
	for i := 0; i < len(want) && i < len(got); i++ {
		if want[i] != got[i] {
			return "first difference on line " + itoa(line)
		}
		if want[i] == '\n' {
			line++
		}
	}
	return "one is a prefix of the other, from line " + itoa(line)
}
