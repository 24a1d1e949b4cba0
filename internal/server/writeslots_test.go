package server_test

import (
	"context"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/server"
)

// waitingExecutor has a mutation that waits until release is closed, as
// a mutation waits for the store's writer and its sync.
type waitingExecutor struct {
	schema  graphql.Schema
	started chan struct{}
	release chan struct{}
}

func newWaitingExecutor(tb testing.TB) *waitingExecutor {
	tb.Helper()
	e := &waitingExecutor{started: make(chan struct{}, 8), release: make(chan struct{})}
	s, err := graphql.NewSchema(graphql.SchemaConfig{
		Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
			"ping": {Type: graphql.String, Resolve: func(graphql.ResolveParams) (any, error) { return "pong", nil }},
		}}),
		Mutation: graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: graphql.Fields{
			"commit": {Type: graphql.String, Resolve: func(p graphql.ResolveParams) (any, error) {
				e.started <- struct{}{}
				select {
				case <-e.release:
				case <-p.Context.Done():
				}
				return "done", nil
			}},
		}}),
	})
	if err != nil {
		tb.Fatal(err)
	}
	e.schema = s
	return e
}

func (e *waitingExecutor) Schema() *graphql.Schema { return &e.schema }

func (e *waitingExecutor) Execute(ctx context.Context, doc *ast.Document, op string, vars map[string]any) *graphql.Result {
	return graphql.Execute(graphql.ExecuteParams{Schema: e.schema, AST: doc, OperationName: op, Args: vars, Context: ctx})
}

// TestMutationsWaitingDoNotHoldQueriesBack: with as many mutations
// waiting for the store as there are execution slots, a query is still
// answered at once, and a mutation more is told the server is busy.
func TestMutationsWaitingDoNotHoldQueriesBack(t *testing.T) {
	const slots = 2
	ts := newTokens(t)
	exec := newWaitingExecutor(t)
	s, err := server.New(exec, server.Options{MaxConcurrent: slots, Access: server.Access{Keyring: ts.keyring}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetReady(true)
	done := make(chan int, slots)
	for range slots {
		go func() {
			rec, _ := postAs(t, s, "POST", ts.editor, "mutation { commit }")
			done <- rec.Code
		}()
	}
	for range slots {
		<-exec.started
	}
	if rec, resp := postAs(t, s, "POST", ts.reader, "{ ping }"); rec.Code != 200 || string(resp.Data) != `{"ping":"pong"}` {
		t.Errorf("a query beside %d waiting mutations: status %d, %s", slots, rec.Code, rec.Body)
	}
	close(exec.release)
	for range slots {
		if code := <-done; code != 200 {
			t.Errorf("a mutation was answered %d", code)
		}
	}
}
