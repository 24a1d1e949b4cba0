package store

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestCorruptFile opens damaged bolt files and expects CodeCorrupt, naming
// the file, before bolt reads them; and a file that bolt can read to open.
// cayleykv's tests try the check on more kinds of damage.
func TestCorruptFile(t *testing.T) {
	ps := os.Getpagesize() // bolt's page size for new files
	cases := []struct {
		name    string
		damage  func(b []byte) []byte
		wantErr bool
		words   []string
	}{
		{"intact", func(b []byte) []byte { return b }, false, nil},
		{"truncated to its meta pages", func(b []byte) []byte { return b[:2*ps] }, true, []string{"truncated"}},
		{"truncated inside the meta record", func(b []byte) []byte { return b[:50] }, true, []string{"no valid meta page"}},
		{"both meta pages zeroed", func(b []byte) []byte {
			clear(b[:2*ps])
			return b
		}, true, []string{"meta page"}},
		{"first meta page zeroed: bolt uses the second", func(b []byte) []byte {
			clear(b[:ps])
			return b
		}, false, nil},
		{"random bytes", func(b []byte) []byte {
			r := rand.New(rand.NewPCG(1, 2))
			for i := range b {
				b[i] = byte(r.UintN(256))
			}
			return b
		}, true, []string{"no valid meta page"}},
		{"empty file: not a store", func([]byte) []byte { return nil }, true, []string{"the file is empty"}},
	}
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			skipUnderRace(t, backend)
			good := filepath.Join(t.TempDir(), "good.db")
			s := openTest(t, backend+":"+good, Options{})
			mustLoad(t, s, fullDataset())
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(good)
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					file := filepath.Join(t.TempDir(), "memoria.db")
					if err := os.WriteFile(file, tc.damage(slices.Clone(b)), 0o644); err != nil {
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
