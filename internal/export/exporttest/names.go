package exporttest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Holds is what an export file holds, as Sniff tells it from its bytes.
type Holds string

// What a file may hold: a format, or for CSV which file.
const (
	HoldsGEXF             Holds = "GEXF"
	HoldsGraphML          Holds = "GraphML"
	HoldsDOT              Holds = "DOT"
	HoldsSVG              Holds = "SVG"
	HoldsPNG              Holds = "PNG"
	HoldsCytoscape        Holds = "Cytoscape JSON"
	HoldsGraphology       Holds = "graphology JSON"
	HoldsKumu             Holds = "a Kumu blueprint"
	HoldsCSVZip           Holds = "a zip of nodes.csv and relationships.csv"
	HoldsCSVNodes         Holds = "a CSV of the nodes"
	HoldsCSVRelationships Holds = "a CSV of the relationships"
	HoldsNQuads           Holds = "N-Quads"
	HoldsJSONLD           Holds = "JSON-LD"
	HoldsUnknown          Holds = "something else"
)

// Sniff tells what an export holds from its bytes alone, without asking
// package export, so that a test can check that a file name gives what
// it promises.
func Sniff(data []byte) Holds {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return HoldsPNG
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(trimmed, []byte("<?xml")) || bytes.HasPrefix(trimmed, []byte("<svg")):
		return sniffXML(data)
	case bytes.HasPrefix(trimmed, []byte("digraph")) || bytes.HasPrefix(trimmed, []byte("graph")) || bytes.HasPrefix(trimmed, []byte("strict")):
		return HoldsDOT
	case bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")):
		return sniffJSON(trimmed)
	case bytes.HasPrefix(trimmed, []byte("<")) || bytes.HasPrefix(trimmed, []byte("_:")):
		return HoldsNQuads
	}
	header, _, _ := bytes.Cut(data, []byte("\n"))
	switch {
	case bytes.HasPrefix(header, []byte("id:ID,")):
		return HoldsCSVNodes
	case bytes.HasPrefix(header, []byte(":START_ID,")):
		return HoldsCSVRelationships
	}
	return HoldsUnknown
}

func sniffZip(data []byte) Holds {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return HoldsUnknown
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	if slices.Equal(names, []string{"nodes.csv", "relationships.csv"}) {
		return HoldsCSVZip
	}
	return HoldsUnknown
}

func sniffXML(data []byte) Holds {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return HoldsUnknown
		}
		if el, ok := tok.(xml.StartElement); ok {
			switch el.Name.Local {
			case "gexf":
				return HoldsGEXF
			case "graphml":
				return HoldsGraphML
			case "svg":
				return HoldsSVG
			}
			return HoldsUnknown
		}
	}
}

func sniffJSON(data []byte) Holds {
	if data[0] == '[' {
		return HoldsJSONLD
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(data, &doc) != nil {
		return HoldsUnknown
	}
	has := func(k string) bool { _, ok := doc[k]; return ok }
	switch {
	case has("@context") || has("@graph"):
		return HoldsJSONLD
	case has("elements") && has("connections"):
		return HoldsKumu
	case has("elements"):
		var els map[string]json.RawMessage
		if json.Unmarshal(doc["elements"], &els) == nil && els["nodes"] != nil {
			return HoldsCytoscape
		}
	case has("nodes") && has("edges") && has("options"):
		return HoldsGraphology
	}
	return HoldsUnknown
}

// A FileName is a name that the README or the explorer uses for an
// export, as a file (memoria export -o NAME) or a URL (/export/NAME),
// and what it must hold.
type FileName struct {
	Name  string
	Where string // where it was found
	Want  Holds
}

// What each name asks for: a format's name, or else the longest of
// these endings that ends it. Written here by hand, apart from package
// export, as the promise the README makes.
var (
	byFormatName = map[string]Holds{
		"gexf": HoldsGEXF, "graphml": HoldsGraphML, "dot": HoldsDOT, "svg": HoldsSVG, "png": HoldsPNG,
		"cyjs": HoldsCytoscape, "graphology": HoldsGraphology, "csv": HoldsCSVZip, "nquads": HoldsNQuads,
		"jsonld": HoldsJSONLD, "kumu": HoldsKumu,
	}
	byEnding = map[string]Holds{
		".gexf": HoldsGEXF, ".graphml": HoldsGraphML, ".dot": HoldsDOT, ".gv": HoldsDOT, ".svg": HoldsSVG,
		".png": HoldsPNG, ".cyjs": HoldsCytoscape, ".json": HoldsGraphology, ".graphology": HoldsGraphology,
		".kumu.json": HoldsKumu, ".zip": HoldsCSVZip, ".csv": HoldsCSVNodes, "relationships.csv": HoldsCSVRelationships,
		".nq": HoldsNQuads, ".nquads": HoldsNQuads, ".jsonld": HoldsJSONLD,
	}
)

// notFileNames are what the README's section on exports writes in
// backquotes with a dot that are code, not file names.
func notFileNames() []string { return []string{"nx.read_graphml"} }

// WantOf says what a name must hold, or HoldsUnknown if it is neither a
// format's name nor ends in an export's extension.
func WantOf(name string) Holds {
	if h, ok := byFormatName[name]; ok {
		return h
	}
	lower := strings.ToLower(name)
	want, longest := HoldsUnknown, 0
	for ending, h := range byEnding {
		if len(ending) > longest && strings.HasSuffix(lower, ending) {
			want, longest = h, len(ending)
		}
	}
	return want
}

// FileNames returns every export file name that the README's section on
// exports and the explorer's download menu use, with what each must hold:
// the README's -o FILE, /export/NAME and file names in code, and each
// format's name and its download's file name from the explorer's
// src/exports.json. It also asks for the names the issue that led to
// this check named (.kumu.json, .nquads, .graphology, .csv, .zip).
func FileNames(tb testing.TB) []FileName {
	tb.Helper()
	root := filepath.Join(testdata(), "..", "..", "..")
	var out []FileName
	add := func(name, where string) {
		for _, f := range out {
			if f.Name == name {
				return
			}
		}
		out = append(out, FileName{Name: name, Where: where, Want: WantOf(name)})
	}

	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		tb.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "## Opening the graph in other tools"); i >= 0 {
		section = section[i:]
		if j := strings.Index(section[3:], "\n## "); j >= 0 {
			section = section[:j+3]
		}
	} else {
		tb.Fatal("README.md has no section Opening the graph in other tools")
	}
	// -o FILE, /export/NAME, and a file name in backquotes.
	name := `([A-Za-z0-9_.{}-]+)`
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`-o ` + name),
		regexp.MustCompile(`/export/` + name),
		regexp.MustCompile("`" + name + "`"),
	} {
		for _, m := range re.FindAllStringSubmatch(section, -1) {
			n := m[1]
			if strings.Contains(n, "{") || strings.HasPrefix(n, "testdata") || slices.Contains(notFileNames(), n) {
				continue
			}
			if _, isFormat := byFormatName[n]; !isFormat && !strings.Contains(n, ".") {
				continue // a parameter's or a relation's name
			}
			add(n, "README.md")
		}
	}

	facts, err := os.ReadFile(filepath.Join(root, "internal", "webui", "src", "exports.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var menu struct {
		Formats []struct {
			Name      string `json:"name"`
			Extension string `json:"extension"`
		} `json:"formats"`
	}
	if err := json.Unmarshal(facts, &menu); err != nil {
		tb.Fatalf("internal/webui/src/exports.json: %v", err)
	}
	for _, f := range menu.Formats {
		add(f.Name, "the explorer's download URL")
		add("memoria"+f.Extension, "the explorer's download")
	}
	for _, n := range []string{"beria.kumu.json", "beria.nquads", "beria.graphology", "beria.csv", "beria-relationships.csv", "beria.zip", "beria.gv", "beria.nq", "beria.json"} {
		add(n, "issue 17")
	}
	return out
}
