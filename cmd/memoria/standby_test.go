package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestServeOnAStandby: `serve --db STANDBY --write-db PRIMARY` takes a
// write through the primary and answers it under the revision the write
// made; another such server, following the standby, serves it within a
// second at the same revision; a server on the standby alone refuses
// writes, as a command that writes does.
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
	// B follows the standby, polled: within a second, at the revision A
	// reported. (C, read-only, serves what it read at start: serve
	// follows a shared store only when it may write.)
	for _, s := range []struct{ name, base, want string }{{"B", baseB, written}} {
		got := ""
		for time.Since(acked) < 3*time.Second {
			if got = seenAt(t, s.base, "person/via-standby"); got == s.want {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if got != s.want {
			t.Errorf("server %s on the standby: %s, want the person (revision %s)", s.name, got, s.want)
		} else if waited := time.Since(acked); waited > time.Second {
			t.Errorf("server %s on the standby saw the write after %v, want within 1s", s.name, waited)
		} else {
			t.Logf("server %s on the standby saw the write %v after it was acknowledged", s.name, waited)
		}
	}
	_, out = gqlAs(t, baseC, editor, create, map[string]any{"r": map[string]any{
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
