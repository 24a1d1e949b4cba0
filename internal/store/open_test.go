package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestOpenRejectsBadNames(t *testing.T) {
	cases := []struct {
		name  string
		dsn   string
		opts  Options
		words []string
	}{
		{"no scheme", "./data/memoria.db", Options{}, []string{"not a store name"}},
		{"unknown backend", "leveldb:./x", Options{}, []string{`unknown backend "leveldb"`}},
		{"memory with a path", "memory:/tmp/x", Options{}, []string{"takes no path"}},
		{"bbolt without a path", "bbolt:", Options{}, []string{"needs a file path"}},
		{"postgres without a database", "postgres:", Options{}, []string{"needs a database"}},
		{"postgres pool size not a number", "postgres://localhost/memoria?pool_max_conns=many", Options{}, []string{"pool_max_conns"}},
		{"postgres pool lifetime not a duration", "postgres:postgres://localhost/memoria?pool_max_conn_lifetime=1", Options{}, []string{"pool_max_conn_lifetime"}},
		{"cockroach without a database", "cockroach:", Options{}, []string{"needs a database"}},
		{"cockroach pool size not a number", "cockroachdb://root@localhost/memoria?pool_max_conns=0", Options{}, []string{"pool_max_conns"}},
		{"relative base", "memory:", Options{Base: "memoria/"}, []string{"base"}},
		{"base without a separator at the end", "memory:", Options{Base: "https://example.org/x"}, []string{"ending in / or #"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.dsn, tc.opts)
			if err == nil {
				s.Close()
			}
			wantCode(t, err, history.CodeInvalid, append(tc.words, "open store "+tc.dsn)...)
		})
	}
}

func TestOpenBoltPath(t *testing.T) {
	cases := []struct {
		name     string
		prepare  func(t *testing.T, dir string) string // returns the path in the DSN
		wantFile string                                // relative to dir
	}{
		{"a file path creates its parent directories", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "data", "nested", "memoria.db")
		}, "data/nested/memoria.db"},
		{"an existing directory is a Cayley data directory", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "cayley-data")
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
			return p
		}, "cayley-data/indexes.bolt"},
	}
	for _, backend := range []string{"bbolt", "bolt"} {
		for _, tc := range cases {
			t.Run(backend+"/"+tc.name, func(t *testing.T) {
				dir := t.TempDir()
				path := tc.prepare(t, dir)
				skipUnderRace(t, backend)
				s := openTest(t, backend+":"+path, Options{})
				mustLoad(t, s, fullDataset())
				want := filepath.Join(dir, tc.wantFile)
				if s.file != want {
					t.Errorf("store file = %s, want %s", s.file, want)
				}
				if fi, err := os.Stat(want); err != nil || fi.Size() == 0 {
					t.Errorf("stat %s = %v, %v: want a non-empty file", want, fi, err)
				}
				if _, err := os.Stat(want + ".lock"); err != nil {
					t.Errorf("lock file: %v", err)
				}
			})
		}
	}
}

func TestBaseIsUsedForIRIs(t *testing.T) {
	const base = "https://example.org/history#"
	s := openTest(t, "memory:", Options{Base: base})
	mustLoad(t, s, fullDataset())
	found := false
	for _, q := range storedQuads(t, s) {
		if strings.HasPrefix(q, "<"+base+"person/nikolai-yezhov>") {
			found = true
			break
		}
	}
	if !found {
		t.Errorf("no quad has subject <%sperson/nikolai-yezhov>", base)
	}
	if d := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); d != "" {
		t.Errorf("round trip with base %s differs:\n%s", base, d)
	}
}

func TestReadWithAnotherBase(t *testing.T) {
	dsn := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	s := openTest(t, dsn, Options{Base: "https://example.org/a/"})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dsn, Options{Base: "https://example.org/b/"})
	_, err := s.Dataset(context.Background())
	wantCode(t, err, history.CodeCorrupt, "https://example.org/a/", "another base")
}
