package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/snapshot"
)

// snapshotQueries ask for records, a search, a path and a neighbourhood:
// what each index answers.
var snapshotQueries = []string{
	`{ search(text: "Zinoview") { score node { id } } }`,
	`{ path(from: "person/leon-trotsky", to: "person/lavrentiy-beria") { length steps { label statement citations { locator } } } }`,
	`{ neighborhood(id: "person/lavrentiy-beria", hops: 2) { truncated nodes { id name } edges { source target label } } }`,
	`{ neighborhood(id: "person/snapshot-test", hops: 1) { nodes { id name description } } }`,
	`{ search(text: "Snapshot Test") { score node { id } } }`,
}

// answers asks a running serve snapshotQueries, and returns the answers.
func answers(t *testing.T, base string) []string {
	t.Helper()
	var out []string
	for _, q := range snapshotQueries {
		status, a := gqlAs(t, base, "", q, nil)
		delete(a, "extensions") // the request's id
		b, _ := json.Marshal(a)
		if status != 200 {
			t.Fatalf("%s: %d %s", q, status, b)
		}
		out = append(out, string(b))
	}
	return out
}

// serveOnce starts serve over db, waits until the log holds each of
// want, and returns its answers to snapshotQueries. write, when set,
// runs before it is stopped.
func serveOnce(t *testing.T, db string, want []string, write func(base string)) ([]string, string) {
	t.Helper()
	base, stop, done, log := startServe(t, db, "--drain", "0s")
	got := answers(t, base)
	if write != nil {
		write(base)
	}
	// The snapshot is written in the background after a start from the
	// store: the test waits for it, as a server running on would.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if containsAll(log.String(), want) {
			break
		}
	}
	stop()
	waitServed(t, done)
	if !containsAll(log.String(), want) {
		t.Fatalf("the log does not say %q:\n%s", want, log.String())
	}
	return got, log.String()
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func sameAnswers(t *testing.T, what string, got, want []string) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: %s\n got  %s\n want %s", what, snapshotQueries[i], got[i], want[i])
		}
	}
}

// TestServeKeepsASnapshot: serve writes a snapshot of its records beside
// the store, starts from it while it is current and answers as it did,
// keeps it current through writes, and reads the store instead of a
// snapshot that is damaged or stale.
func TestServeKeepsASnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memoria.db")
	db, snap := "bbolt:"+path, path+".snapshot"
	editor := makeToken(t, db, "anna", "editor")

	// From the store: the snapshot is written once the indexes are built.
	// A write moves the records on; at shutdown the snapshot follows.
	first, _ := serveOnce(t, db, []string{"snapshot cannot be used", "snapshot written"}, func(base string) {
		create := `mutation($r: DatasetRecord!) { createPerson(record: $r) { person { id } } }`
		status, out := gqlAs(t, base, editor, create, map[string]any{"r": map[string]any{"id": "person/snapshot-test", "name": "Snapshot Test", "description": "Written before a restart.", "cite": "source/essay-special-treatment ¶1"}})
		if status != 200 || out["errors"] != nil {
			t.Fatalf("createPerson: %d %v", status, out)
		}
	})
	if strings.Contains(first[3], "Written before") {
		t.Fatalf("the person was there before it was written: %s", first[3])
	}

	// From the snapshot: what was written is there, and every answer is
	// the one a server reading the store gives.
	fromSnapshot, log := serveOnce(t, db, []string{"records read from the snapshot"}, nil)
	if strings.Contains(log, "snapshot cannot be used") {
		t.Fatalf("the snapshot written at shutdown was not used:\n%s", log)
	}
	if !strings.Contains(fromSnapshot[3], "Written before a restart.") {
		t.Fatalf("the write before the restart is missing: %s", fromSnapshot[3])
	}
	if err := os.Remove(snap); err != nil {
		t.Fatal(err)
	}
	fromStore, _ := serveOnce(t, db, []string{"snapshot cannot be used", "no snapshot", "snapshot written"}, nil)
	sameAnswers(t, "from the snapshot", fromSnapshot, fromStore)

	// Damaged: a flipped byte or a cut is found, and the store read.
	for _, d := range []struct {
		name, found string
		damage      func([]byte) []byte
	}{
		{"flipped", "checksum mismatch", func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }},
		{"cut", "cut short", func(b []byte) []byte { return b[:len(b)-100] }},
	} {
		b, err := os.ReadFile(snap)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(snap, d.damage(b), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := serveOnce(t, db, []string{"snapshot cannot be used", d.found, "snapshot written"}, nil)
		sameAnswers(t, "after a damaged snapshot ("+d.name+")", got, fromStore)
	}

	// Stale: a load while the server is stopped moves the store on.
	change := writeDataset(t, map[string]string{"p.yaml": "people:\n  - id: person/snapshot-loaded\n    name: Snapshot Test Loaded\n    cite: source/essay-special-treatment ¶1\n"})
	if code, _, errOut := cli(t, nil, "--db", db, "load", change); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	got, _ := serveOnce(t, db, []string{"snapshot cannot be used", "another store state", "snapshot written"}, nil)
	if !strings.Contains(got[4], "person/snapshot-loaded") {
		t.Fatalf("a stale snapshot was served: %s", got[4])
	}
}

// TestServeSnapshotsARebuiltBase: once writes have grown the read
// model's delta enough for its base to be rebuilt, the rebuilt records are
// written as the snapshot while the server runs, so that a kill after
// many writes does not cost the next start a read of the store.
func TestServeSnapshotsARebuiltBase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memoria.db")
	db, snap := "bbolt:"+path, path+".snapshot"
	admin := makeToken(t, db, "root", "admin")
	base, stop, done, log := startServe(t, db, "--drain", "0s", "--write-rate", "-1")
	written := regexp.MustCompile(`msg="snapshot written".* revision=(\d+)`)
	waitLog := func(n int) []string {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if m := written.FindAllStringSubmatch(log.String(), -1); len(m) >= n {
				return m[n-1]
			}
		}
		t.Fatalf("no snapshot written %d times:\n%s", n, log.String())
		return nil
	}
	waitLog(1)

	// One load of more records than the default rebuild threshold.
	var people strings.Builder
	people.WriteString("people:\n")
	for i := range 1200 {
		fmt.Fprintf(&people, "  - id: person/rebuilt-%d\n    name: Rebuilt %d\n    cite: source/essay-special-treatment ¶1\n", i, i)
	}
	dir := writeDataset(t, map[string]string{"p.yaml": people.String()})
	if code, _, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": admin}, "load", "--server", base, dir); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	m := waitLog(2)
	revision, _ := strconv.ParseUint(m[1], 10, 64)

	// Read while the server still runs: this is what a kill leaves.
	stamp, err := snapshot.StampOf(path, revision)
	if err != nil {
		t.Fatal(err)
	}
	c, err := snapshot.Read(snap, stamp)
	if err != nil {
		t.Fatalf("the snapshot of the rebuilt base cannot be read: %v\n%s", err, log.String())
	}
	found := false
	for _, e := range c.Records.Entities {
		found = found || e.ID == "person/rebuilt-1199"
	}
	if !found {
		t.Fatal("the snapshot of the rebuilt base lacks the records loaded")
	}
	stop()
	waitServed(t, done)
}
