package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gqlAs posts a GraphQL request to a running serve with a token, and
// returns the status and the decoded answer.
func gqlAs(t *testing.T, base, token, query string, vars map[string]any) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// TestServeManagesTokens: an admin makes a token while serve holds the
// store, the token writes at once, and once revoked it is refused.
func TestServeManagesTokens(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	admin := makeToken(t, db, "olga", "admin")
	editor := makeToken(t, db, "anna", "editor")
	base, stop, done, _ := startServe(t, db)
	defer waitServed(t, done)
	defer stop()

	status, out := gqlAs(t, base, editor, `mutation { createToken(name: "boris", role: editor) { secret } }`, nil)
	if status != 200 || out["data"].(map[string]any)["createToken"] != nil {
		t.Fatalf("an editor made a token: %d %v", status, out)
	}
	status, out = gqlAs(t, base, admin, `mutation { createToken(name: "boris", role: editor) { secret token { name role revoked } } }`, nil)
	made, _ := out["data"].(map[string]any)["createToken"].(map[string]any)
	if status != 200 || made == nil {
		t.Fatalf("createToken: %d %v", status, out)
	}
	secret := made["secret"].(string)
	create := `mutation($r: DatasetRecord!) { createPerson(record: $r) { person { id } } }`
	status, out = gqlAs(t, base, secret, create, map[string]any{"r": map[string]any{"id": "person/boris-test", "name": "Boris Test", "cite": "source/essay-special-treatment ¶1"}})
	if status != 200 || out["errors"] != nil {
		t.Fatalf("the new token could not write: %d %v", status, out)
	}
	status, out = gqlAs(t, base, admin, `query { tokens { name role revoked } changes(by: "boris") { operation } }`, nil)
	if status != 200 || out["errors"] != nil || len(out["data"].(map[string]any)["tokens"].([]any)) != 3 || len(out["data"].(map[string]any)["changes"].([]any)) != 1 {
		t.Fatalf("tokens and boris's changes: %d %v", status, out)
	}
	if status, out = gqlAs(t, base, admin, `mutation { revokeToken(name: "boris") { revoked } }`, nil); status != 200 || out["errors"] != nil {
		t.Fatalf("revokeToken: %d %v", status, out)
	}
	status, _ = gqlAs(t, base, secret, create, map[string]any{"r": map[string]any{"id": "person/boris-again", "name": "Boris Again", "cite": "source/essay-special-treatment ¶1"}})
	if status != http.StatusUnauthorized {
		t.Errorf("a revoked token wrote: status %d, want 401", status)
	}
}

// TestLoadIntoServerIsSeenWholeOrNotAtAll: while a dataset of 3,000
// people goes into a running server, readers asking for 200 of them,
// spread through its files' order, see none or all, never some.
func TestLoadIntoServerIsSeenWholeOrNotAtAll(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	admin := makeToken(t, db, "olga", "admin")
	base, stop, done, _ := startServe(t, db)
	defer waitServed(t, done)
	defer stop()

	var yaml strings.Builder
	yaml.WriteString("people:\n")
	var ids []string
	for i := range 3000 {
		id := fmt.Sprintf("person/batch-%04d", i)
		if i%15 == 0 {
			ids = append(ids, id)
		}
		fmt.Fprintf(&yaml, "  - id: %s\n    name: Batch Person %d\n    cite: source/essay-special-treatment ¶1\n", id, i)
	}
	file := filepath.Join(t.TempDir(), "batch.yaml")
	if err := os.WriteFile(file, []byte(yaml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded := make(chan string, 1)
	go func() {
		code, out, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": admin}, "load", "--server", base, file)
		loaded <- fmt.Sprintf("exit %d %s%s", code, out, errOut)
	}()
	// One aliased field per id: an id not there fails its own field alone.
	var q strings.Builder
	q.WriteString("{")
	for i, id := range ids {
		fmt.Fprintf(&q, " p%d: node(id: %q) { id }", i, id)
	}
	q.WriteString(" }")
	count := func() int {
		_, out := gqlAs(t, base, "", q.String(), nil)
		present := 0
		data, _ := out["data"].(map[string]any)
		for _, n := range data {
			if n != nil {
				present++
			}
		}
		return present
	}
	var mu sync.Mutex
	seen := map[int]int{}
	finished := make(chan struct{})
	var readers sync.WaitGroup
	for range 3 {
		readers.Go(func() {
			for {
				select {
				case <-finished:
					return
				default:
				}
				n := count()
				mu.Lock()
				seen[n]++
				mu.Unlock()
			}
		})
	}
	res := <-loaded
	close(finished)
	readers.Wait()
	if !strings.HasPrefix(res, "exit 0") {
		t.Fatalf("load --server: %s", res)
	}
	for n, times := range seen {
		if n != 0 && n != len(ids) {
			t.Errorf("readers saw %d of the load's %d people, %d times", n, len(ids), times)
		}
	}
	if n := count(); n != len(ids) {
		t.Errorf("after the load, %d of its %d people are served", n, len(ids))
	}
	t.Logf("while the load ran, readers saw none of it %d times, all of it %d times", seen[0], seen[len(ids)])
}

// TestDumpFromServer: while serve holds the store, an admin's dump
// --server writes the graph, with a write just made, as a dataset that
// validates; an editor's token is refused.
func TestDumpFromServer(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	admin := makeToken(t, db, "olga", "admin")
	editor := makeToken(t, db, "anna", "editor")
	base, stop, done, _ := startServe(t, db)
	defer waitServed(t, done)
	defer stop()
	create := `mutation($r: DatasetRecord!) { createPerson(record: $r) { person { id } } }`
	if status, out := gqlAs(t, base, editor, create, map[string]any{"r": map[string]any{"id": "person/dumped-one", "name": "Dumped One", "cite": "source/essay-special-treatment ¶1"}}); status != 200 || out["errors"] != nil {
		t.Fatalf("createPerson: %d %v", status, out)
	}
	dir := filepath.Join(t.TempDir(), "dump")
	code, out, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": admin}, "dump", "--server", base, "-o", dir)
	if code != 0 || !strings.Contains(out, "at revision 2") {
		t.Fatalf("dump --server: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, nil, "validate", dir); code != 0 {
		t.Fatalf("the dump does not validate: %s", errOut)
	}
	found := false
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		found = found || strings.Contains(string(b), "person/dumped-one")
	}
	if !found {
		t.Errorf("the dump lacks the person written before it")
	}
	if code, _, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": editor}, "dump", "--server", base, "-o", filepath.Join(t.TempDir(), "d2")); code != 6 || !strings.Contains(errOut, "needs admin") {
		t.Errorf("an editor's dump: exit %d %q, want 6", code, errOut)
	}
	if code, _, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": admin}, "dump", "--server", base, "-o", dir); code != 3 || !strings.Contains(errOut, "holds") {
		t.Errorf("a dump into a dump: exit %d %q, want 3", code, errOut)
	}
}
