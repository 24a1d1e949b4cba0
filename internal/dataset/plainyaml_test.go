package dataset_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/synth"
)

// plainCases are inputs in and out of the plain subset, each compared with
// the YAML library wherever the plain reader takes it.
var plainCases = []string{
	"people:\n  - id: person/a\n    name: A\n",
	"# c\n\npeople:\n- id: person/a\n  name: A # c\n  names: [x, 'y''s', \"z\\\"q\\\\\"]\n",
	"people:\n  - id: person/a\n    died: {date: 1943-06-25, cite: \"source/e vol. 4, p. 738\"}\n    names:\n      - {text: \"Глеб Топрамин\", kind: native, lang: ru}\n      - Berija\n",
	"a:\n  -\n    b: c\n  - d\n  - {}\n  - []\n  - ~\n  - null\n  - 'null'\n",
	"a: b\n  c\n",
	"a: b: c\n",
	"a: b\nc:\n",
	"a:\n  b: 1\n c: 2\n",
	"a: [b, c\n",
	"a: {b: c}}\n",
	"a: {b: c,}\n",
	"a: {b, c}\n",
	"a: [b: c]\n",
	"a: x #y\nb: x#y\n",
	"a: \"x\" y\n",
	"a: \"x\"#y\n",
	"a: 'x\n",
	"- a\n- b\n",
	"- - a\n",
	"-a\n",
	"a:\n- b\n- c\nd: e\n",
	"a:\n  - b\n c: d\n",
	"a: |\n  x\n",
	"a: &x y\nb: *x\n",
	"a: !!str 1\n",
	"a: b\n---\nc: d\n",
	"a:\tb\n",
	"a: b\r\n",
	"\ufeffa: b\n",
	"a: \u0085b\n",
	"a: \"\\n\"\n",
	"a:  [ b ,  c ]  \n",
	"a: [b , c]\n",
	"a: {b: [c, {d: e}]}\n",
	"null: a\nNull: b\n",
	"   a: b\n   c: d\n",
	"a: b\n# c\n  # d\nc: d\n",
	"a: -1\n",
	"a: x]\n",
	"a: {b: x:y}\n",
	"a: [x y, z  w]\n",
	"a: ''\nb: \"\"\n",
	"a: b\n\n\n",
	"a: b",
	"a:\n",
	"",
	"# only\n",
}

// TestPlainYAMLMatchesLibrary reads each case, and each file of a
// generated dataset, with both readers; the generated files must be in
// the subset, or loads would not gain from it.
func TestPlainYAMLMatchesLibrary(t *testing.T) {
	for _, c := range plainCases {
		comparePlain(t, []byte(c))
	}
	for _, n := range []int{255, 256, 1024, 1025} {
		long := strings.Repeat("k", n)
		comparePlain(t, []byte(long+": b\n"))
		comparePlain(t, []byte("a: {"+long+": b}\n"))
	}
	for _, shape := range synth.Shapes() {
		for _, data := range generatedFiles(t, shape) {
			if _, ok := dataset.PlainYAML(data); !ok {
				t.Errorf("%s: a generated file is not read as plain YAML", shape)
			}
			comparePlain(t, data)
		}
	}
}

// TestPlainYAMLOnDamagedFiles damages a generated file a byte at a time,
// with the characters YAML's syntax is made of, and compares the readers
// on each result.
func TestPlainYAMLOnDamagedFiles(t *testing.T) {
	files := generatedFiles(t, synth.ShapeRegistry)
	rng := rand.New(rand.NewPCG(1, 2))
	const damage = ":-#{}[],'\"\n &*!|> ab\\"
	rounds := 3000
	if testing.Short() {
		rounds = 300
	}
	for range rounds {
		data := files[rng.IntN(len(files))]
		data = data[:min(len(data), 2000)]
		i := rng.IntN(len(data))
		c := damage[rng.IntN(len(damage))]
		var damaged []byte
		switch rng.IntN(3) {
		case 0:
			damaged = append(append(append([]byte{}, data[:i]...), c), data[i:]...)
		case 1:
			damaged = append(append([]byte{}, data[:i]...), data[i+1:]...)
		default:
			damaged = append([]byte{}, data...)
			damaged[i] = c
		}
		comparePlain(t, damaged)
	}
}

func FuzzPlainYAML(f *testing.F) {
	for _, c := range plainCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		comparePlain(t, data)
	})
}

// comparePlain fails t if the plain reader takes data and reads it other
// than the YAML library does.
func comparePlain(t *testing.T, data []byte) {
	t.Helper()
	got, ok := dataset.PlainYAML(data)
	if !ok {
		return
	}
	want, extra, err := dataset.LibraryYAML(data)
	switch {
	case err != nil:
		t.Fatalf("plain reader took what the library refuses (%v):\n%s", err, data)
	case extra != 0:
		t.Fatalf("plain reader took a second document:\n%s", data)
	}
	if diff := nodeDiff("doc", got, want); diff != "" {
		t.Fatalf("%s\nin:\n%s", diff, data)
	}
}

// nodeDiff says where two nodes differ in what the reader reads of them.
func nodeDiff(path string, got, want *yaml.Node) string {
	switch {
	case got.Kind != want.Kind:
		return fmt.Sprintf("%s: kind %v, want %v", path, got.Kind, want.Kind)
	case got.Line != want.Line || got.Column != want.Column:
		return fmt.Sprintf("%s: at %d:%d, want %d:%d", path, got.Line, got.Column, want.Line, want.Column)
	case got.Value != want.Value:
		return fmt.Sprintf("%s: value %q, want %q", path, got.Value, want.Value)
	case (got.Tag == "!!null") != (want.Tag == "!!null"):
		return fmt.Sprintf("%s: tag %s, want %s", path, got.Tag, want.Tag)
	case got.Style != want.Style:
		return fmt.Sprintf("%s: style %v, want %v", path, got.Style, want.Style)
	case want.Alias != nil || got.Alias != nil:
		return path + ": an alias"
	case len(got.Content) != len(want.Content):
		return fmt.Sprintf("%s: %d children, want %d", path, len(got.Content), len(want.Content))
	}
	for i := range got.Content {
		if d := nodeDiff(fmt.Sprintf("%s/%d", path, i), got.Content[i], want.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// generatedFiles generates a small dataset of the shape and returns its
// files.
func generatedFiles(t *testing.T, shape synth.Shape) [][]byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 300, Seed: 5, Shape: shape}); err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no generated files: %v", err)
	}
	var out [][]byte
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkDecodeYAML decodes the generated files of 2,000 people with
// each reader.
func BenchmarkDecodeYAML(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 2000, Seed: 5}); err != nil {
		b.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	var size int64
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		files, size = append(files, data), size+int64(len(data))
	}
	for _, r := range []struct {
		name string
		read func([]byte) bool
	}{
		{"plain", func(d []byte) bool { _, ok := dataset.PlainYAML(d); return ok }},
		{"library", func(d []byte) bool { _, _, err := dataset.LibraryYAML(d); return err == nil }},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range files {
					if !r.read(d) {
						b.Fatal("not read")
					}
				}
			}
		})
	}
}
