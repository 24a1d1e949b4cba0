package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/ingest"
)

// acceptRemote loads a reviewed draft through a server's write API, one
// mutation a record: the source, each new record, then each citation an
// accepted mention adds. A mutation refused stops the rest, and says
// which.
func acceptRemote(ctx context.Context, e env, dir, server string, rv *ingest.Reviewed) error {
	target, token, err := remoteTarget(e, server, "/graphql", "ingest --accept --server needs an editor token in MEMORIA_TOKEN (memoria token create --role editor makes one)")
	if err != nil {
		return err
	}
	ds, err := rv.Dataset(ctx, dir)
	if err != nil {
		return explain(e.stderr, err)
	}
	gql := graphqlClient{url: target.String(), token: token, client: &http.Client{Timeout: time.Minute}}
	var revision int
	created := 0
	recs, err := recordsJSON(ds)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		name := createMutation(rec.section)
		q := "mutation($r: DatasetRecord!) { " + name + "(record: $r) { graphRevision } }"
		if revision, err = gql.do(ctx, q, map[string]any{"r": rec.json}, name); err != nil {
			return fmt.Errorf("accept draft %s: %s %s: %w", dir, name, rec.id, err)
		}
		created++
	}
	for _, c := range rv.Citations {
		q := "mutation($id: ID!, $c: String!) { addCitation(id: $id, citation: $c) { graphRevision } }"
		if revision, err = gql.do(ctx, q, map[string]any{"id": c.Entity, "c": c.Citation.String()}, "addCitation"); err != nil {
			return fmt.Errorf("accept draft %s: %s:%d: add %s to %s: %w", dir, c.At.File, c.At.Line, c.Citation, c.Entity, err)
		}
		if c.Name != nil {
			q := "mutation($id: ID!, $t: String!, $k: NameKind, $c: [String!]) { addName(id: $id, text: $t, kind: $k, cite: $c) { graphRevision } }"
			kind := strings.ToUpper(strings.ReplaceAll(string(c.Name.Kind), "-", "_"))
			if revision, err = gql.do(ctx, q, map[string]any{"id": c.Entity, "t": c.Name.Text, "k": kind, "c": []string{c.Citation.String()}}, "addName"); err != nil {
				return fmt.Errorf("accept draft %s: %s:%d: add the name %q to %s: %w", dir, c.At.File, c.At.Line, c.Name.Text, c.Entity, err)
			}
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d records created, %d citations added; the graph is at revision %d\n", dir, created, len(rv.Citations), revision)
	return nil
}

// createMutation names the mutation that creates a record of a section.
func createMutation(section string) string {
	switch section {
	case "sources":
		return "createSource"
	case "people":
		return "createPerson"
	case "groups":
		return "createGroup"
	case "places":
		return "createPlace"
	case "works":
		return "createWork"
	case "events":
		return "createEvent"
	case "relations":
		return "createRelation"
	}
	return "createClaim"
}

// sectionRecord is one record of a dataset in the dataset format.
type sectionRecord struct {
	section, id string
	json        json.RawMessage
}

// recordsJSON returns each record of ds in the dataset format, sources
// first, so that the records citing them are created after them.
func recordsJSON(ds *history.Dataset) ([]sectionRecord, error) {
	b, err := ds.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var sections map[string][]json.RawMessage
	if err := json.Unmarshal(b, &sections); err != nil {
		return nil, err
	}
	var out []sectionRecord
	for _, section := range []string{"sources", "people", "groups", "places", "works", "events", "relations", "claims"} {
		for _, rec := range sections[section] {
			var head struct{ ID string }
			if err := json.Unmarshal(rec, &head); err != nil {
				return nil, err
			}
			out = append(out, sectionRecord{section: section, id: head.ID, json: rec})
		}
	}
	return out, nil
}

// graphqlClient sends mutations to a server.
type graphqlClient struct {
	url, token string
	client     *http.Client
}

// do sends one mutation and returns the graphRevision of its field.
func (g graphqlClient) do(ctx context.Context, query string, vars map[string]any, field string) (int, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := g.client.Do(req)
	if err != nil {
		return 0, history.Wrap(history.CodeInternal, "send to "+g.url, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0, history.Wrap(history.CodeInternal, "read the answer of "+g.url, err)
	}
	var out struct {
		Data   map[string]struct{ GraphRevision int } `json:"data"`
		Errors []json.RawMessage                      `json:"errors"`
	}
	if err := json.Unmarshal(answer, &out); err != nil {
		return 0, history.Errorf(history.CodeInternal, "%s answered %d, not GraphQL: %.200s", g.url, resp.StatusCode, answer)
	}
	if len(out.Errors) > 0 {
		return 0, remoteError(g.url, resp.StatusCode, answer)
	}
	return out.Data[field].GraphRevision, nil
}
