package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// WriteOptions tune WriteDir. The zero value is ready to use.
type WriteOptions struct {
	// PerFile is the most records a file holds; 0 means DefaultPerFile.
	PerFile int
	// Header is a comment written at the top of every file, a line or
	// several, without the leading "# ".
	Header string
}

// DefaultPerFile is how many records a file of WriteDir holds at most.
const DefaultPerFile = 20000

// WriteDir writes ds into dir, in the dataset format that ReadFS reads
// back: a file per section, or several for a large one (FileName names
// them), each record in block style with its short parts (citations,
// names, dated facts, participants) on one line each, as a curator
// writes them. A nested statement that cites what its record cites leaves
// its cite out. Revisions are left out: a store sets them; retractions
// are kept, with their reason and citations. dir is created if missing
// and must not hold dataset files already. Each file is written beside
// its name and renamed into place; WriteDir returns the files' names.
func WriteDir(ctx context.Context, dir string, ds *history.Dataset, opts WriteOptions) ([]string, error) {
	op := "write dataset " + dir
	if err := emptyDir(dir); err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, err)
	}
	per := opts.PerFile
	if per <= 0 {
		per = DefaultPerFile
	}
	var names []string
	for _, sec := range sections(ds) {
		for c, start := 0, 0; start < sec.n; c, start = c+1, start+per {
			if err := ctx.Err(); err != nil {
				return names, history.Wrap(history.CodeInternal, op, err)
			}
			chunk := -1
			if sec.n > per {
				chunk = c
			}
			name := FileName(sec.name, chunk)
			data, err := encodeYAML(sec.part(start, min(start+per, sec.n)), opts.Header)
			if err == nil {
				err = writeFile(filepath.Join(dir, name), data)
			}
			if err != nil {
				return names, history.Wrap(history.CodeInternal, op+": "+name, err)
			}
			names = append(names, name)
		}
	}
	return names, nil
}

// section is the records of ds that one section of files holds.
type section struct {
	name string
	n    int
	part func(from, to int) *history.Dataset
}

// sections splits ds into the dataset's sections, in the order of their
// files, leaving the records' revisions out.
func sections(ds *history.Dataset) []section {
	var out []section
	add := func(name string, n int, part func(from, to int) *history.Dataset) {
		if n > 0 {
			out = append(out, section{name, n, part})
		}
	}
	add("sources", len(ds.Sources), func(a, b int) *history.Dataset {
		return &history.Dataset{Sources: ds.Sources[a:b]}
	})
	byKind := map[history.Kind][]history.Entity{}
	for _, e := range ds.Entities {
		byKind[e.Kind] = append(byKind[e.Kind], e)
	}
	for _, k := range []struct {
		kind history.Kind
		name string
	}{{history.KindPlace, "places"}, {history.KindGroup, "groups"}, {history.KindPerson, "people"}, {history.KindWork, "works"}} {
		es := byKind[k.kind]
		add(k.name, len(es), func(a, b int) *history.Dataset { return &history.Dataset{Entities: es[a:b]} })
	}
	add("events", len(ds.Events), func(a, b int) *history.Dataset { return &history.Dataset{Events: ds.Events[a:b]} })
	add("relations", len(ds.Relations), func(a, b int) *history.Dataset { return &history.Dataset{Relations: ds.Relations[a:b]} })
	add("claims", len(ds.Claims), func(a, b int) *history.Dataset { return &history.Dataset{Claims: ds.Claims[a:b]} })
	return out
}

// encodeYAML writes the records of part as a dataset file. They go
// through their JSON form (history.Dataset's MarshalJSON), which has the
// dataset format's keys, read as a YAML tree and restyled.
func encodeYAML(part *history.Dataset, header string) ([]byte, error) {
	part = withoutRevisions(part)
	js, err := json.Marshal(part)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	restyle(&doc, 0)
	var b bytes.Buffer
	for _, line := range bytes.Split([]byte(header), []byte("\n")) {
		if header != "" {
			b.WriteString("# ")
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	if header != "" {
		b.WriteByte('\n')
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// withoutRevisions copies the records of ds without what a store sets:
// revisions, and when it made a retraction.
func withoutRevisions(ds *history.Dataset) *history.Dataset {
	out := ds.Select(func(history.ID, *history.Retracted) bool { return true })
	out.EachRecord(func(_ history.ID, rev *uint64, ret **history.Retracted) {
		*rev, *ret = 0, bareRetraction(*ret)
	})
	return out
}

func bareRetraction(r *history.Retracted) *history.Retracted {
	if r == nil {
		return nil
	}
	return &history.Retracted{Reason: r.Reason, Citations: r.Citations}
}

// restyle sets how each node of a dataset file's tree is written: the
// file and its records in block style, the parts of a record (lists of
// citations, names, participants; dated facts and links) in flow style on
// one line each (a list of names or participants a line per item), and
// text plain wherever YAML reads it back as the same text. depth counts mappings and lists from the top: the file is 1, its
// sections' lists 2, their records 3.
func restyle(n *yaml.Node, depth int) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			restyle(c, depth)
		}
		return
	case yaml.ScalarNode:
		n.Style = 0 // the encoder quotes what plain text would not keep
		return
	}
	depth++
	switch {
	case depth == 4 && n.Kind == yaml.SequenceNode && len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode:
		n.Style = 0 // names, participants, causes: a line each
	case depth > 3:
		n.Style = yaml.FlowStyle
	default:
		n.Style = 0
	}
	for _, c := range n.Content {
		restyle(c, depth)
	}
}

// emptyDir makes dir if it is missing, and fails if it holds dataset
// files: a dump mixed with another dataset's files would load as neither.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var found string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isDatasetFile(p) {
			found = p
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		return err
	}
	if found != "" {
		return fmt.Errorf("%s holds dataset files already (%s): write into an empty directory", dir, found)
	}
	return nil
}

// writeFile writes data to path whole or not at all: beside it, then
// renamed over it.
func writeFile(path string, data []byte) error {
	part := path + ".part"
	err := os.WriteFile(part, data, 0o644)
	if err == nil {
		err = os.Rename(part, path)
	}
	if err != nil {
		return errors.Join(err, removeMissing(part))
	}
	return nil
}

func removeMissing(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
