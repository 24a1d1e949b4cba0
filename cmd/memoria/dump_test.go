package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// curatedChange edits a seeded record, adds two, and retracts one of
// them: what a curator's changes leave in a store for a dump to keep.
const curatedChange = `people:
  - id: person/lavrentiy-beria
    name: Lavrentiy Beria
    description: Edited by a curator.
    cite: source/essay-special-treatment ¶9
  - id: person/dump-test
    name: Dump Test
    cite: source/essay-special-treatment ¶1
  - id: person/dump-withdrawn
    name: Dump Withdrawn
    cite: source/essay-special-treatment ¶1
    retracted: {reason: "a duplicate of person/dump-test", cite: source/essay-special-treatment ¶1}
groups:
  - id: group/dump-body
    name: Dump Body
    type: body
    ended: 1938
    cite: source/essay-special-treatment ¶2
relations:
  - id: relation/dump-test
    subject: person/dump-test
    type: member-of
    object: group/dump-body
    start: {date: 1936-09, cite: source/essay-special-treatment ¶3}
    end: 1938
    cite: source/essay-special-treatment ¶2
`

// TestDumpLoadsBackTheSame applies a change, dumps the store and loads
// the dump into an empty store: the two stores hold the same records,
// retractions included, revisions and when things were done aside.
func TestDumpLoadsBackTheSame(t *testing.T) {
	ctx := context.Background()
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	change := filepath.Join(writeDataset(t, map[string]string{"change.yaml": curatedChange}), "change.yaml")
	if code, out, errOut := cli(t, nil, "--db", db, "apply", change); code != 0 || !strings.Contains(out, "revision 2, 5 records written") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	dir := filepath.Join(t.TempDir(), "dump")
	code, out, errOut := cli(t, nil, "--db", db, "dump", "-o", dir)
	if code != 0 || !strings.Contains(out, "at revision 2") {
		t.Fatalf("dump: exit %d\n%s%s", code, out, errOut)
	}
	// The dump is a dataset that validates, as a curator would commit it.
	if code, _, errOut := cli(t, nil, "validate", dir); code != 0 {
		t.Errorf("validate the dump: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := cli(t, nil, "dump", "-o", dir); code == 0 {
		t.Errorf("a second dump into the same directory succeeded\n%s", errOut)
	}

	dumped, err := dataset.ReadFS(ctx, os.DirFS(dir), ".", "dump")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := store.Open(ctx, "bbolt:"+filepath.Join(t.TempDir(), "fresh.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.Load(ctx, dumped); err != nil {
		t.Fatalf("load the dump into an empty store: %v", err)
	}
	got, err := fresh.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := store.Open(ctx, db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	want, err := orig.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := bareJSON(t, got), bareJSON(t, want); a != b {
		t.Errorf("the dump loads back otherwise:\n got %.3000s\nwant %.3000s", a, b)
	}
	for _, key := range []string{`"description":"Edited by a curator."`, `"reason":"a duplicate of person/dump-test"`, `"ended":{"date":"1938"}`} {
		if !strings.Contains(bareJSON(t, got), key) {
			t.Errorf("the reloaded store has no %s", key)
		}
	}
}

// bareJSON is ds in JSON without what a store sets when it writes:
// revisions, and the revision and time of retractions.
func bareJSON(t *testing.T, ds *history.Dataset) string {
	t.Helper()
	bare := func(rev *uint64, r *history.Retracted) {
		*rev = 0
		if r != nil {
			*r = history.Retracted{Reason: r.Reason, Citations: r.Citations}
		}
	}
	for i := range ds.Sources {
		bare(&ds.Sources[i].Revision, ds.Sources[i].Retracted)
	}
	for i := range ds.Entities {
		bare(&ds.Entities[i].Revision, ds.Entities[i].Retracted)
	}
	for i := range ds.Events {
		bare(&ds.Events[i].Revision, ds.Events[i].Retracted)
	}
	for i := range ds.Relations {
		bare(&ds.Relations[i].Revision, ds.Relations[i].Retracted)
	}
	for i := range ds.Claims {
		bare(&ds.Claims[i].Revision, ds.Claims[i].Retracted)
	}
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestChangesCommand lists the changes of a store: the embedded dataset's
// load, then a change applied, filtered by revision, author and record.
func TestChangesCommand(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	change := filepath.Join(writeDataset(t, map[string]string{"change.yaml": curatedChange}), "change.yaml")
	if code, out, errOut := cli(t, nil, "--db", db, "apply", "--operation", "curate", change); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	lines := func(args ...string) []string {
		t.Helper()
		code, out, errOut := cli(t, nil, append([]string{"--db", db, "changes"}, args...)...)
		if code != 0 {
			t.Fatalf("changes %q: exit %d\n%s", args, code, errOut)
		}
		return strings.Split(strings.TrimSpace(out), "\n")
	}
	all := lines()
	if len(all) != 2 || !strings.HasPrefix(all[0], "1  ") || !strings.Contains(all[0], "memoria  load the embedded dataset") ||
		!strings.HasPrefix(all[1], "2  ") || !strings.Contains(all[1], "curate "+change) || !strings.Contains(all[1], "person/lavrentiy-beria") {
		t.Errorf("changes:\n%s", strings.Join(all, "\n"))
	}
	for _, tc := range []struct {
		args []string
		want string // the revisions listed, in order
	}{
		{[]string{"--since", "1"}, "2"},
		{[]string{"--by", "memoria"}, "1"},
		{[]string{"--id", "person/dump-test"}, "2"},
		{[]string{"--id", "person/nikolai-yezhov"}, "1"},
		{[]string{"--by", "nobody"}, ""},
	} {
		var got []string
		for _, l := range lines(tc.args...) {
			if rev, _, ok := strings.Cut(l, "  "); ok {
				got = append(got, rev)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("changes %q lists revisions %q, want %q", tc.args, got, tc.want)
		}
	}
	// --json gives a record's history: what it was before, and after.
	code, out, errOut := cli(t, nil, "--db", db, "changes", "--json", "--id", "person/lavrentiy-beria", "--since", "1")
	if code != 0 {
		t.Fatalf("changes --json: exit %d\n%s", code, errOut)
	}
	var c struct {
		Revision      uint64
		Operation     string
		Before, After history.Dataset
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if c.Revision != 2 || c.Operation != "curate" || len(c.Before.Entities) != 1 || c.Before.Entities[0].Description == "Edited by a curator." ||
		c.After.Len() != 5 || c.After.Entities[0].Revision != 2 {
		t.Errorf("changes --json: %s", out)
	}
}

// TestRetractedRecordsAreNotExported applies a change that retracts a
// record: export leaves it out, as answers do, and dump keeps it.
func TestRetractedRecordsAreNotExported(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	change := filepath.Join(writeDataset(t, map[string]string{"change.yaml": curatedChange}), "change.yaml")
	if code, out, errOut := cli(t, nil, "--db", db, "apply", change); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := cli(t, nil, "--db", db, "export", "--format", "nquads")
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "person/dump-test>") || strings.Contains(out, "person/dump-withdrawn>") {
		t.Errorf("the export should hold person/dump-test and not the retracted person/dump-withdrawn")
	}
	dir := filepath.Join(t.TempDir(), "dump")
	if code, _, errOut := cli(t, nil, "--db", db, "dump", "-o", dir); code != 0 {
		t.Fatalf("dump: exit %d\n%s", code, errOut)
	}
	people, err := os.ReadFile(filepath.Join(dir, dataset.FileName("people", -1)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(people), "person/dump-withdrawn") || !strings.Contains(string(people), "a duplicate of person/dump-test") {
		t.Errorf("the dump lacks the retracted record and its reason:\n%.2000s", people)
	}
}
