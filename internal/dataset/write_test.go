package dataset_test

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

// readSeed reads the embedded dataset.
func readSeed(t *testing.T) *history.Dataset {
	t.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestWriteDirReadsBack writes the seed, a retraction added, in small
// files, and reads it back: the same records, positions aside.
func TestWriteDirReadsBack(t *testing.T) {
	ds := readSeed(t)
	ds.Relations[0].Retracted = &history.Retracted{Reason: "a test: withdrawn", Citations: ds.Relations[0].Citations, Revision: 4, At: time.Now()}
	ds.Entities[0].Revision = 9
	dir := filepath.Join(t.TempDir(), "dump")
	names, err := dataset.WriteDir(context.Background(), dir, ds, dataset.WriteOptions{PerFile: 40, Header: "Written by a test.\nSecond line."})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 8 || names[0] != "1-sources.yaml" {
		t.Errorf("files %v", names)
	}
	got, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", "")
	if err != nil {
		t.Fatalf("read the written dataset: %v", err)
	}
	if ps := history.Validate(got); len(ps) > 0 {
		t.Errorf("the written dataset has problems:\n%v", ps)
	}
	want := ds
	want.Relations[0].Retracted = &history.Retracted{Reason: "a test: withdrawn", Citations: ds.Relations[0].Citations}
	want.Entities[0].Revision = 0
	a, b := jsonOf(t, got), jsonOf(t, want)
	if a != b {
		t.Errorf("read back otherwise:\n got %.2000s\nwant %.2000s", a, b)
	}
	people, err := os.ReadFile(filepath.Join(dir, names[len(names)-1]))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(people), "# Written by a test.\n# Second line.\n\n") {
		t.Errorf("a file starts %.80q, want the header", people)
	}
}

// jsonOf is ds in JSON with its records sorted, to compare datasets whose
// positions and order of files differ.
func jsonOf(t *testing.T, ds *history.Dataset) string {
	t.Helper()
	cp := history.Dataset{Sources: slices.Clone(ds.Sources), Entities: slices.Clone(ds.Entities), Events: slices.Clone(ds.Events),
		Relations: slices.Clone(ds.Relations), Claims: slices.Clone(ds.Claims)}
	sortRecords(&cp)
	b, err := cp.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sortRecords(ds *history.Dataset) {
	slices.SortFunc(ds.Sources, func(a, b history.Source) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Entities, func(a, b history.Entity) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Events, func(a, b history.Event) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Relations, func(a, b history.Relation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Claims, func(a, b history.Claim) int { return cmp.Compare(a.ID, b.ID) })
}

func TestWriteDirRefusesADataset(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "people.yaml"), []byte("people: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := dataset.WriteDir(context.Background(), dir, &history.Dataset{}, dataset.WriteOptions{})
	if history.ErrorCode(err) != history.CodeInvalid || !strings.Contains(err.Error(), "holds dataset files already") {
		t.Errorf("error %v, want INVALID: holds dataset files already", err)
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		section string
		chunk   int
		want    string
	}{{"sources", -1, "1-sources.yaml"}, {"people", 0, "4-people-0001.yaml"}, {"works", 11, "4-works-0012.yaml"}, {"claims", -1, "8-claims.yaml"}, {"other", -1, "9-other.yaml"}} {
		if got := dataset.FileName(tc.section, tc.chunk); got != tc.want {
			t.Errorf("FileName(%q, %d) = %q, want %q", tc.section, tc.chunk, got, tc.want)
		}
	}
}
