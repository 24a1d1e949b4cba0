package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestServeOnAStandby: `serve --db STANDBY --write-db PRIMARY` takes a
// write through the primary and answers it under the revision the write
// made; another such server, and a server on the standby alone, both
// following the standby, serve it within a second at the same revision;
// the server on the standby alone refuses writes with CONFLICT, as a
// command that writes does, and rides out its primary going down: it
// answers from the standby meanwhile and follows again once writes come.
func TestServeOnAStandby(t *testing.T) {
	primary, standby := pgtest.StartReplicated(t)
	db := primary.NewDatabase(t)
	sdb := standby.DSNFor(db)
	editor := makeToken(t, db, "anna", "editor")
	if err := standby.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, nil, "--db", sdb, "token", "create", "--name", "olga", "--role", "admin")
	if code != history.ExitConflict || !strings.Contains(errOut, "hot standby") || !strings.Contains(errOut, "--write-db") {
		t.Errorf("token create on the standby alone: exit %d\n%s\nwant %d, saying it is a hot standby", code, errOut, history.ExitConflict)
	}

	// A and B read the standby and write the primary; C reads the
	// standby alone.
	baseA, stopA, doneA, _ := startServe(t, sdb, "--write-db", db)
	defer waitServed(t, doneA)
	defer stopA()
	baseB, stopB, doneB, _ := startServe(t, sdb, "--write-db", db)
	defer waitServed(t, doneB)
	defer stopB()
	baseC, stopC, doneC, logC := startServe(t, sdb)
	defer waitServed(t, doneC)
	defer stopC()
	if !strings.Contains(logC.String(), "hot standby") {
		t.Errorf("a server on the standby alone does not say it is read-only:\n%s", logC.String())
	}

	create := `mutation($r: DatasetRecord!) { createPerson(record: $r) { person { id name } revision } }`
	status, out := gqlAs(t, baseA, editor, create, map[string]any{"r": map[string]any{
		"id": "person/via-standby", "name": "Via Standby", "cite": "source/essay-special-treatment ¶1"}})
	if status != 200 || out["errors"] != nil {
		t.Fatalf("a write through the server on the standby: %d %v", status, out)
	}
	acked := time.Now()
	written := fmt.Sprint(out["data"].(map[string]any)["createPerson"].(map[string]any)["revision"])
	if got := seenAt(t, baseA, "person/via-standby"); got != written {
		t.Errorf("the writing server after its write: %s, want the person at revision %s", got, written)
	}
	// B and C follow the standby, polled: within a second, at the
	// revision A reported.
	for _, s := range []struct{ name, base string }{{"B", baseB}, {"C", baseC}} {
		seenWithin(t, s.name, s.base, "person/via-standby", written, acked, time.Second)
	}
	_, out = gqlAs(t, baseC, editor, create, map[string]any{"r": map[string]any{
		"id": "person/refused", "name": "Refused", "cite": "source/essay-special-treatment ¶1"}})
	if code, msg := errorCode(out), fmt.Sprint(out["errors"]); code != "CONFLICT" || !strings.Contains(msg, "--write-db") {
		t.Errorf("a write through a server on the standby alone: %v, want it refused with CONFLICT naming --write-db", out)
	}

	// The primary goes down: C keeps answering from the standby, ready.
	if err := primary.Halt(); err != nil {
		t.Fatal(err)
	}
	waitReady(t, baseC, http.StatusOK)
	if got := seenAt(t, baseC, "person/via-standby"); got != written {
		t.Errorf("the server on the standby alone, its primary down: %s, want the person at revision %s", got, written)
	}
	if err := primary.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Back, the primary takes writes through A again; the standby
	// streams them once it has connected to it again (PostgreSQL's
	// business, within its wal_retrieve_retry_interval), and from then
	// on C sees each within a second.
	for i, within := range []time.Duration{20 * time.Second, time.Second} {
		id := fmt.Sprintf("person/after-outage-%d", i)
		rev, at := writeRetrying(t, baseA, editor, create, map[string]any{"r": map[string]any{
			"id": id, "name": fmt.Sprintf("After Outage %d", i), "cite": "source/essay-special-treatment ¶1"}})
		seenWithin(t, "C", baseC, id, rev, at, within)
	}
}

// seenWithin waits until the server at base answers that id exists at
// revision want, and fails t unless that is within the time given after
// since.
func seenWithin(t *testing.T, name, base, id, want string, since time.Time, within time.Duration) {
	t.Helper()
	got := ""
	for time.Since(since) < within+2*time.Second {
		if got = seenAt(t, base, id); got == want {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got != want {
		t.Errorf("server %s on the standby: %s, want %s at revision %s", name, got, id, want)
	} else if waited := time.Since(since); waited > within {
		t.Errorf("server %s on the standby saw %s after %v, want within %v", name, id, waited, within)
	} else {
		t.Logf("server %s on the standby saw %s %v after it was acknowledged", name, id, waited)
	}
}

// writeRetrying sends a mutation that creates a person until it is
// answered without an error (the database may be coming back), at most
// 30 s, and returns the revision it made and when it was acknowledged.
func writeRetrying(t *testing.T, base, token, query string, vars map[string]any) (string, time.Time) {
	t.Helper()
	var out map[string]any
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var status int
		if status, out = gqlAs(t, base, token, query, vars); status == http.StatusOK && out["errors"] == nil {
			return fmt.Sprint(out["data"].(map[string]any)["createPerson"].(map[string]any)["revision"]), time.Now()
		}
	}
	t.Fatalf("a write through %s after the outage: %v", base, out)
	return "", time.Time{}
}

// seenAt is the revision at which the server at base answers that id
// exists (<nil> from a read-only server, which gives none), or what it
// answered instead.
func seenAt(t *testing.T, base string, id string) string {
	t.Helper()
	_, out := gqlAs(t, base, "", fmt.Sprintf(`{ node(id: %q) { id } }`, id), nil)
	if fmt.Sprint(out["data"]) != "map[node:map[id:"+id+"]]" {
		return fmt.Sprint(out)
	}
	ext, _ := out["extensions"].(map[string]any)
	return fmt.Sprint(ext["revision"])
}
