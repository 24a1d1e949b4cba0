package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

const ingestText = `A note on two prisoners

Varlam Shalamov spent years in the camps. Stalin signed the orders.

Nikolai Yeshov fell in 1938.
`

// reviewAll accepts every proposal of the draft in dir but the new
// person, which it rejects.
func reviewAll(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "draft.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "    name: Varlam Shalamov\n", "    name: Varlam Shalamov\n    review: reject\n", 1)
	text = regexp.MustCompile(`(?m)^    draft: .*\n`).ReplaceAllString(text, "")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// storedRecord reads one entity of a store.
func storedRecord(t *testing.T, db string, id history.ID) *history.Entity {
	t.Helper()
	s, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := s.Dataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Entities {
		if ds.Entities[i].ID == id {
			return &ds.Entities[i]
		}
	}
	return nil
}

// ingestNote writes ingestText to a file, drafts it against a store that
// does not exist yet (the embedded dataset), and returns the store and
// the draft's directory.
func ingestNote(t *testing.T) (db, draft string) {
	t.Helper()
	tmp := t.TempDir()
	db = "bbolt:" + filepath.Join(tmp, "m.db")
	file := filepath.Join(tmp, "note.txt")
	if err := os.WriteFile(file, []byte(ingestText), 0o644); err != nil {
		t.Fatal(err)
	}
	draft = filepath.Join(tmp, "draft")
	code, out, errOut := cli(t, nil, "--db", db, "ingest", file, "--source-id", "source/note", "--author", "A. Reader", "-o", draft)
	if code != 0 || !strings.Contains(out, "1 new names") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
	return db, draft
}

func TestIngestDraftReviewAccept(t *testing.T) {
	db, draft := ingestNote(t)
	code, _, errOut := cli(t, nil, "--db", db, "validate", draft)
	if code != 3 || !strings.Contains(errOut, "draft.yaml:") || !strings.Contains(errOut, "not reviewed yet") {
		t.Errorf("validate of an unreviewed draft: exit %d, want 3 and the marks located:\n%s", code, errOut)
	}
	code, _, errOut = cli(t, nil, "--db", db, "ingest", "--accept", draft)
	if code != 3 || !strings.Contains(errOut, "not reviewed yet") {
		t.Errorf("accept of an unreviewed draft: exit %d, want 3:\n%s", code, errOut)
	}
	reviewAll(t, draft)
	code, out, errOut := cli(t, nil, "--db", db, "validate", draft)
	if code != 0 || !strings.Contains(out, "reviewed draft: valid") {
		t.Errorf("validate of the reviewed draft: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, nil, "--db", db, "ingest", "--accept", draft)
	if code != 0 {
		t.Fatalf("accept: exit %d\n%s%s", code, out, errOut)
	}
	stalin := storedRecord(t, db, "person/joseph-stalin")
	if stalin == nil || !slices.Contains(stalin.Citations, history.Citation{Source: "source/note", Locator: "¶1"}) {
		t.Errorf("Stalin does not cite the note's ¶1: %+v", stalin)
	}
	if storedRecord(t, db, "person/varlam-shalamov") != nil {
		t.Error("the rejected person was loaded")
	}
}

func TestIngestAcceptThroughServer(t *testing.T) {
	db, draft := ingestNote(t)
	reviewAll(t, draft)
	token := makeToken(t, db, "ed", "editor")
	base, stop, done, log := startServe(t, db)
	// POST /ingest answers the draft as JSON, to a reader.
	resp, err := http.Post(base+"/ingest?source-id=source/other", "text/plain", bytes.NewReader([]byte(ingestText)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var d struct {
		Mentions []struct{ Entity string } `json:"mentions"`
		New      []struct{ ID string }     `json:"new"`
	}
	if err := json.Unmarshal(body, &d); err != nil || resp.StatusCode != 200 || len(d.Mentions) == 0 || len(d.New) != 1 {
		t.Errorf("POST /ingest: %d %v\n%s", resp.StatusCode, err, body)
	}
	code, out, errOut := cli(t, map[string]string{"MEMORIA_TOKEN": token}, "ingest", "--accept", draft, "--server", base)
	if code != 0 || !strings.Contains(out, "1 records created") {
		t.Errorf("accept --server: exit %d\n%s%s\n%s", code, out, errOut, log.String())
	}
	stop()
	waitServed(t, done)
	stalin := storedRecord(t, db, "person/joseph-stalin")
	if stalin == nil || !slices.Contains(stalin.Citations, history.Citation{Source: "source/note", Locator: "¶1"}) {
		t.Errorf("Stalin does not cite the note's ¶1: %+v", stalin)
	}
	yezhov := storedRecord(t, db, "person/nikolai-yezhov")
	if yezhov == nil || !slices.ContainsFunc(yezhov.Names, func(n history.Name) bool { return n.Text == "Nikolai Yeshov" && n.Kind == history.NameMisspelling }) {
		t.Errorf("Yezhov lacks the misspelling the note uses: %+v", yezhov)
	}
}
