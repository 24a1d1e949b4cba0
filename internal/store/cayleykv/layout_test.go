package cayleykv

// Tests' views of a store's buckets: what Cayley keeps for each node, what
// each index lists, and whether both agree with the log.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// refCounts reads Cayley's per-node reference counts, by node value.
func refCounts(s *testStore) map[string]uint64 {
	s.tb.Helper()
	out := map[string]uint64{}
	s.view(func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
				if len(name) != 3 || name[0] != refsPrefix {
					return nil
				}
				return b.ForEach(func(k, v []byte) error {
					n, _ := binary.Uvarint(v)
					out[string(k)] = n
					return nil
				})
			})
		})
	})
	return out
}

// indexedQuads reads every quad index of a store straight from its
// buckets and describes each entry by the values of its key and of the
// quad it lists, looked up in the log: two stores that index the same
// quads give the same list, whatever ids they gave them. It also fails the
// test where a listed quad does not have the key's nodes, or a key lists
// a quad twice.
func indexedQuads(s *testStore) []string {
	tb := s.tb
	tb.Helper()
	var out []string
	s.view(func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			values, quads := map[uint64]string{}, map[uint64][4]uint64{}
			err := tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
				var p cproto.Primitive
				if err := proto.Unmarshal(v, &p); err != nil {
					return err
				}
				if p.Value != nil {
					val, err := pquads.UnmarshalValue(p.Value)
					if err != nil {
						return err
					}
					values[p.ID] = quad.StringOf(val)
					return nil
				}
				quads[p.ID] = [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}
				return nil
			})
			if err != nil {
				return err
			}
			indexes, err := quadIndexes(tx.Bucket(bucketMeta))
			if err != nil {
				return err
			}
			for _, ind := range indexes {
				name := indexBucket(ind)
				err := tx.Bucket(name).ForEach(func(k, v []byte) error {
					seen := map[uint64]bool{}
					for len(v) > 0 {
						id, n := binary.Uvarint(v)
						v = v[n:]
						q := quads[id]
						if key := indexKey(ind, q, nil); !bytes.Equal(key, k) {
							tb.Errorf("index %s: key %x lists quad %d, whose key is %x", name, k, id, key)
						}
						if seen[id] {
							tb.Errorf("index %s: key %x lists quad %d twice", name, k, id)
						}
						seen[id] = true
						out = append(out, fmt.Sprintf("%s: %s %s %s %s", name, values[q[0]], values[q[1]], values[q[2]], values[q[3]]))
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
	slices.Sort(out)
	return out
}

// checkLayout holds a store's buckets to its log, without Cayley: the
// "v" buckets hold exactly each node's hash and id, the "n" buckets exactly
// how many quad directions name each node, each index exactly the quads
// under each key, ids ascending, and meta the quad count and the last id.
func checkLayout(t *testing.T, s *testStore) {
	t.Helper()
	s.view(func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			nodeIDs := map[refs.ValueHash]uint64{}
			refc := map[refs.ValueHash]uint64{}
			hashOf := map[uint64]refs.ValueHash{}
			var quads [][5]uint64
			var last uint64
			err := tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
				var p cproto.Primitive
				if err := proto.Unmarshal(v, &p); err != nil {
					return err
				}
				last = p.ID
				if p.Value != nil {
					val, err := pquads.UnmarshalValue(p.Value)
					if err != nil {
						return err
					}
					h := refs.HashOf(val)
					nodeIDs[h] = p.ID
					hashOf[p.ID] = h
					return nil
				}
				quads = append(quads, [5]uint64{p.Subject, p.Predicate, p.Object, p.Label, p.ID})
				for _, id := range []uint64{p.Subject, p.Predicate, p.Object, p.Label} {
					if id != 0 {
						refc[hashOf[id]]++
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			gotIDs := map[refs.ValueHash]uint64{}
			gotRefs := map[refs.ValueHash]uint64{}
			err = tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
				if len(name) != 3 || (name[0] != nodePrefix && name[0] != refsPrefix) {
					return nil
				}
				return b.ForEach(func(k, v []byte) error {
					var h refs.ValueHash
					copy(h[:], k)
					if k[0] != name[1] || k[1] != name[2] {
						t.Errorf("key %x in bucket %x", k, name)
					}
					n, _ := binary.Uvarint(v)
					if name[0] == nodePrefix {
						gotIDs[h] = n
					} else {
						gotRefs[h] = n
					}
					return nil
				})
			})
			if err != nil {
				return err
			}
			if !maps.Equal(gotIDs, nodeIDs) {
				t.Errorf("node ids: %d stored, %d in log", len(gotIDs), len(nodeIDs))
			}
			if !maps.Equal(gotRefs, refc) {
				for h, n := range refc {
					if gotRefs[h] != n {
						t.Errorf("refs of %x = %d, want %d", h, gotRefs[h], n)
						break
					}
				}
				t.Errorf("ref counts: %d stored, %d computed", len(gotRefs), len(refc))
			}
			meta := tx.Bucket(bucketMeta)
			if got := metaInt(meta, metaSize); got != int64(len(quads)) {
				t.Errorf("size = %d, want %d", got, len(quads))
			}
			if got := metaInt(meta, metaHorizon); uint64(got) != last {
				t.Errorf("horizon = %d, last log id %d", got, last)
			}
			indexes, err := quadIndexes(meta)
			if err != nil {
				return err
			}
			for _, ind := range indexes {
				want := map[string][]byte{}
				for _, q := range quads {
					k := indexKey(ind, [4]uint64{q[0], q[1], q[2], q[3]}, nil)
					want[string(k)] = binary.AppendUvarint(want[string(k)], q[4])
				}
				got := map[string][]byte{}
				_ = tx.Bucket(indexBucket(ind)).ForEach(func(k, v []byte) error {
					got[string(k)] = bytes.Clone(v)
					return nil
				})
				if !maps.EqualFunc(got, want, bytes.Equal) {
					n := 0
					for k, v := range want {
						if !bytes.Equal(got[k], v) && n < 3 {
							t.Errorf("index %s key %x: got %x want %x", indexBucket(ind), k, got[k], v)
							n++
						}
					}
					t.Errorf("index %s differs: %d keys vs %d", indexBucket(ind), len(got), len(want))
				}
			}
			return nil
		})
	})
}
