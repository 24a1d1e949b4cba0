package cayleykv

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	hkv "github.com/hidal-go/hidalgo/kv"
	hbbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// openBolt opens file with backend's library, bbolt or the older
// boltdb/bolt, through hidalgo's common interface.
func openBolt(file, backend string) (db hkv.KV, err error) {
	if backend == "bolt" {
		db, err = hbolt.Open(file, nil)
	} else {
		db, err = hbbolt.Open(file, nil)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// writeBoltFile writes a bolt file with backend's library: a bucket of a
// few thousand keys, in two transactions, so that both meta pages hold the
// bucket.
func writeBoltFile(file, backend string) error {
	db, err := openBolt(file, backend)
	if err != nil {
		return err
	}
	ctx := context.Background()
	for half := range 2 {
		err = errors.Join(err, hkv.Update(ctx, db, func(tx hkv.Tx) error {
			for i := 1500 * half; i < 1500*(half+1); i++ {
				if err := tx.Put(ctx, hkv.Key{[]byte("keys"), fmt.Appendf(nil, "key %05d", i)}, []byte(strings.Repeat("v", 40))); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	return errors.Join(err, db.Close())
}

// readBoltFile opens file with backend's library and reads a key.
func readBoltFile(file, backend string) error {
	db, err := openBolt(file, backend)
	if err != nil {
		return err
	}
	ctx := context.Background()
	err = hkv.View(ctx, db, func(tx hkv.Tx) error {
		_, err := tx.Get(ctx, hkv.Key{[]byte("keys"), []byte("key 00000")})
		return err
	})
	return errors.Join(err, db.Close())
}

// goodBoltFile writes a bolt file with backend's library and returns its
// bytes and page size.
func goodBoltFile(t *testing.T, backend string) ([]byte, int) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "good.db")
	if err := writeBoltFile(file, backend); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := currentMeta(bytesReaderAt(b), int64(len(b)))
	if err != nil {
		t.Fatalf("a good file fails the check: %v", err)
	}
	// bolt grows a file ahead of its pages; cut the tail, which bolt does
	// not need, so that cutting the file in half cuts used pages.
	used := int64(m.pgid) * int64(m.pageSize)
	if used < int64(len(b)) {
		b = b[:used]
	}
	if used <= int64(len(b))/2 {
		t.Fatalf("the good file uses %d of its %d bytes: truncating it to half would not cut a used page", used, len(b))
	}
	return b, int(m.pageSize)
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	return copy(p, b[off:]), nil
}

func TestCheckFile(t *testing.T) {
	cases := []struct {
		name    string
		damage  func(b []byte, pageSize int) []byte
		wantErr bool
		words   []string
	}{
		{"intact", func(b []byte, _ int) []byte { return b }, false, nil},
		{"truncated to half", func(b []byte, _ int) []byte { return b[:len(b)/2] }, true, []string{"truncated"}},
		{"truncated to its meta pages", func(b []byte, ps int) []byte { return b[:2*ps] }, true, []string{"truncated"}},
		{"truncated inside the first page", func(b []byte, _ int) []byte { return b[:100] }, true, []string{"truncated"}},
		{"truncated inside the meta record", func(b []byte, _ int) []byte { return b[:50] }, true, []string{"no valid meta page"}},
		{"both meta pages zeroed", func(b []byte, ps int) []byte {
			clear(b[:2*ps])
			return b
		}, true, []string{"meta page"}},
		{"both checksums broken", func(b []byte, ps int) []byte {
			b[16+40]++ // the high-water mark of meta 0
			b[ps+16+40]++
			return b
		}, true, []string{"checksum"}},
		{"first meta page zeroed: bolt uses the second", func(b []byte, ps int) []byte {
			clear(b[:ps])
			return b
		}, false, nil},
		{"root page overwritten", func(b []byte, ps int) []byte {
			m, _ := currentMeta(bytesReaderAt(b), int64(len(b)))
			clear(b[int(m.root)*ps : int(m.root+1)*ps])
			return b
		}, true, []string{"root page"}},
		{"random bytes", func(b []byte, _ int) []byte {
			r := rand.New(rand.NewPCG(1, 2))
			for i := range b {
				b[i] = byte(r.UintN(256))
			}
			return b
		}, true, []string{"no valid meta page"}},
		{"empty file: not a store", func([]byte, int) []byte { return nil }, true, []string{"the file is empty"}},
	}
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			if backend == "bolt" && raceEnabled {
				t.Skip("boltdb/bolt trips checkptr under the race detector")
			}
			good, pageSize := goodBoltFile(t, backend)
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					file := filepath.Join(t.TempDir(), "memoria.db")
					damaged := tc.damage(append([]byte(nil), good...), pageSize)
					if err := os.WriteFile(file, damaged, 0o644); err != nil {
						t.Fatal(err)
					}
					err := CheckFile(file)
					if !tc.wantErr {
						if err != nil {
							t.Fatalf("CheckFile: %v", err)
						}
						if len(damaged) > 0 {
							if err := readBoltFile(file, backend); err != nil {
								t.Errorf("bolt cannot read a file that passes the check: %v", err)
							}
						}
						return
					}
					if !errors.Is(err, ErrCorrupt) {
						t.Fatalf("CheckFile = %v, want an error matching ErrCorrupt", err)
					}
					for _, w := range append(tc.words, "not a valid bolt database") {
						if !strings.Contains(err.Error(), w) {
							t.Errorf("CheckFile error %q does not mention %q", err, w)
						}
					}
				})
			}
		})
	}
}

func TestCheckFileMissingOrDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := CheckFile(filepath.Join(dir, "missing.db")); err != nil {
		t.Errorf("CheckFile of a missing file = %v, want nil: a new store", err)
	}
	if err := CheckFile(dir); !errors.Is(err, ErrDirectory) {
		t.Errorf("CheckFile of a directory = %v, want ErrDirectory", err)
	}
}
