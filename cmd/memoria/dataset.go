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
	kinds := map[history.Kind]int{}
	for _, e := range ds.Entities {
		kinds[e.Kind]++
	}
	return fmt.Sprintf("%d sources, %d people, %d groups, %d places, %d works, %d events, %d relations, %d claims (%d disputed)",
		len(ds.Sources), kinds[history.KindPerson], kinds[history.KindGroup], kinds[history.KindPlace], kinds[history.KindWork],
		len(ds.Events), len(ds.Relations), len(ds.Claims), len(history.Disputes(ds.Claims)))
}
