package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
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
