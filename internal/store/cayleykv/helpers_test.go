package cayleykv

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hbbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"
)

// testStore is a Cayley key-value store in a bbolt file, which tests write
// into with a Writer or with Cayley's own writer, and read through Cayley
// or straight from its buckets.
type testStore struct {
	tb   testing.TB
	file string
}

// cayleyOptions are the options Cayley's store is opened with, as
// internal/store opens it: without bloom filters, which read every
// primitive at open.
var cayleyOptions = graph.Options{ckv.OptNoBloom: true}

// newTestStore creates an empty Cayley store in a new file.
func newTestStore(tb testing.TB) *testStore {
	tb.Helper()
	s := &testStore{tb: tb, file: filepath.Join(tb.TempDir(), "indexes.bolt")}
	db, err := hbbolt.Open(s.file, nil)
	if err != nil {
		tb.Fatal(err)
	}
	err = ckv.Init(db, cayleyOptions)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatalf("initialise a Cayley store: %v", err)
	}
	return s
}

// testQuad is a quad to add, and whether it is shared (see Writer.Add).
type testQuad struct {
	quad.Quad
	shared bool
}

// addBulk adds quads with a Writer, as internal/store does: into a copy of
// the file, which then replaces it.
func (s *testStore) addBulk(opts Options, quads []testQuad) Counts {
	s.tb.Helper()
	counts, err := s.writeCopy(opts, func(ctx context.Context, w *Writer) error {
		for _, q := range quads {
			if err := w.Add(ctx, q.Quad, q.shared); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.tb.Fatalf("WriteCopy: %v", err)
	}
	if counts != (Counts{}) {
		if err := ReplaceWithCopy(s.file); err != nil {
			s.tb.Fatalf("ReplaceWithCopy: %v", err)
		}
		// The file is written page by page, not by bolt: every page must
		// be laid out as bolt would, and the layout Cayley's.
		rep, err := CheckStore(context.Background(), s.file)
		if err != nil || rep.Damaged() {
			s.tb.Fatalf("CheckStore after a bulk load: %v, %+v", err, rep.Damage)
		}
	}
	return counts
}

// writeCopy runs WriteCopy on the store's file, opened as a store opens it.
func (s *testStore) writeCopy(opts Options, write func(context.Context, *Writer) error) (Counts, error) {
	s.tb.Helper()
	db, err := bbolt.Open(s.file, 0o644, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		s.tb.Fatal(err)
	}
	defer db.Close()
	return WriteCopy(context.Background(), db, s.file, opts, write)
}

// addCayley adds quads with Cayley's QuadWriter, as `cayley load` does, in
// its batches of quad.DefaultBatch.
func (s *testStore) addCayley(quads []testQuad) {
	s.tb.Helper()
	s.withCayley(func(qs graph.QuadStore, _ *bbolt.DB) error {
		qw, err := qs.NewQuadWriter()
		if err != nil {
			return err
		}
		for batch := range slices.Chunk(quads, quad.DefaultBatch) {
			qq := make([]quad.Quad, len(batch))
			for i, q := range batch {
				qq[i] = q.Quad
			}
			if _, err := qw.WriteQuads(qq); err != nil {
				return err
			}
		}
		return qw.Close()
	})
}

// withCayley opens the store through Cayley for fn, which is also given
// the bbolt database under Cayley's store.
func (s *testStore) withCayley(fn func(graph.QuadStore, *bbolt.DB) error) {
	s.tb.Helper()
	db, err := hbbolt.Open(s.file, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		s.tb.Fatal(err)
	}
	qs, err := ckv.New(db, cayleyOptions)
	if err != nil {
		_ = db.Close()
		s.tb.Fatal(err)
	}
	err = fn(qs, db.DB())
	if cerr := qs.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.tb.Fatal(err)
	}
}

// view opens the store's file with bbolt for fn, read-only.
func (s *testStore) view(fn func(db *bbolt.DB) error) {
	s.tb.Helper()
	db, err := bbolt.Open(s.file, 0o644, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		s.tb.Fatal(err)
	}
	err = fn(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.tb.Fatal(err)
	}
}

// quads returns every stored quad, read through Cayley's iterators, as a
// sorted list of N-Quads lines.
func (s *testStore) quads() []string {
	s.tb.Helper()
	var out []string
	s.withCayley(func(qs graph.QuadStore, _ *bbolt.DB) error {
		it := qs.QuadsAllIterator().Iterate()
		defer it.Close()
		ctx := context.Background()
		for it.Next(ctx) {
			q, err := qs.Quad(it.Result())
			if err != nil {
				return err
			}
			out = append(out, q.NQuad())
		}
		return it.Err()
	})
	slices.Sort(out)
	return out
}

// size is the quad count Cayley's store says it holds.
func (s *testStore) size() int64 {
	s.tb.Helper()
	var n int64
	s.withCayley(func(qs graph.QuadStore, _ *bbolt.DB) error {
		st, err := qs.Stats(context.Background(), true)
		n = st.Quads.Value
		return err
	})
	return n
}

// wantNothingLeftBeside fails the test if a load left its copy of the
// store, or its file of sorted index entries, beside the store's file.
func (s *testStore) wantNothingLeftBeside() {
	s.tb.Helper()
	for _, left := range []string{s.file + CopySuffix, s.file + RunsSuffix} {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			s.tb.Errorf("the load left %s beside the store: stat error %v", left, err)
		}
	}
}

// loadBothWays adds each part to bulk with a Writer and to cayley with
// Cayley's writer, and expects the same stored quads.
func loadBothWays(t *testing.T, bulk, cayley *testStore, opts Options, parts ...[]testQuad) {
	t.Helper()
	for _, part := range parts {
		bulk.addBulk(opts, part)
		cayley.addCayley(part)
	}
	if got, want := bulk.quads(), cayley.quads(); !slices.Equal(got, want) {
		t.Errorf("the Writer's store holds %d quads, Cayley's %d; first difference: %s", len(got), len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "one list is longer"
}

const (
	exNS     = "http://example.org/"
	rdfType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	edtfType = quad.IRI("http://id.loc.gov/datatypes/edtf")
)

var sources = []quad.Value{quad.IRI(exNS + "source/a"), quad.IRI(exNS + "source/b"), quad.IRI(exNS + "source/c")}

func vocab(name string) quad.IRI { return quad.IRI(exNS + "vocab#" + name) }

func recordIRI(i int) quad.IRI { return quad.IRI(fmt.Sprintf("%srecord/%d", exNS, i)) }

// genRecords generates the quads of n records in the shape that
// internal/store's mapping gives them. A record's own quads name its IRI,
// or a node inside it, as their subject, and are not shared: its type,
// literals of every kind, labelled with a source or not, and a statement
// node that links to another record. The direct triples between records,
// which several records may state, are shared. With repeat, a record now
// and then states again a direct triple that an earlier one stated.
func genRecords(rng *rand.Rand, n int, repeat bool) [][]testQuad {
	out := make([][]testQuad, n)
	var stated []quad.Quad
	seen := map[quad.Quad]bool{}
	for i := range out {
		r, src := recordIRI(i), sources[rng.IntN(len(sources))]
		var qs []testQuad
		own := func(s, p, o, l quad.Value) { qs = append(qs, testQuad{Quad: quad.Make(s, p, o, l)}) }
		own(r, quad.IRI(rdfType), vocab(fmt.Sprint("Class", i%5)), nil)
		own(r, vocab("name"), quad.String(fmt.Sprint("Record ", i)), src)
		own(r, vocab("locator"), quad.String(fmt.Sprint("¶", 1+rng.IntN(40))), src)
		switch i % 4 {
		case 0:
			own(r, vocab("date"), quad.TypedString{Value: quad.String(fmt.Sprint(1850 + rng.IntN(100))), Type: edtfType}, src)
		case 1:
			own(r, vocab("value"), quad.Float(rng.Float64()*1e6), nil)
			own(r, vocab("approximate"), quad.Bool(rng.IntN(2) == 0), nil)
		case 2:
			own(r, vocab("nativeName"), quad.LangString{Value: quad.String(fmt.Sprint("Имя ", i)), Lang: "ru"}, src)
			own(r, vocab("count"), quad.Int(int64(rng.IntN(1000))), nil)
		case 3:
			own(r, vocab("seen"), quad.Time(time.Unix(int64(rng.IntN(1e9)), 0).UTC()), nil)
			own(r, vocab("url"), quad.BNode(fmt.Sprint("b", i)), nil)
		}
		node := quad.IRI(fmt.Sprintf("%s#part-%d", r, rng.IntN(3)))
		own(node, vocab("subject"), r, nil)
		own(node, vocab("object"), recordIRI(rng.IntN(n)), nil)
		own(node, vocab("locator"), quad.String("p. 4"), src)

		mine := map[quad.Quad]bool{} // a record states a triple once
		for range rng.IntN(4) {
			q := quad.Make(recordIRI(rng.IntN(n)), vocab(fmt.Sprint("rel", rng.IntN(3))), recordIRI(rng.IntN(n)), src)
			if repeat && len(stated) > 0 && rng.IntN(3) == 0 {
				q = stated[rng.IntN(len(stated))]
			}
			if mine[q] || (seen[q] && !repeat) {
				continue
			}
			mine[q], seen[q] = true, true
			stated = append(stated, q)
			qs = append(qs, testQuad{Quad: q, shared: true})
		}
		out[i] = qs
	}
	return out
}

// splitRecords cuts the records into k parts at random places, each part
// the quads of its records.
func splitRecords(rng *rand.Rand, records [][]testQuad, k int) [][]testQuad {
	cuts := []int{0, len(records)}
	for range k - 1 {
		cuts = append(cuts, rng.IntN(len(records)+1))
	}
	slices.Sort(cuts)
	var parts [][]testQuad
	for i := 0; i+1 < len(cuts); i++ {
		parts = append(parts, slices.Concat(records[cuts[i]:cuts[i+1]]...))
	}
	return parts
}
