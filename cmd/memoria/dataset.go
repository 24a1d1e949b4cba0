package main

import (
	"context"
	"fmt"
	"os"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

// embeddedName is how problems in the embedded dataset name their files.
const embeddedName = "seed"

// readDataset reads and validates a dataset: a directory of .yaml files, one
// file, or with an empty path the embedded seed.
func readDataset(ctx context.Context, path string) (*history.Dataset, error) {
	ds, err := parseDataset(ctx, path)
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
// and the store checks it together with them.
func parseDataset(ctx context.Context, path string) (*history.Dataset, error) {
	var (
		ds  *history.Dataset
		err error
	)
	switch info, statErr := os.Stat(path); {
	case path == "":
		ds, err = dataset.ReadFS(ctx, seed.FS(), ".", embeddedName)
	case statErr != nil:
		return nil, history.Wrap(history.CodeInvalid, "read dataset", statErr)
	case info.IsDir():
		ds, err = dataset.ReadFS(ctx, os.DirFS(path), ".", path)
	default:
		data, readErr := os.ReadFile(path)
		if readErr != nil {
			return nil, history.Wrap(history.CodeInvalid, "read dataset", readErr)
		}
		if info.Size() > dataset.MaxFileSize {
			return nil, history.Errorf(history.CodeInvalid, "read dataset %s: file is larger than %d MiB", path, dataset.MaxFileSize>>20)
		}
		ds = &history.Dataset{}
		err = dataset.ReadFile(ds, path, data).Err("read dataset " + path)
	}
	if err != nil {
		return nil, err
	}
	return ds, nil
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
	s.events += len(ds.Events)
	s.relations += len(ds.Relations)
	s.claims = append(s.claims, ds.Claims...)
}

func (s *summary) String() string {
	return fmt.Sprintf("%d sources, %d people, %d groups, %d places, %d works, %d events, %d relations, %d claims (%d disputed)",
		s.sources, s.kinds[history.KindPerson], s.kinds[history.KindGroup], s.kinds[history.KindPlace], s.kinds[history.KindWork],
		s.events, s.relations, len(s.claims), len(history.Disputes(s.claims)))
}
