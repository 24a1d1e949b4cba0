package store

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// goodBoltFile writes a bolt file holding the full dataset and returns its
// bytes and page size.
func goodBoltFile(t *testing.T, backend string) ([]byte, int) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "good.db")
	s := openTest(t, backend+":"+file, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := currentMeta(b)
	if m.err != nil {
		t.Fatalf("a good file fails the check: %v", m.err)
	}
	// bbolt grows a file ahead of its pages (a bulk load by 16 MiB at a
	// time); cut the tail, which bolt does not need, so that cutting the
	// file in half cuts used pages.
	used := int64(m.pgid) * int64(m.pageSize)
	if used < int64(len(b)) {
		b = b[:used]
	}
	if used <= int64(len(b))/2 {
		t.Fatalf("the good file uses %d of its %d bytes: truncating it to half would not cut a used page", used, len(b))
	}
	return b, int(m.pageSize)
}

// currentMeta returns the meta page bolt would use: the valid one with the
// higher transaction id.
func currentMeta(b []byte) boltMeta {
	m := readBoltMeta(bytesReaderAt(b), 0, int64(len(b)))
	if m1 := readBoltMeta(bytesReaderAt(b), int64(m.pageSize), int64(len(b))); m1.err == nil && (m.err != nil || m1.txid > m.txid) {
		return m1
	}
	return m
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	return copy(p, b[off:]), nil
}

func TestCorruptFile(t *testing.T) {
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
			m := currentMeta(b)
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
		{"empty file is a new store", func([]byte, int) []byte { return nil }, false, nil},
	}
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			skipUnderRace(t, backend)
			good, pageSize := goodBoltFile(t, backend)
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					file := filepath.Join(t.TempDir(), "memoria.db")
					if err := os.WriteFile(file, tc.damage(append([]byte(nil), good...), pageSize), 0o644); err != nil {
						t.Fatal(err)
					}
					s, err := Open(context.Background(), backend+":"+file, Options{})
					if !tc.wantErr {
						if err != nil {
							t.Fatalf("Open: %v", err)
						}
						defer s.Close()
						if _, err := s.Dataset(context.Background()); err != nil {
							t.Errorf("Dataset: %v", err)
						}
						return
					}
					if err == nil {
						s.Close()
					}
					wantCode(t, err, history.CodeCorrupt, append(tc.words, "open store "+file)...)
					t.Logf("Open: %v", err)
				})
			}
		})
	}
}

func TestCorruptFileInCayleyDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cayley")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "indexes.bolt")
	if err := os.WriteFile(file, []byte("not a database, just text that is long enough to be read as a page header"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), "bbolt:"+dir, Options{})
	wantCode(t, err, history.CodeCorrupt, "open store "+file)
}

func TestMissingFileIsNewStore(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a", "b", "memoria.db")
	s := openTest(t, "bbolt:"+file, Options{})
	if empty, err := s.Empty(context.Background()); err != nil || !empty {
		t.Errorf("Empty() = %v, %v, want true, nil", empty, err)
	}
}
