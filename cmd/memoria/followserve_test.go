package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// seen is what a server answers about a person: found by a name search,
// on a path to a record it is related to, and the revision it answers
// at.
type seen struct {
	found    bool
	path     bool
	revision uint64
}

// lookFor asks the server at base whether it shows person id, named
// name, related to other.
func lookFor(t *testing.T, base, id, name, other string) seen {
	t.Helper()
	status, out := gqlAs(t, base, "", `query($q: String!, $a: ID!, $b: ID!) { search(text: $q, first: 3) { node { id } } path(from: $a, to: $b) { length } }`,
		map[string]any{"q": name, "a": id, "b": other})
	if status != http.StatusOK || out["errors"] != nil && errorCode(out) != "NOT_FOUND" {
		t.Fatalf("asking %s for %s: %d %v", base, id, status, out)
	}
	var got struct {
		Data struct {
			Search []struct{ Node struct{ ID string } }
			Path   *struct{ Length int }
		}
		Extensions struct{ Revision uint64 }
	}
	b, _ := json.Marshal(out)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	return seen{
		found:    len(got.Data.Search) > 0 && got.Data.Search[0].Node.ID == id,
		path:     got.Data.Path != nil && got.Data.Path.Length == 1,
		revision: got.Extensions.Revision,
	}
}

// waitToSee asks base until it shows the person at revision rev, and
// returns how long that took.
func waitToSee(t *testing.T, base, id, name, other string, rev uint64) time.Duration {
	t.Helper()
	start := time.Now()
	var s seen
	for time.Since(start) < 20*time.Second {
		if s = lookFor(t, base, id, name, other); s.found && s.path && s.revision == rev {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s does not show %s at revision %d after 20s: %+v", base, id, rev, s)
	return 0
}

// mutate sends a mutation and returns the graph's revision after it.
func mutate(t *testing.T, base, token, query string, vars map[string]any) uint64 {
	t.Helper()
	status, out := gqlAs(t, base, token, query, vars)
	if status != http.StatusOK || out["errors"] != nil {
		t.Fatalf("%s: %d %v", query, status, out)
	}
	for _, v := range out["data"].(map[string]any) {
		return uint64(v.(map[string]any)["graphRevision"].(float64))
	}
	t.Fatalf("%s: no payload in %v", query, out)
	return 0
}

// TestTwoServersOnOneDatabase: two memoria serve processes on one
// PostgreSQL database. A person and a relation written through one are
// found by name, and on a path, through the other within a second, at the
// same revision; then the other way; then a load by a third process, and
// one sent to one server's /admin/load, reach both; and a token made, then
// revoked, through one is let in, then refused, by the other.
func TestTwoServersOnOneDatabase(t *testing.T) {
	db := startPostgres(t).NewDatabase(t)
	// Tokens are kept in the database: made once, they work on both.
	editor := makeToken(t, db, "anna", "editor")
	admin := makeToken(t, db, "olga", "admin")
	servers := map[string]string{}
	for _, name := range []string{"a", "b"} {
		c, base := startServeChild(t, db)
		t.Cleanup(func() { _ = c.cmd.Process.Kill(); <-c.exited })
		servers[name] = base
	}

	const createPerson = `mutation($r: DatasetRecord!) { createPerson(record: $r) { graphRevision } }`
	const createRelation = `mutation($r: DatasetRecord!) { createRelation(record: $r) { graphRevision } }`
	const cite = "source/essay-special-treatment ¶1"
	for i, dir := range [][2]string{{"a", "b"}, {"b", "a"}} {
		from, to := servers[dir[0]], servers[dir[1]]
		id, name := fmt.Sprintf("person/two-servers-%d", i), fmt.Sprintf("Duoserva %c", 'K'+i)
		mutate(t, from, editor, createPerson, map[string]any{"r": map[string]any{"id": id, "name": name, "cite": cite}})
		rev := mutate(t, from, editor, createRelation, map[string]any{"r": map[string]any{
			"id": fmt.Sprintf("relation/two-servers-%d", i), "subject": id, "type": "member-of", "object": "group/nkvd", "cite": []any{cite},
		}})
		took := waitToSee(t, to, id, name, "group/nkvd", rev)
		t.Logf("written through %s, seen through %s at revision %d after %v", dir[0], dir[1], rev, took)
		if took > time.Second {
			t.Errorf("a write through %s took %v to be seen through %s, want within 1s", dir[0], took, dir[1])
		}
		if s := lookFor(t, from, id, name, "group/nkvd"); s.revision != rev {
			t.Errorf("%s answers at revision %d, want %d", dir[0], s.revision, rev)
		}
	}

	// A load by another process: memoria load, run beside the servers.
	rev := lookFor(t, servers["a"], "person/two-servers-0", "Duoserva K", "group/nkvd").revision
	dir := writeDataset(t, map[string]string{"people.yaml": tripleDataset(90, 0)})
	if code, errOut := runChild(t, time.Minute, "--db", db, "load", dir); code != 0 {
		t.Fatalf("memoria load beside the servers: exit %d\n%s", code, errOut)
	}
	rev++
	for name, base := range servers {
		took := waitToSee(t, base, "person/load-r90-0-a", "Loadpair R90 N0 A", "person/load-r90-0-b", rev)
		t.Logf("a load by another process seen through %s after %v", name, took)
	}

	// A load sent to b's /admin/load reaches a.
	var loaded struct{ Revision uint64 }
	if err := post(http.DefaultClient, servers["b"]+"/admin/load", "application/yaml", admin, []byte(tripleDataset(91, 0)), &loaded); err != nil || loaded.Revision != rev+1 {
		t.Fatalf("/admin/load on b: revision %d, %v; want %d", loaded.Revision, err, rev+1)
	}
	took := waitToSee(t, servers["a"], "person/load-r91-0-a", "Loadpair R91 N0 A", "person/load-r91-0-b", rev+1)
	t.Logf("a load through b's /admin/load seen through a after %v", took)

	// A token made through a works on b, and once revoked through a is
	// refused on b, within a few seconds.
	status, out := gqlAs(t, servers["a"], admin, `mutation { createToken(name: "boris", role: editor) { secret } }`, nil)
	made, _ := out["data"].(map[string]any)["createToken"].(map[string]any)
	if status != http.StatusOK || made == nil {
		t.Fatalf("createToken on a: %d %v", status, out)
	}
	waitStatus := func(want int, what string) {
		t.Helper()
		start := time.Now()
		for {
			status, _ := gqlAs(t, servers["b"], made["secret"].(string), `{ __typename }`, nil)
			if status == want {
				t.Logf("%s on b after %v", what, time.Since(start))
				return
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%s: b answers %d after 10s, want %d", what, status, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitStatus(http.StatusOK, "a token made through a works")
	if status, out := gqlAs(t, servers["a"], admin, `mutation { revokeToken(name: "boris") { revoked } }`, nil); status != http.StatusOK || out["errors"] != nil {
		t.Fatalf("revokeToken on a: %d %v", status, out)
	}
	waitStatus(http.StatusUnauthorized, "a token revoked through a is refused")
}

// TestTwoServersFollowThroughAnOutage: PostgreSQL stops under two
// servers and starts again. The server that follows says once that it
// cannot read the store's changes, and once that it can again, and a
// write made through the other afterwards reaches it, with no help.
func TestTwoServersFollowThroughAnOutage(t *testing.T) {
	pg := startPostgres(t)
	db := pg.NewDatabase(t)
	editor := makeToken(t, db, "anna", "editor")
	var bases []string
	var follower *child
	for range 2 {
		c, base := startServeChild(t, db)
		t.Cleanup(func() { _ = c.cmd.Process.Kill(); <-c.exited })
		bases, follower = append(bases, base), c
	}
	const failing, again = "cannot read the store's changes", "following the store's changes again"

	if err := pg.Halt(); err != nil {
		t.Fatal(err)
	}
	waitReady(t, bases[1], http.StatusServiceUnavailable)
	// Follow looks every few seconds while no notification can come.
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(follower.stderr.String(), failing); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the follower did not say that it cannot read the store's changes:\n%s", follower.stderr.String())
		}
	}
	time.Sleep(time.Second) // retries meanwhile are not logged
	if err := pg.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	waitReady(t, bases[0], http.StatusOK)
	rev := mutate(t, bases[0], editor, `mutation($r: DatasetRecord!) { createRelation(record: $r) { graphRevision } }`, map[string]any{"r": map[string]any{
		"id": "relation/after-outage", "subject": "person/nikolai-yezhov", "type": "member-of", "object": "group/nkvd", "cite": []any{"source/essay-special-treatment ¶1"},
	}})
	took := waitToSee(t, bases[1], "person/nikolai-yezhov", "Nikolai Yezhov", "group/nkvd", rev)
	t.Logf("after the restart, a write through one server was seen through the other after %v", took)
	log := follower.stderr.String()
	if n := strings.Count(log, failing); n != 1 {
		t.Errorf("the follower said %d times that it cannot read the store's changes, want once:\n%s", n, log)
	}
	if !strings.Contains(log, again) {
		t.Errorf("the follower did not say that it follows again:\n%s", log)
	}
}
