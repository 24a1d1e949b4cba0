package benchrun

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
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/synth"
)

// Where bench's data comes from. A dataset is generated once per shape,
// size and seed and reused by later runs, so that repeated runs spend
// their time measuring rather than generating. The store, on the other
// hand, is always new and empty: a load into a store that holds data
// measures something else, and a benchmark must not write into a store
// someone uses.

// markerFile is the file bench writes beside a dataset it generated, so
// that a later run with the same shape, size and seed reuses it.
const markerFile = "memoria-bench.json"

// marker is the content of markerFile.
type marker struct {
	People int    `json:"people"`
	Seed   uint64 `json:"seed"`
	// Shape is empty in markers written before datasets had shapes, when
	// every dataset was a network.
	Shape synth.Shape `json:"shape,omitempty"`
	Stats synth.Stats `json:"stats"`
}

// shape returns the shape of the marker's dataset.
func (m marker) shape() synth.Shape {
	if m.Shape == "" {
		return synth.ShapeNetwork
	}
	return m.Shape
}

// dataset finds the dataset of the options' shape, size and seed in their
// Dir, or generates it there when the directory is new or empty.
func (r *runner) dataset(ctx context.Context) (bench.DatasetInfo, error) {
	o := r.o
	info := bench.DatasetInfo{People: o.People, Seed: o.Seed, Shape: string(o.Shape), Dir: o.Dir}
	m, err := readMarker(o.Dir)
	switch {
	case err == nil:
		if m.People != o.People || m.Seed != o.Seed || m.shape() != o.Shape {
			return info, fmt.Errorf("%w: %s holds a %s dataset of %d people with seed %d, not a %s of %d with seed %d: choose another --dir", ErrUsage, o.Dir, m.shape(), m.People, m.Seed, o.Shape, o.People, o.Seed)
		}
		info.Reused, info.Files, info.Bytes = true, m.Stats.Files, m.Stats.Bytes
		fmt.Fprintf(r.stderr, "bench: reusing the dataset in %s\n", o.Dir)
		return info, nil
	case !errors.Is(err, fs.ErrNotExist):
		return info, err
	}
	fmt.Fprintf(r.stderr, "bench: generating a %s of %d people (seed %d) in %s\n", o.Shape, o.People, o.Seed, o.Dir)
	start := time.Now()
	st, err := r.w.Generate(ctx, o.Dir, synth.Options{People: o.People, Seed: o.Seed, Shape: o.Shape})
	if err != nil {
		return info, err
	}
	info.Generate, info.Files, info.Bytes = time.Since(start), st.Files, st.Bytes
	return info, writeMarker(o.Dir, marker{People: o.People, Seed: o.Seed, Shape: o.Shape, Stats: st})
}

// readMarker reads the marker in dir; fs.ErrNotExist means that no run
// generated a dataset there, or none finished.
func readMarker(dir string) (marker, error) {
	var m marker
	data, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("read %s: %w", filepath.Join(dir, markerFile), err)
	}
	return m, nil
}

// writeMarker writes the marker under a temporary name first, so that an
// interrupted run never leaves a marker that a later run would trust.
func writeMarker(dir string, m marker) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	path := filepath.Join(dir, markerFile)
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	return nil
}

// dsn returns the store to load into, and what to do at the end: a new
// bbolt file in a temporary directory, removed unless the options say
// Keep, or the store their DB names, left as it is.
func (r *runner) dsn() (string, func(), error) {
	if r.o.DB != "" {
		return r.o.DB, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "memoria-bench-db-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: create a temporary store: %w", err)
	}
	dsn := "bbolt:" + filepath.Join(dir, "memoria.db")
	return dsn, func() {
		if r.o.Keep {
			fmt.Fprintf(r.stderr, "bench: kept the store: --db %s\n", dsn)
			return
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(r.stderr, "bench: remove the temporary store: %v\n", err)
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
		return fmt.Errorf("%w: bench needs a new, empty store, and %s holds data: name another with --db, or leave --db out for a temporary one", ErrUsage, store.Redact(dsn))
	}
	return nil
}
