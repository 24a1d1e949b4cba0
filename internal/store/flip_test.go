package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// flipRoundsEnv sets how many rounds TestCheckFindsFlippedBytes runs.
const flipRoundsEnv = "MEMORIA_FLIP_ROUNDS"

// TestCheckFindsFlippedBytes loads a store, then, round after round,
// flips a range of bytes at a random place in a copy of it and checks the
// copy. A flip that check does not see must be one that changes nothing
// the store reads: it fell on a free page, past the pages in use, or on
// the time Cayley writes in each log entry. Of all flips, check must see
// at least 9 in 10.
func TestCheckFindsFlippedBytes(t *testing.T) {
	rounds := 200
	if v := os.Getenv(flipRoundsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("%s=%q is not a number of rounds", flipRoundsEnv, v)
		}
		rounds = n
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "memoria.db")
	s := openTest(t, "bbolt:"+file, Options{})
	mustLoad(t, s, fullDataset())
	mustLoad(t, s, syntheticDataset(300))
	want := mustDataset(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := cayleykv.CheckStore(ctx, file); err != nil || rep.Damaged() {
		t.Fatalf("the intact store: %v, %v", rep.Damage, err)
	}
	kinds := pageKinds(t, file)

	r := rand.New(rand.NewPCG(22, 5))
	var detected, harmless int
	missed := map[string]int{}
	dir := t.TempDir()
	for round := range rounds {
		b := slices.Clone(good)
		off, n := r.IntN(len(b)), 1+r.IntN(64)
		for i := off; i < min(off+n, len(b)); i++ {
			b[i] ^= byte(1 + r.IntN(255))
		}
		damaged := filepath.Join(dir, fmt.Sprintf("flip-%d.db", round))
		if err := os.WriteFile(damaged, b, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := cayleykv.CheckStore(ctx, damaged)
		if err != nil {
			t.Fatalf("round %d: CheckStore: %v", round, err)
		}
		if rep.Damaged() {
			detected++
		} else {
			// Unseen: it must read as the intact store does.
			kind := kinds(off)
			ro, err := Open(ctx, "bbolt:"+damaged, Options{ReadOnly: true})
			if err != nil {
				t.Errorf("round %d: bytes %d-%d (%s) flipped: check saw nothing, and Open fails: %v", round, off, off+n, kind, err)
				continue
			}
			got, err := ro.Dataset(ctx)
			ro.Close()
			if err != nil || diffDatasets(canon{}.dataset(got), want) != "" {
				t.Errorf("round %d: bytes %d-%d (%s) flipped: check saw nothing, and the store reads otherwise: %v", round, off, off+n, kind, err)
				continue
			}
			harmless++
			missed[kind]++
		}
		os.Remove(damaged)
	}
	rate := float64(detected) / float64(rounds)
	t.Logf("%d rounds on a %d-byte store: check found %d flipped ranges (%.1f%%); %d changed nothing the store reads, by where they fell: %v",
		rounds, len(good), detected, 100*rate, harmless, missed)
	if rate < 0.9 {
		t.Errorf("check found %.1f%% of the flipped ranges, want at least 90%%", 100*rate)
	}
}

// pageKinds returns what each page of file is ("leaf", "free", ...), as
// a function of a byte offset: bolt's word for the pages in use, and the
// freelist's own, read from the file, for the free ones (bolt's tx.Page
// calls a free page by the type it had).
func pageKinds(t *testing.T, file string) func(off int) string {
	t.Helper()
	db, err := bbolt.Open(file, 0o644, nil) // tx.Page needs the freelist, which a read-only open leaves unread
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps := db.Info().PageSize
	var kinds []string
	err = db.View(func(tx *bbolt.Tx) error {
		for id := 0; ; id++ {
			info, err := tx.Page(id)
			if err != nil {
				return err
			}
			if info == nil {
				return nil
			}
			kinds = append(kinds, info.Type)
			for range info.OverflowCount {
				kinds = append(kinds, info.Type)
				id++
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The meta page with the later transaction names the freelist page:
	// its header's count, then the ids (bolt's layout; see cayleykv).
	ne := binary.NativeEndian
	meta := b[16:]
	if m1 := b[ps+16:]; ne.Uint64(m1[48:]) > ne.Uint64(meta[48:]) {
		meta = m1
	}
	fl := b[int(ne.Uint64(meta[32:]))*ps:]
	n, ids := int(ne.Uint16(fl[10:])), fl[16:]
	if n == 0xFFFF {
		n, ids = int(ne.Uint64(ids)), ids[8:]
	}
	for i := range n {
		if id := int(ne.Uint64(ids[8*i:])); id < len(kinds) {
			kinds[id] = "free"
		}
	}
	return func(off int) string {
		if id := off / ps; id < len(kinds) {
			return kinds[id] + " page"
		}
		return "past the pages in use"
	}
}

// TestCheckFindsLayoutDamage damages Cayley's layout through bolt itself,
// so that every page stays as bolt writes it, and expects check to say
// which part is wrong.
func TestCheckFindsLayoutDamage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memoria.db")
	s := openTest(t, "bbolt:"+file, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// first returns the first key and value of the first bucket whose name
	// passes match.
	first := func(tx *bbolt.Tx, match func(name []byte) bool) (*bbolt.Bucket, []byte, []byte) {
		var b *bbolt.Bucket
		_ = tx.ForEach(func(name []byte, bk *bbolt.Bucket) error {
			if b == nil && match(name) {
				b = bk
			}
			return nil
		})
		k, v := b.Cursor().First()
		return b, slices.Clone(k), slices.Clone(v)
	}
	prefix := func(c byte) func([]byte) bool {
		return func(name []byte) bool { return len(name) == 3 && name[0] == c }
	}
	tests := []struct {
		name   string
		damage func(tx *bbolt.Tx) error
		want   string
	}{
		{"a reference count one too many", func(tx *bbolt.Tx) error {
			b, k, v := first(tx, prefix('n'))
			return b.Put(k, []byte{v[0] + 1})
		}, "references to node"},
		{"a value's id changed", func(tx *bbolt.Tx) error {
			b, k, v := first(tx, prefix('v'))
			id, n := binary.Uvarint(v)
			if n <= 0 {
				return fmt.Errorf("the value id %x is not a varint", v)
			}
			return b.Put(k, binary.AppendUvarint(nil, id+1))
		}, "the table of values gives its value id"},
		{"a value's entry gone", func(tx *bbolt.Tx) error {
			b, k, _ := first(tx, prefix('v'))
			return b.Delete(k)
		}, "is not in the table of values"},
		{"an index entry gone", func(tx *bbolt.Tx) error {
			b, k, _ := first(tx, func(name []byte) bool { return string(name) == "sp" })
			return b.Delete(k)
		}, `index "sp"`},
		{"a quad under other nodes", func(tx *bbolt.Tx) error {
			b, k, v := first(tx, func(name []byte) bool { return string(name) == "ops" })
			moved := slices.Clone(k)
			moved[len(moved)-1] ^= 1
			return errors.Join(b.Delete(k), b.Put(moved, v))
		}, `index "ops"`},
		{"the size in meta", func(tx *bbolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("size"), []byte{1, 0, 0, 0, 0, 0, 0, 0})
		}, "size says 1 quads"},
		{"a node's value changed", func(tx *bbolt.Tx) error {
			log := tx.Bucket([]byte("log"))
			c := log.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if i := bytes.Index(v, []byte("Yagoda")); i >= 0 {
					v = slices.Clone(v)
					v[i] = 'b'
					return log.Put(slices.Clone(k), v)
				}
			}
			return errors.New("no node names Yagoda")
		}, "its value is not in the table of values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			damaged := filepath.Join(t.TempDir(), "memoria.db")
			if err := os.WriteFile(damaged, good, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := bbolt.Open(damaged, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(tt.damage)
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(context.Background(), "bbolt:"+damaged)
			wantCode(t, err, history.CodeCorrupt, "damaged")
			var found bool
			for _, d := range rep.Damage {
				found = found || strings.Contains(d.String(), tt.want)
			}
			if !found {
				t.Errorf("damage %v, want one saying %q", rep.Damage, tt.want)
			}
		})
	}
}
