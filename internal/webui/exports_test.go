package webui_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

var update = flag.Bool("update", false, "rewrite src/exports.json from internal/export")

// exportFacts is src/exports.json: what the explorer page needs to know of
// the exports, taken from internal/export so that the page draws each kind
// as the exports do and offers every format there is.
type exportFacts struct {
	Kinds   []kindLook   `json:"kinds"`
	Edge    edgeLook     `json:"edge"`
	Formats []formatFact `json:"formats"`
}

type kindLook struct {
	Kind history.Kind `json:"kind"`
	export.Look
}

type edgeLook struct {
	Color     string `json:"color"`
	Uncertain string `json:"uncertain"` // the line style of an uncertain edge
}

type formatFact struct {
	Name      string `json:"name"`
	Extension string `json:"extension"`
	Drawn     bool   `json:"drawn"`
}

func currentFacts() exportFacts {
	var f exportFacts
	for _, k := range history.Kinds() {
		if k != history.KindSource { // sources are not nodes
			f.Kinds = append(f.Kinds, kindLook{Kind: k, Look: export.LookOf(k)})
		}
	}
	f.Edge = edgeLook{Color: export.EdgeColor(), Uncertain: "dashed"}
	for _, format := range export.Formats() {
		f.Formats = append(f.Formats, formatFact{Name: string(format), Extension: export.FileName("", format, export.Options{}), Drawn: format.Drawn()})
	}
	return f
}

// TestExportFacts keeps src/exports.json equal to what internal/export
// says, so that the explorer's colours, shapes and download menu follow
// the exports: after changing them, run go test ./internal/webui -update
// and go generate ./internal/webui.
func TestExportFacts(t *testing.T) {
	want, err := json.MarshalIndent(currentFacts(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	path := filepath.Join("src", "exports.json")
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/webui -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what internal/export says; run go test ./internal/webui -update, then go generate ./internal/webui\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
