package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/store"
)

// Where bench's data comes from. A dataset is generated once per shape,
// size and seed and reused by later runs, so that repeated runs spend
// their time measuring rather than generating. The store, on the other
// hand, is always new and empty: a load into a store that holds data
// measures something else, and a benchmark must not write into a store
// someone uses.

// benchMarker is the file bench writes beside a dataset it generated, so
// that a later run with the same shape, size and seed reuses it.
const benchMarker = "memoria-bench.json"

// benchMarkerFile is the content of benchMarker.
type benchMarkerFile struct {
	People int    `json:"people"`
	Seed   uint64 `json:"seed"`
	// Shape is empty in markers written before datasets had shapes, when
	// every dataset was a network.
	Shape dataset.Shape    `json:"shape,omitempty"`
	Stats dataset.GenStats `json:"stats"`
}

// shape returns the shape of the marker's dataset.
func (m benchMarkerFile) shape() dataset.Shape {
	if m.Shape == "" {
		return dataset.ShapeNetwork
	}
	return m.Shape
}

// benchDataset finds the dataset of o.shape, o.people and o.seed in o.dir,
// or generates it there when the directory is new or empty.
func benchDataset(ctx context.Context, e env, o benchOptions) (bench.DatasetInfo, error) {
	info := bench.DatasetInfo{People: o.people, Seed: o.seed, Shape: string(o.shape), Dir: o.dir}
	m, err := readBenchMarker(o.dir)
	switch {
	case err == nil:
		if m.People != o.people || m.Seed != o.seed || m.shape() != o.shape {
			return info, fmt.Errorf("%w: %s holds a %s dataset of %d people with seed %d, not a %s of %d with seed %d: choose another --dir", errUsage, o.dir, m.shape(), m.People, m.Seed, o.shape, o.people, o.seed)
		}
		info.Reused, info.Files, info.Bytes = true, m.Stats.Files, m.Stats.Bytes
		fmt.Fprintf(e.stderr, "bench: reusing the dataset in %s\n", o.dir)
		return info, nil
	case !errors.Is(err, fs.ErrNotExist):
		return info, err
	}
	fmt.Fprintf(e.stderr, "bench: generating a %s of %d people (seed %d) in %s\n", o.shape, o.people, o.seed, o.dir)
	start := time.Now()
	pr := &genProgress{w: e.stderr, every: progressEvery, now: time.Now, start: start, last: start}
	st, err := dataset.Generate(ctx, o.dir, dataset.GenOptions{People: o.people, Seed: o.seed, Shape: o.shape, OnFile: pr.file})
	if err != nil {
		return info, err
	}
	info.Generate, info.Files, info.Bytes = time.Since(start), st.Files, st.Bytes
	return info, writeBenchMarker(o.dir, benchMarkerFile{People: o.people, Seed: o.seed, Shape: o.shape, Stats: st})
}

// readBenchMarker reads the marker in dir; fs.ErrNotExist means that no
// run generated a dataset there, or none finished.
func readBenchMarker(dir string) (benchMarkerFile, error) {
	var m benchMarkerFile
	data, err := os.ReadFile(filepath.Join(dir, benchMarker))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("read %s: %w", filepath.Join(dir, benchMarker), err)
	}
	return m, nil
}

// writeBenchMarker writes the marker under a temporary name first, so that
// an interrupted run never leaves a marker that a later run would trust.
func writeBenchMarker(dir string, m benchMarkerFile) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	path := filepath.Join(dir, benchMarker)
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	return nil
}

// benchDSN returns the store to load into, and what to do at the end: a
// new bbolt file in a temporary directory, removed unless o.keep, or the
// store o.db names, left as it is.
func benchDSN(e env, o benchOptions) (string, func(), error) {
	if o.db != "" {
		return o.db, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "memoria-bench-db-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: create a temporary store: %w", err)
	}
	dsn := "bbolt:" + filepath.Join(dir, "memoria.db")
	return dsn, func() {
		if o.keep {
			fmt.Fprintf(e.stderr, "bench: kept the store: --db %s\n", dsn)
			return
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(e.stderr, "bench: remove the temporary store: %v\n", err)
		}
	}, nil
}

// requireEmptyStore refuses a store that holds anything: a load into it
// would measure a different thing, and a benchmark must not write into a
// store someone uses.
func requireEmptyStore(ctx context.Context, dsn string) error {
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return err
	}
	empty, err := s.Empty(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("%w: bench needs a new, empty store, and %s holds data: name another with --db, or leave --db out for a temporary one", errUsage, dsn)
	}
	return nil
}
