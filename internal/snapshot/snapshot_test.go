package snapshot_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/internal/snapshot"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/seed"
)

func seedDataset(tb testing.TB) *history.Dataset {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// largeDataset has more records of each kind than one chunk holds.
func largeDataset(tb testing.TB) *history.Dataset {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 20000, Seed: 3}); err != nil {
		tb.Fatal(err)
	}
	ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// contents are ds and its name index.
func contents(ds *history.Dataset) snapshot.Contents {
	return snapshot.Contents{Records: ds, Names: search.NewIndex(search.Entries(ds))}
}

var stamp = snapshot.Stamp{Revision: 12, Size: 4096, ModTime: 1_700_000_000_000_000_000}

func encode(tb testing.TB, ds *history.Dataset) []byte {
	tb.Helper()
	b, err := snapshot.Encode(stamp, contents(ds))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestWriteReadRoundTrip(t *testing.T) {
	for name, ds := range map[string]*history.Dataset{"seed": seedDataset(t), "large": largeDataset(t), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "store.db.snapshot")
			if err := snapshot.Write(path, stamp, contents(ds)); err != nil {
				t.Fatal(err)
			}
			c, err := snapshot.Read(path, stamp)
			if err != nil {
				t.Fatal(err)
			}
			back := c.Records
			if c.Names == nil {
				t.Fatal("no name index read back")
			}
			if want := catalog.NameOrder(ds); !slices.Equal(c.NameOrder, want) {
				t.Fatalf("name order read back as %v, want %v", c.NameOrder, want)
			}
			if len(back.Sources) != len(ds.Sources) || len(back.Entities) != len(ds.Entities) || len(back.Events) != len(ds.Events) ||
				len(back.Relations) != len(ds.Relations) || len(back.Claims) != len(ds.Claims) {
				t.Fatalf("read back %d/%d/%d/%d/%d records, wrote %d/%d/%d/%d/%d",
					len(back.Sources), len(back.Entities), len(back.Events), len(back.Relations), len(back.Claims),
					len(ds.Sources), len(ds.Entities), len(ds.Events), len(ds.Relations), len(ds.Claims))
			}
			// Written again, the records read back give the same bytes:
			// nothing was lost or changed on the way.
			if !bytes.Equal(encode(t, back), encode(t, ds)) {
				t.Fatal("the records read back encode differently from those written")
			}
			if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(m) != 0 {
				t.Fatalf("temporary files left: %v", m)
			}
		})
	}
}

func TestReadRefusesWhatItMustNotServe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s")
	if err := snapshot.Write(path, stamp, contents(seedDataset(t))); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		path string
		want snapshot.Stamp
		code history.Code
	}{
		"missing":             {filepath.Join(dir, "none"), stamp, history.CodeNotFound},
		"another revision":    {path, snapshot.Stamp{Revision: 13, Size: stamp.Size, ModTime: stamp.ModTime}, history.CodeConflict},
		"another store file":  {path, snapshot.Stamp{Revision: 12, Size: stamp.Size + 1, ModTime: stamp.ModTime}, history.CodeConflict},
		"another modify time": {path, snapshot.Stamp{Revision: 12, Size: stamp.Size, ModTime: stamp.ModTime + 1}, history.CodeConflict},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := snapshot.Read(c.path, c.want)
			if ds := got.Records; ds != nil || history.ErrorCode(err) != c.code {
				t.Fatalf("got %v records, error %v (code %q); want code %q", ds != nil, err, history.ErrorCode(err), c.code)
			}
		})
	}
}

// TestDamageIsDetected flips bytes all over a snapshot and cuts it short:
// every such snapshot is refused as corrupt, none is decoded.
func TestDamageIsDetected(t *testing.T) {
	b := encode(t, seedDataset(t))
	step := max(1, len(b)/3000)
	for i := 0; i < len(b); i += step {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			d := bytes.Clone(b)
			d[i] ^= flip
			if ds, err := decodeRecords(d); ds != nil || history.ErrorCode(err) != history.CodeCorrupt {
				// A flip in the stamp reads as a snapshot of another
				// state: refused all the same.
				if history.ErrorCode(err) == history.CodeConflict && ds == nil {
					continue
				}
				t.Fatalf("byte %d ^ %#x: got records %v, error %v", i, flip, ds != nil, err)
			}
		}
	}
	for n := 0; n < len(b); n += step {
		if ds, err := decodeRecords(b[:n]); ds != nil || history.ErrorCode(err) != history.CodeCorrupt {
			t.Fatalf("cut to %d bytes: got records %v, error %v", n, ds != nil, err)
		}
	}
	if ds, err := decodeRecords(append(bytes.Clone(b), 0)); ds != nil || history.ErrorCode(err) != history.CodeCorrupt {
		t.Fatalf("a byte added: got records %v, error %v", ds != nil, err)
	}
}

func decodeRecords(b []byte) (*history.Dataset, error) {
	c, err := snapshot.Decode(b, stamp)
	return c.Records, err
}

func FuzzDecode(f *testing.F) {
	b := encode(f, seedDataset(f))
	f.Add(b)
	f.Add(b[:200])
	f.Add([]byte("MEMSNAP\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := decodeRecords(b)
		if (ds == nil) == (err == nil) {
			t.Fatalf("records %v and error %v", ds != nil, err)
		}
	})
}
