package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestServeOnAStandby: `serve --db STANDBY --write-db PRIMARY` takes a
// write through the primary and answers it under the revision the write
// made, and so does another such server started once the standby has
// replayed the write; a server on the standby alone serves it and refuses
// writes, and so does a command that writes.
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

	base, stop, done, _ := startServe(t, sdb, "--write-db", db)
	create := `mutation($r: DatasetRecord!) { createPerson(record: $r) { person { id name } revision } }`
	status, out := gqlAs(t, base, editor, create, map[string]any{"r": map[string]any{
		"id": "person/via-standby", "name": "Via Standby", "cite": "source/essay-special-treatment ¶1"}})
	if status != 200 || out["errors"] != nil {
		t.Fatalf("a write through the server on the standby: %d %v", status, out)
	}
	written := fmt.Sprint(out["data"].(map[string]any)["createPerson"].(map[string]any)["revision"])
	if got := seenAt(t, base, "person/via-standby"); got != written {
		t.Errorf("the writing server after its write: %s, want the person at revision %s", got, written)
	}
	stop()
	waitServed(t, done)

	if err := standby.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Another server on the standby, started once it has replayed the
	// write: it reads the standby, and answers at the write's revision.
	base, stop, done, _ = startServe(t, sdb, "--write-db", db)
	if got := seenAt(t, base, "person/via-standby"); got != written {
		t.Errorf("another server on the standby: %s, want the person at revision %s", got, written)
	}
	stop()
	waitServed(t, done)

	base, stop, done, log := startServe(t, sdb)
	defer waitServed(t, done)
	defer stop()
	// A read-only server gives no revision.
	if got := seenAt(t, base, "person/via-standby"); got != "<nil>" {
		t.Errorf("a server on the standby alone: %s, want the person\n%s", got, log.String())
	}
	if !strings.Contains(log.String(), "hot standby") {
		t.Errorf("a server on the standby alone does not say it is read-only:\n%s", log.String())
	}
	_, out = gqlAs(t, base, editor, create, map[string]any{"r": map[string]any{
		"id": "person/refused", "name": "Refused", "cite": "source/essay-special-treatment ¶1"}})
	if out["errors"] == nil {
		t.Errorf("a write through a server on the standby alone: %v, want it refused", out)
	}
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
