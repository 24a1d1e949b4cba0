package store

// A bulk load into a store Cayley made before it kept a list of its
// indexes (Cayley < 0.7.6).

import (
	"context"
	"encoding/binary"
	"path/filepath"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
)

// legacyCayleyStore writes the empty key-value store that Cayley before
// 0.7.6 made: data version 2 and no "indexes" key in meta, which Cayley
// (kv.readIndexesMeta) reads as its legacy indexes, s and o.
func legacyCayleyStore(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "indexes.bolt")
	db, err := bbolt.Open(file, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte("version"), binary.LittleEndian.AppendUint64(nil, 2)); err != nil {
			return err
		}
		for _, name := range []string{"log", "s", "o"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// TestBulkLoadLegacyIndexes: Open reads a store written by an older
// Cayley (doc.go: "an existing directory is still read the Cayley way"),
// and Cayley's own writer loads into it, but newBulkWriter requires the
// meta "indexes" key and fails ("read the store's quad indexes: unexpected
// end of JSON input") instead of falling back to Cayley's legacy indexes.
func TestBulkLoadLegacyIndexes(t *testing.T) {
	full := fullDataset()
	ds := &history.Dataset{Sources: full.Sources, Entities: full.Entities}

	t.Run("Cayley's writer", func(t *testing.T) {
		s := openTest(t, "bbolt:"+legacyCayleyStore(t), Options{})
		if _, err := s.LoadWith(context.Background(), ds, LoadOptions{CayleyWriter: true}); err != nil {
			t.Fatalf("Cayley's writer: %v", err)
		}
	})
	t.Run("bulk writer", func(t *testing.T) {
		s := openTest(t, "bbolt:"+legacyCayleyStore(t), Options{})
		if _, err := s.Load(context.Background(), ds); err != nil {
			t.Fatalf("bulk load into a store with Cayley's legacy indexes: %v", err)
		}
		if d := diffDatasets(mustDataset(t, s), canon{}.dataset(ds)); d != "" {
			t.Errorf("read back:\n%s", d)
		}
	})
}
