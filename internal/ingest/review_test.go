package ingest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

const smallText = `Two prisoners

Varlam Shalamov spent years in the camps of Kolyma. Stalin's name was on every order.

Later Yezhov and Ezhov were the same man to the prisoners, and Nikolai Yezhov fell in 1938.
`

// writeDraft writes the draft of text, read against the seed, to a new
// directory, and returns it.
func writeDraft(tb testing.TB, text string) string {
	tb.Helper()
	ds := seedData(tb)
	entries := search.Entries(ds)
	in := New(search.NewIndex(entries), entries)
	doc, err := Read([]byte(text), Text)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := in.Draft(context.Background(), doc, SourceInfo{ID: "source/two-prisoners", Author: "a test"})
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	if err := WriteDir(dir, d); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func TestDraftProposesAndMarks(t *testing.T) {
	dir := writeDraft(t, smallText)
	data, err := os.ReadFile(filepath.Join(dir, DraftFile))
	if err != nil {
		t.Fatal(err)
	}
	draft := string(data)
	for _, want := range []string{"entity: person/joseph-stalin", "cite: source/two-prisoners ¶1", "entity: person/nikolai-yezhov", "cite: source/two-prisoners ¶2",
		"id: person/varlam-shalamov", "name: Varlam Shalamov"} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft.yaml lacks %q:\n%s", want, draft)
		}
	}
	_, problems, err := Review(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	marks := strings.Count(draft, "draft: {")
	if len(problems) != marks {
		t.Errorf("got %d problems for %d draft marks: %v", len(problems), marks, problems)
	}
	lines := strings.Split(draft, "\n")
	for _, p := range problems {
		if p.At.File != DraftFile || p.At.Line < 1 || !strings.Contains(lines[p.At.Line-1], "draft:") {
			t.Errorf("problem %v does not point at a draft mark", p)
		}
	}
}

func TestAcceptLeavesOutRejected(t *testing.T) {
	dir := writeDraft(t, smallText)
	path := filepath.Join(dir, DraftFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Reject the new person, accept everything else (one by a review:
	// line, the rest by deleting the mark).
	text := strings.Replace(string(data), "    name: Varlam Shalamov\n", "    name: Varlam Shalamov\n    review: reject\n", 1)
	text = strings.Replace(text, "  - entity: person/joseph-stalin\n", "  - entity: person/joseph-stalin\n    review: accept\n", 1)
	text = regexp.MustCompile(`(?m)^(  - entity: person/nikolai-yezhov\n(?:    .*\n)*?)    draft: .*\n`).ReplaceAllString(text, "$1")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, problems, err := Review(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	// What is left unreviewed is reported; settle it and review again.
	for _, p := range problems {
		if p.Record == "person/nikolai-yezhov" || p.Record == "person/varlam-shalamov" {
			t.Errorf("a reviewed proposal is reported: %v", p)
		}
	}
	text = regexp.MustCompile(`(?m)^    draft: .*\n`).ReplaceAllString(text, "")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	rv, problems, err := Review(os.DirFS(dir))
	if err != nil || len(problems) > 0 {
		t.Fatalf("Review: %v %v", err, problems)
	}
	ch, err := rv.Change(context.Background(), dir, seedData(t))
	if err != nil {
		t.Fatal(err)
	}
	ids := ch.Put.IDs()
	if slices.Contains(ids, "person/varlam-shalamov") {
		t.Error("the rejected person is put")
	}
	if !slices.Contains(ids, "source/two-prisoners") {
		t.Errorf("the source is not put: %v", ids)
	}
	var stalin *history.Entity
	for i := range ch.Put.Entities {
		if ch.Put.Entities[i].ID == "person/joseph-stalin" {
			stalin = &ch.Put.Entities[i]
		}
	}
	if stalin == nil || !slices.Contains(stalin.Citations, history.Citation{Source: "source/two-prisoners", Locator: "¶1"}) {
		t.Fatalf("Stalin is not put with the new citation: %+v", stalin)
	}
	if len(stalin.Citations) < 2 || stalin.Name != "Joseph Stalin" {
		t.Errorf("Stalin's record lost what it held: %+v", stalin)
	}
}

// editDraft rewrites the draft.yaml of dir with edit.
func editDraft(tb testing.TB, dir string, edit func(string) string) {
	tb.Helper()
	path := filepath.Join(dir, DraftFile)
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestAcceptRefusesAnUnknownEntity(t *testing.T) {
	dir := writeDraft(t, smallText)
	editDraft(t, dir, func(text string) string {
		text = strings.Replace(text, "entity: person/joseph-stalin", "entity: person/nobody", 1)
		return regexp.MustCompile(`(?m)^    draft: .*\n`).ReplaceAllString(text, "")
	})
	rv, problems, err := Review(os.DirFS(dir))
	if err != nil || len(problems) > 0 {
		t.Fatalf("Review: %v %v", err, problems)
	}
	stored := seedData(t)
	before := len(stored.Entities[0].Citations)
	_, err = rv.Change(context.Background(), dir, stored)
	if err == nil || !strings.Contains(err.Error(), "person/nobody") || !strings.Contains(err.Error(), DraftFile+":") {
		t.Errorf("Change: %v, want the unknown id named at its line", err)
	}
	if len(stored.Entities[0].Citations) != before {
		t.Error("Change altered the stored records")
	}
}
