package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestKilledServerKeepsAcknowledgedWrites is the acknowledged-writes check
// against a real `memoria serve`: writers send mutations (one record
// each) and admin loads (three records in one change) concurrently, the
// server is killed with SIGKILL at a random moment, and started again on
// the same store. Every write it acknowledged must be there, every load
// whole or absent, and the indexes it serves must agree with the store:
// what a name search and a path find is what the store holds.
func TestKilledServerKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	rounds := crashRounds(t, 3)
	seeded := seededStore(t)
	seed := time.Now().UnixNano()
	r := rand.New(rand.NewPCG(uint64(seed), 22))
	t.Logf("%d rounds, seed %d", rounds, seed)
	var acked, loads int
	for round := range rounds {
		file := filepath.Join(t.TempDir(), "memoria.db")
		if err := os.WriteFile(file, seeded, 0o644); err != nil {
			t.Fatal(err)
		}
		db := "bbolt:" + file
		editor := makeToken(t, db, fmt.Sprintf("editor-%d", round), "editor")
		admin := makeToken(t, db, fmt.Sprintf("admin-%d", round), "admin")

		c, base := startServeChild(t, db)
		w := &crashWriters{base: base, editor: editor, admin: admin, round: round}
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for i := range 3 {
			wg.Go(func() { w.createPeople(ctx, i) })
		}
		wg.Go(func() { w.loadTriples(ctx) })
		time.Sleep(time.Duration(300+r.IntN(1500)) * time.Millisecond)
		_ = c.cmd.Process.Kill()
		<-c.exited
		stop()
		wg.Wait()

		people, triples := w.acknowledged()
		acked += len(people)
		loads += len(triples)
		c2, base2 := startServeChild(t, db)
		checkServedWrites(t, round, base2, people, triples, w.sentTriples())
		_ = c2.cmd.Process.Kill()
		<-c2.exited
	}
	t.Logf("%d rounds: %d acknowledged mutations and %d acknowledged loads found, none in part", rounds, acked, loads)
	if acked == 0 {
		t.Errorf("no write was acknowledged in %d rounds: the test tested nothing", rounds)
	}
}

// makeToken makes a token with the command line, as an operator would.
func makeToken(t *testing.T, db, name, role string) string {
	t.Helper()
	code, out, errOut := cli(t, nil, "--db", db, "token", "create", "--name", name, "--role", role)
	if code != 0 {
		t.Fatalf("token create: exit %d\n%s", code, errOut)
	}
	return strings.TrimSpace(out)
}

var servedAt = regexp.MustCompile(`graphql=http://([0-9.:]+)/graphql`)

// startServeChild starts `memoria serve` in a child process on a free
// loopback port and waits until it serves.
func startServeChild(t *testing.T, db string) (*child, string) {
	t.Helper()
	c := startChild(context.Background(), t, "--db", db, "serve", "--addr", "127.0.0.1:0", "--log-json=false", "--write-rate", "-1")
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := servedAt.FindStringSubmatch(c.stderr.String()); m != nil {
			return c, "http://" + m[1]
		}
		select {
		case err := <-c.exited:
			t.Fatalf("serve ended: %v\n%s", err, c.stderr.String())
		default:
		}
	}
	_ = c.cmd.Process.Kill()
	t.Fatalf("serve did not start:\n%s", c.stderr.String())
	return nil, ""
}

// crashWriters send writes to a server until it dies, and note which it
// acknowledged.
type crashWriters struct {
	base, editor, admin string
	round               int

	mu      sync.Mutex
	people  []ackedPerson // people whose creation was acknowledged
	triples []int         // loads acknowledged
	sent    int           // loads sent
}

func (w *crashWriters) createPeople(ctx context.Context, writer int) {
	client := &http.Client{Timeout: 10 * time.Second}
	for n := 0; ctx.Err() == nil; n++ {
		id := fmt.Sprintf("person/crash-r%d-w%d-%d", w.round, writer, n)
		name := fmt.Sprintf("Crashwriter R%d W%d N%d", w.round, writer, n)
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation($r: DatasetRecord!, $c: String) { createPerson(record: $r, clientMutationId: $c) { person { id } revision } }`,
			"variables": map[string]any{"r": map[string]any{"id": id, "name": name, "cite": "source/essay-special-treatment ¶1"}, "c": id},
		})
		var out struct {
			Data struct {
				CreatePerson *struct{ Person struct{ ID string } } `json:"createPerson"`
			} `json:"data"`
			Errors []json.RawMessage `json:"errors"`
		}
		if post(client, w.base+"/graphql", "application/json", w.editor, body, &out) != nil {
			return // the server is gone
		}
		if len(out.Errors) == 0 && out.Data.CreatePerson != nil && out.Data.CreatePerson.Person.ID == id {
			w.mu.Lock()
			w.people = append(w.people, ackedPerson{id, name})
			w.mu.Unlock()
		}
	}
}

// loadTriples sends loads of two people and a relation between them: a
// load found in part would show.
func (w *crashWriters) loadTriples(ctx context.Context) {
	client := &http.Client{Timeout: 10 * time.Second}
	for n := 0; ctx.Err() == nil; n++ {
		w.mu.Lock()
		w.sent = n + 1
		w.mu.Unlock()
		var out struct{ Revision uint64 }
		if post(client, w.base+"/admin/load", "application/yaml", w.admin, []byte(tripleDataset(w.round, n)), &out) != nil {
			return
		}
		if out.Revision > 0 {
			w.mu.Lock()
			w.triples = append(w.triples, n)
			w.mu.Unlock()
		}
	}
}

func tripleDataset(round, n int) string {
	return fmt.Sprintf(`people:
  - id: person/load-r%[1]d-%[2]d-a
    name: Loadpair R%[1]d N%[2]d A
    cite: source/essay-special-treatment ¶1
  - id: person/load-r%[1]d-%[2]d-b
    name: Loadpair R%[1]d N%[2]d B
    cite: source/essay-special-treatment ¶1
relations:
  - id: relation/load-r%[1]d-%[2]d
    subject: person/load-r%[1]d-%[2]d-a
    type: allied-with
    object: person/load-r%[1]d-%[2]d-b
    cite: source/essay-special-treatment ¶1
`, round, n)
}

// ackedPerson is a person whose creation the server acknowledged.
type ackedPerson struct{ id, name string }

func (w *crashWriters) acknowledged() ([]ackedPerson, []int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]ackedPerson(nil), w.people...), append([]int(nil), w.triples...)
}

func (w *crashWriters) sentTriples() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sent
}

// post sends body and decodes a 200 answer into out; any other status
// leaves out as it was. It fails only when the server cannot be reached.
func post(client *http.Client, url, media, token string, body []byte, out any) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", media)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return nil
}

// checkServedWrites asks the restarted server for what was acknowledged:
// each person by id and by a name search, each load's three records
// whole, and no load in part among those sent.
func checkServedWrites(t *testing.T, round int, base string, people []ackedPerson, triples []int, sent int) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	ask := func(query string, vars map[string]any, out any) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	var found struct {
		Data struct{ Nodes []*struct{ ID string } } `json:"data"`
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.id
	}
	ask(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &found)
	for i, n := range found.Data.Nodes {
		if n == nil {
			t.Errorf("round %d: %s was acknowledged and is not served after the restart", round, people[i].id)
		}
	}
	for _, p := range people[max(0, len(people)-3):] {
		var hits struct {
			Data struct {
				Search []struct{ Node struct{ ID string } }
			} `json:"data"`
		}
		ask(`query($q: String!) { search(text: $q, first: 3) { node { id } } }`, map[string]any{"q": p.name}, &hits)
		if len(hits.Data.Search) == 0 || hits.Data.Search[0].Node.ID != p.id {
			t.Errorf("round %d: a search for %q does not find %s first: %+v", round, p.name, p.id, hits.Data.Search)
		}
	}
	acked := map[int]bool{}
	for _, n := range triples {
		acked[n] = true
	}
	for n := range sent {
		ids = []string{fmt.Sprintf("person/load-r%d-%d-a", round, n), fmt.Sprintf("person/load-r%d-%d-b", round, n), fmt.Sprintf("relation/load-r%d-%d", round, n)}
		var got struct {
			Data struct{ Nodes []*struct{ ID string } } `json:"data"`
		}
		ask(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &got)
		present := 0
		for _, x := range got.Data.Nodes {
			if x != nil {
				present++
			}
		}
		switch {
		case present != 0 && present != len(ids):
			t.Errorf("round %d: load %d is served in part: %d of its %d records", round, n, present, len(ids))
		case acked[n] && present == 0:
			t.Errorf("round %d: load %d was acknowledged and is not served after the restart", round, n)
		}
		if present == len(ids) {
			var path struct {
				Data struct{ Path *struct{ Length int } } `json:"data"`
			}
			ask(`query($a: ID!, $b: ID!) { path(from: $a, to: $b) { length } }`, map[string]any{"a": ids[0], "b": ids[1]}, &path)
			if path.Data.Path == nil || path.Data.Path.Length != 1 {
				t.Errorf("round %d: load %d's relation is not on the path between its people: %+v", round, n, path.Data.Path)
			}
		}
	}
}
