package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

// embeddedName is how problems in the embedded dataset name their files.
const embeddedName = "seed"

// readDataset reads and validates a dataset: a directory of .yaml files, one
// file, or with an empty path the embedded seed. followLinks follows
// symbolic links out of the dataset's directory.
func readDataset(ctx context.Context, path string, followLinks bool) (*history.Dataset, error) {
	ds, err := parseDataset(ctx, path, followLinks)
	if err != nil {
		return nil, err
	}
	name := path
	if name == "" {
		name = embeddedName + " (embedded)"
	}
	if err := history.Validate(ds).Err("validate " + name); err != nil {
		return nil, err
	}
	return ds, nil
}

// parseDataset reads a dataset and checks its format, but not the rules
// that span records: a dataset to be loaded may refer to stored records,
// and the store checks it together with them. One file is read as the
// only file of its directory, so that a link out of it is refused too.
func parseDataset(ctx context.Context, path string, followLinks bool) (*history.Dataset, error) {
	if path == "" {
		return dataset.ReadFS(ctx, seed.FS(), ".", embeddedName)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	dir, name := path, "."
	if !info.IsDir() {
		dir, name = filepath.Dir(path), filepath.Base(path)
	}
	d, err := dataset.OpenDir(dir, followLinks)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	defer d.Close()
	return dataset.ReadFS(ctx, d, name, path)
}

// describe summarises what a dataset holds, for people.
func describe(ds *history.Dataset) string {
	var s summary
	s.add(ds)
	return s.String()
}

// summary counts what a dataset holds as its parts go by. It keeps the
// claims, few beside the rest, to count the disputed ones.
type summary struct {
	sources, events, relations int
	texts                      int // sources that declare a text
	kinds                      map[history.Kind]int
	claims                     []history.Claim
}

func (s *summary) add(ds *history.Dataset) {
	if s.kinds == nil {
		s.kinds = map[history.Kind]int{}
	}
	for _, e := range ds.Entities {
		s.kinds[e.Kind]++
	}
	s.sources += len(ds.Sources)
	for _, src := range ds.Sources {
		if src.Text != "" {
			s.texts++
		}
	}
	s.events += len(ds.Events)
	s.relations += len(ds.Relations)
	s.claims = append(s.claims, ds.Claims...)
}

func (s *summary) String() string {
	return fmt.Sprintf("%d sources, %d people, %d groups, %d places, %d works, %d events, %d relations, %d claims (%d disputed)",
		s.sources, s.kinds[history.KindPerson], s.kinds[history.KindGroup], s.kinds[history.KindPlace], s.kinds[history.KindWork],
		s.events, s.relations, len(s.claims), len(history.Disputes(s.claims)))
}
