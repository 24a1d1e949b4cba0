package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// readingLoader reads an upload as a server's loader would, and reports
// how many people it holds, so that a test sees what load --server sent.
type readingLoader struct{ files []string }

func (l *readingLoader) LoadUpload(ctx context.Context, u server.Upload) (server.LoadReport, error) {
	var ds *history.Dataset
	var err error
	switch u.Media {
	case server.MediaZip:
		zr, zerr := zip.NewReader(bytes.NewReader(u.Body), int64(len(u.Body)))
		if zerr != nil {
			return server.LoadReport{}, zerr
		}
		for _, f := range zr.File {
			l.files = append(l.files, f.Name)
		}
		ds, err = dataset.ReadFS(ctx, zr, ".", u.Name)
	default:
		ds = &history.Dataset{}
		err = dataset.ReadFile(ds, u.Name, u.Body).Err("read " + u.Name)
	}
	if err != nil {
		return server.LoadReport{}, err
	}
	return server.LoadReport{Revision: 3, Summary: fmt.Sprintf("%d entities", len(ds.Entities))}, nil
}

func TestLoadToServer(t *testing.T) {
	secret, admin, err := auth.New("olga", auth.RoleAdmin, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	editorSecret, editor, _ := auth.New("anna", auth.RoleEditor, time.Now())
	loader := &readingLoader{}
	srv, err := server.New(newQueryStub(t), server.Options{Access: server.Access{Keyring: auth.NewKeyring([]auth.Token{admin, editor})}, Load: server.LoadOptions{Loader: loader}})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetReady(true)
	hs := httptest.NewServer(srv)
	defer hs.Close()

	person := "sources:\n  - id: source/s\n    title: S\n    kind: book\npeople:\n  - id: person/a\n    name: A\n    cite: [source/s p. 1]\n"
	dir := writeDataset(t, map[string]string{"people.yaml": person, ".hidden.yaml": "junk: ["})
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "config"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "people.yaml")

	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"directory", map[string]string{"MEMORIA_TOKEN": secret}, []string{"load", "--server", hs.URL, dir}, 0, "1 entities; the graph is at revision 3", ""},
		{"one file", map[string]string{"MEMORIA_TOKEN": secret}, []string{"load", "--server", hs.URL + "/", file}, 0, "1 entities", ""},
		{"no token", nil, []string{"load", "--server", hs.URL, dir}, 6, "", "MEMORIA_TOKEN"},
		{"editor's token", map[string]string{"MEMORIA_TOKEN": editorSecret}, []string{"load", "--server", hs.URL, dir}, 6, "", "needs admin"},
		{"not a URL", map[string]string{"MEMORIA_TOKEN": secret}, []string{"load", "--server", "localhost:1", dir}, 2, "", "not an http"},
		{"missing path", map[string]string{"MEMORIA_TOKEN": secret}, []string{"load", "--server", hs.URL, filepath.Join(dir, "nope")}, 3, "", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loader.files = nil
			code, out, errOut := cli(t, tt.env, tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errOut, tt.wantCode, tt.wantOut, tt.wantErr)
			}
			if tt.name == "directory" && strings.Join(loader.files, " ") != "people.yaml" {
				t.Errorf("uploaded %q, want people.yaml alone (no hidden files)", loader.files)
			}
			if strings.Contains(errOut, secret) || strings.Contains(out, secret) {
				t.Errorf("the output shows the token")
			}
		})
	}
}

// queryStub is a schema of one field: /admin/load does not touch it.
type queryStub struct{ schema graphql.Schema }

func newQueryStub(tb testing.TB) *queryStub {
	tb.Helper()
	s, err := graphql.NewSchema(graphql.SchemaConfig{Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
		"ping": {Type: graphql.String, Resolve: func(graphql.ResolveParams) (any, error) { return "pong", nil }},
	}})})
	if err != nil {
		tb.Fatal(err)
	}
	return &queryStub{schema: s}
}

func (q *queryStub) Schema() *graphql.Schema { return &q.schema }

func (q *queryStub) Execute(ctx context.Context, doc *ast.Document, op string, vars map[string]any) *graphql.Result {
	return graphql.Execute(graphql.ExecuteParams{Schema: q.schema, AST: doc, OperationName: op, Args: vars, Context: ctx})
}
