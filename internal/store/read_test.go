package store

import (
	"context"
	"encoding/binary"
	"reflect"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// TestStatsFromLogMatchesIterators counts a bbolt store both ways, from
// the log and through Cayley's iterators, and expects the same Stats.
func TestStatsFromLogMatchesIterators(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	mustLoad(t, s, fullDataset())
	mustLoad(t, s, syntheticDataset(50))
	ctx := context.Background()
	s.rlock()
	defer s.runlock()
	viaIterators, err := stats(ctx, s.qs, func(fn func([]refQuad) error) error { return scanRefs(ctx, s.qs, fn) })
	if err != nil {
		t.Fatal(err)
	}
	viaLog, err := stats(ctx, s.qs, func(fn func([]refQuad) error) error { return cayleykv.ScanLogRefs(ctx, s.bboltDB(), fn) })
	if err != nil {
		t.Fatal(err)
	}
	if viaIterators.Quads == 0 || !reflect.DeepEqual(viaLog, viaIterators) {
		t.Errorf("stats from the log = %+v\nthrough the iterators = %+v", viaLog, viaIterators)
	}
}

// TestDatasetOfDamagedLog reads a store whose log holds a quad whose
// predicate is a node not stored before it, and expects CodeCorrupt from
// Dataset and Stats.
func TestDatasetOfDamagedLog(t *testing.T) {
	dsn := dsnFor(t, "bbolt")
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	file := s.file
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(file, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		log := tx.Bucket([]byte("log"))
		k, _ := log.Cursor().Last()
		id := binary.BigEndian.Uint64(k) + 1
		p, err := proto.Marshal(&cproto.Primitive{ID: id, Subject: 1, Predicate: id + 100, Object: 1})
		if err != nil {
			return err
		}
		return log.Put(binary.BigEndian.AppendUint64(nil, id), p)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dsn, Options{})
	_, err = s.Dataset(context.Background())
	wantCode(t, err, history.CodeCorrupt, "read store", "not stored before it")
	_, err = s.Stats(context.Background())
	wantCode(t, err, history.CodeCorrupt, "count store")
}
