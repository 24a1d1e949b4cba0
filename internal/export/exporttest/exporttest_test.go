package exporttest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
)

// recorder is a testing.TB that records failures instead of failing the
// test, so that a test can check that Check fails where it should.
type recorder struct {
	testing.TB
	failures []string
	skipped  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...); runtime.Goexit() }
func (r *recorder) Fatal(args ...any)                 { r.Errorf("%s", fmt.Sprint(args...)); runtime.Goexit() }
func (r *recorder) Skipf(string, ...any)              { r.skipped = true; runtime.Goexit() }

// check runs Check with a recorder, in a goroutine of its own so that
// Fatalf can end it.
func check(t *testing.T, f export.Format, data []byte, want export.Graph) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, f, data, want)
	}()
	<-done
	if r.skipped {
		t.Skipf("the %s readers are not installed", f)
	}
	return r
}

// graph is a small graph with two sources and a participation.
func graph() export.Graph {
	cites := []history.Citation{{Source: "source/essay", Locator: "¶9"}, {Source: "source/book", Locator: "p. 81"}}
	return export.Of("test", []export.Node{
		{ID: "event/appointment", Kind: history.KindEvent, Label: "Appointment", Time: history.MustParseDate("1938-08-22")},
		{ID: "group/nkvd", Kind: history.KindGroup, Label: "NKVD", Category: "police"},
		{ID: "person/beria", Kind: history.KindPerson, Label: "Beria", Wikidata: "Q93104"},
		{ID: "person/yezhov", Kind: history.KindPerson, Label: "Yezhov"},
	}, []export.Edge{
		{ID: "event/appointment#participant/person/beria/appointee", From: "person/beria", To: "event/appointment", Relation: "participant", Role: "appointee", Time: history.MustParseDate("1938-08-22"), Citations: cites[:1]},
		{ID: "relation/beria-led-nkvd", From: "person/beria", To: "group/nkvd", Relation: "led", Citations: cites[1:]},
		{ID: "relation/beria-deputy-of-yezhov", From: "person/beria", To: "person/yezhov", Relation: "deputy-of", Citations: cites},
	})
}

// TestCheckFindsMistakes breaks a good export of each format the way a
// writer could, and checks that its readers notice.
func TestCheckFindsMistakes(t *testing.T) {
	tests := []struct {
		f      export.Format
		breaks string
		change func(string) string
	}{
		{export.GEXF, "invalid against the schema", func(s string) string { return strings.Replace(s, `mode="dynamic"`, `mode="moving"`, 1) }},
		{export.GEXF, "a node without its attributes", func(s string) string {
			return regexp.MustCompile(`(?s)<node id="person/yezhov".*?</node>`).ReplaceAllString(s, "")
		}},
		{export.GraphML, "an untyped count", func(s string) string {
			return strings.Replace(s, `attr.name="citationCount" attr.type="int"`, `attr.name="citationCount" attr.type="string"`, 1)
		}},
		{export.GraphML, "a wrong role", func(s string) string { return strings.Replace(s, ">appointee<", ">appointed<", -1) }},
		{export.DOT, "a wrong relation", func(s string) string { return strings.Replace(s, `relation="led"`, `relation="member-of"`, 1) }},
		{export.DOT, "not DOT", func(s string) string { return strings.Replace(s, "->", "=>", 1) }},
		{export.DOT, "an attribute sfdp warns about", func(s string) string { return strings.Replace(s, `start="random1"`, `start="regular"`, 1) }},
		{export.CytoscapeJSON, "a dangling edge", func(s string) string { return strings.Replace(s, `"target":"group/nkvd"`, `"target":"group/ogpu"`, 1) }},
		{export.Graphology, "a dangling edge", func(s string) string { return strings.Replace(s, `"target":"group/nkvd"`, `"target":"group/ogpu"`, 1) }},
		{export.Kumu, "a dangling connection", func(s string) string { return strings.Replace(s, `"to":"group/nkvd"`, `"to":"group/ogpu"`, 1) }},
		{export.Kumu, "an element without a type", func(s string) string { return strings.Replace(s, `"type":"Person"`, `"kind2":"Person"`, 1) }},
		{export.Graphology, "a missing position", func(s string) string { return strings.Replace(s, `"x":`, `"z":`, 1) }},
		{export.NQuads, "a statement missing from a source's graph", func(s string) string {
			return regexp.MustCompile(`(?m)^<[^>]*person/beria> <https://w3id.org/memoria/vocab#led> .*\n`).ReplaceAllString(s, "")
		}},
		{export.NQuads, "a statement read backwards", func(s string) string {
			return strings.Replace(s, "<https://w3id.org/memoria/event/appointment#participant/person/beria/appointee> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <https://w3id.org/memoria/event/appointment>",
				"<https://w3id.org/memoria/event/appointment#participant/person/beria/appointee> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <https://w3id.org/memoria/person/beria>", 1)
		}},
		{export.JSONLD, "a quad the N-Quads do not have", func(s string) string { return strings.Replace(s, `"Yezhov"`, `"Ezhov"`, 1) }},
	}
	for _, tt := range tests {
		t.Run(string(tt.f)+"/"+tt.breaks, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.Write(context.Background(), &buf, tt.f, graph(), export.Options{Renderer: render.New()}); err != nil {
				t.Fatal(err)
			}
			if r := check(t, tt.f, buf.Bytes(), graph()); len(r.failures) > 0 {
				t.Fatalf("the good export fails: %v", r.failures)
			}
			broken := tt.change(buf.String())
			if broken == buf.String() {
				t.Fatal("the change changed nothing")
			}
			if r := check(t, tt.f, []byte(broken), graph()); len(r.failures) == 0 {
				t.Errorf("the readers did not notice %s", tt.breaks)
			}
		})
	}
}

// TestCheckFindsMistakesInCSV breaks the nodes file of the CSV export,
// which is inside a zip: a relationship then ends at no node.
func TestCheckFindsMistakesInCSV(t *testing.T) {
	part := func(p export.CSVPart) string {
		var buf bytes.Buffer
		if err := export.Write(context.Background(), &buf, export.CSV, graph(), export.Options{Part: p}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	nodes, rels := part(export.PartNodes), part(export.PartRelationships)
	if r := check(t, export.CSV, zipOf(t, nodes, rels), graph()); len(r.failures) > 0 {
		t.Fatalf("the good export fails: %v", r.failures)
	}
	broken := strings.Replace(nodes, "group/nkvd,NKVD", "group/ogpu,NKVD", 1)
	if r := check(t, export.CSV, zipOf(t, broken, rels), graph()); len(r.failures) == 0 {
		t.Error("the readers did not notice a relationship to no node")
	}
}

func zipOf(t *testing.T, nodes, rels string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{"nodes.csv": nodes, "relationships.csv": rels} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFileNames lists the names FileNames finds, and fails on one it
// cannot say what it must hold.
func TestFileNames(t *testing.T) {
	names := FileNames(t)
	for _, f := range names {
		if f.Want == HoldsUnknown {
			t.Errorf("%s uses %q, which is neither a format's name nor ends in an export's extension", f.Where, f.Name)
		}
	}
	for _, want := range []string{"beria.gexf", "beria.svg", "beria.graphml", "nodes.csv", "relationships.csv", "memoria.kumu.json", "csv"} {
		if !slices.ContainsFunc(names, func(f FileName) bool { return f.Name == want }) {
			t.Errorf("FileNames does not find %s", want)
		}
	}
}
