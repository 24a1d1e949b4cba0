package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/internal/store"
)

// The questions bench asks, fixed so that runs compare: paths within the
// GraphQL default of 6 hops, neighbourhoods of 2 hops cut at the API's
// default cap of 2,000 nodes, the 5 shortest paths, 10 search hits, 20
// timeline events.
const (
	benchMaxHops     = 6
	benchHops        = 2
	benchLimit       = 2000
	benchK           = 5
	benchSearchFirst = 10
	benchTimeline    = 20
)

// benchMarker is the file bench writes beside a dataset it generated, so
// that a later run with the same size and seed reuses it.
const benchMarker = "memoria-bench.json"

// The variants of a query, as the report names them.
const (
	variantHTTP     = "http"
	variantInternal = "internal"
	variantBare     = "bare BFS"
	variantCayley   = "cayley"
)

// benchOptions are the flags of memoria bench.
type benchOptions struct {
	people   int
	seed     uint64
	dir      string
	db       string // empty: a new temporary store
	keep     bool
	samples  int
	clients  int
	duration time.Duration
	json     bool
}

func runBench(ctx context.Context, e env, g globals, args []string) error {
	o, err := parseBenchFlags(e, g, args)
	if err != nil {
		return err
	}
	b := &benchRun{e: e, o: o, rep: &bench.Report{Machine: bench.ReadMachine()}}
	defer b.closeStore()
	if b.rep.Dataset, err = benchDataset(ctx, e, o); err != nil {
		return err
	}
	dsn, cleanup, err := benchDSN(e, o)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := b.load(ctx, dsn); err != nil {
		return err
	}
	if err := b.startup(ctx, dsn); err != nil {
		return err
	}
	if err := b.serveAndMeasure(ctx); err != nil {
		return err
	}
	if err := b.closeStore(); err != nil {
		return err
	}
	return writeBenchReport(e.stdout, b.rep, o.json)
}

func parseBenchFlags(e env, g globals, args []string) (benchOptions, error) {
	given := g
	flags := newFlagSet(e, &g, "bench", "", "Measures Memoria on a synthetic graph, reproducibly. It generates a dataset of --people people (or\n"+
		"reuses the one in --dir), loads it into a new store the way load does, reads it back and builds\n"+
		"the indexes the way serve does, starts the server on loopback, and reports p50 and p99 latencies\n"+
		"of entity by id, search, 2-hop neighbourhood, shortest path, k shortest paths and timeline, both\n"+
		"over GraphQL and HTTP and through the internal API; beside them two baselines, the same question\n"+
		"asked of Cayley's own iterators on the same store and a bare BFS over the compact index, with the\n"+
		"ratios; then requests per second under --clients concurrent clients. Inputs are drawn from --seed.\n"+
		"The store is a new temporary bbolt file unless --db names a new, empty one: MEMORIA_DB is ignored,\n"+
		"so that a benchmark never writes into a real store. Progress goes to stderr, the report to stdout.")
	o := benchOptions{}
	flags.IntVar(&o.people, "people", 100000, "how many people the synthetic dataset holds")
	flags.Uint64Var(&o.seed, "seed", 1, "the seed of the dataset and of the inputs drawn from it")
	flags.StringVar(&o.dir, "dir", "", "where the dataset is generated, or found from an earlier run (default: a directory under the system's temporary directory named by size and seed)")
	flags.BoolVar(&o.keep, "keep", false, "keep the temporary store at the end, and say where it is")
	flags.IntVar(&o.samples, "samples", 500, "how many timed queries per query and variant, after a warm-up")
	flags.IntVar(&o.clients, "clients", 16, "how many concurrent clients the throughput runs use, each with its own keep-alive connection")
	flags.DurationVar(&o.duration, "duration", 10*time.Second, "how long each throughput run lasts, after a warm-up")
	flags.BoolVar(&o.json, "json", false, "write the report as JSON instead of a table")
	// --db comes with every command; for bench its default is not the
	// persistent store but a temporary one.
	if f := flags.Lookup("db"); f != nil {
		f.Usage = "a new, empty store to load into: bbolt:PATH, bolt:PATH or memory: (default: a temporary bbolt file; MEMORIA_DB is ignored)"
		f.DefValue = ""
	}
	if err := parseFlags(e, flags, args); err != nil {
		return o, err
	}
	switch {
	case flags.NArg() > 0:
		return o, fmt.Errorf("%w: bench takes no arguments, got %q", errUsage, flags.Args())
	case o.people < 1:
		return o, fmt.Errorf("%w: bench needs --people N with N at least 1", errUsage)
	case o.samples < 1 || o.clients < 1 || o.duration <= 0:
		return o, fmt.Errorf("%w: bench needs --samples and --clients of at least 1 and a positive --duration", errUsage)
	}
	if o.dir == "" {
		o.dir = filepath.Join(os.TempDir(), fmt.Sprintf("memoria-bench-%d-seed-%d", o.people, o.seed))
	}
	if dbGiven(flags, e, given) {
		o.db = g.db
	}
	return o, nil
}

// dbGiven reports whether --db was given on the command line, after bench
// or before it; the default and MEMORIA_DB do not count. A --db before
// the command that repeats MEMORIA_DB cannot be told from it, and is
// ignored too, which errs on the safe side.
func dbGiven(flags *flag.FlagSet, e env, before globals) bool {
	given := false
	flags.Visit(func(f *flag.Flag) { given = given || f.Name == "db" })
	return given || before.db != defaultDB && before.db != e.getenv("MEMORIA_DB")
}

// benchMarkerFile is the content of benchMarker.
type benchMarkerFile struct {
	People int              `json:"people"`
	Seed   uint64           `json:"seed"`
	Stats  dataset.GenStats `json:"stats"`
}

// benchDataset finds the dataset of o.people and o.seed in o.dir, or
// generates it there when the directory is new or empty.
func benchDataset(ctx context.Context, e env, o benchOptions) (bench.DatasetInfo, error) {
	info := bench.DatasetInfo{People: o.people, Seed: o.seed, Dir: o.dir}
	m, err := readBenchMarker(o.dir)
	switch {
	case err == nil:
		if m.People != o.people || m.Seed != o.seed {
			return info, fmt.Errorf("%w: %s holds a dataset of %d people with seed %d, not %d with seed %d: choose another --dir", errUsage, o.dir, m.People, m.Seed, o.people, o.seed)
		}
		info.Reused, info.Files, info.Bytes = true, m.Stats.Files, m.Stats.Bytes
		fmt.Fprintf(e.stderr, "bench: reusing the dataset in %s\n", o.dir)
		return info, nil
	case !errors.Is(err, fs.ErrNotExist):
		return info, err
	}
	fmt.Fprintf(e.stderr, "bench: generating %d people (seed %d) in %s\n", o.people, o.seed, o.dir)
	start := time.Now()
	pr := &genProgress{w: e.stderr, every: progressEvery, now: time.Now, start: start, last: start}
	st, err := dataset.Generate(ctx, o.dir, dataset.GenOptions{People: o.people, Seed: o.seed, OnFile: pr.file})
	if err != nil {
		return info, err
	}
	info.Generate, info.Files, info.Bytes = time.Since(start), st.Files, st.Bytes
	return info, writeBenchMarker(o.dir, benchMarkerFile{People: o.people, Seed: o.seed, Stats: st})
}

func readBenchMarker(dir string) (benchMarkerFile, error) {
	var m benchMarkerFile
	data, err := os.ReadFile(filepath.Join(dir, benchMarker))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("read %s: %w", filepath.Join(dir, benchMarker), err)
	}
	return m, nil
}

// writeBenchMarker writes the marker under a temporary name first, so that
// an interrupted run never leaves a marker that a later run would trust.
func writeBenchMarker(dir string, m benchMarkerFile) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	path := filepath.Join(dir, benchMarker)
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("write the dataset marker: %w", err)
	}
	return nil
}

// benchDSN returns the store to load into, and what to do at the end: a
// new bbolt file in a temporary directory, removed unless o.keep, or the
// store o.db names, left as it is.
func benchDSN(e env, o benchOptions) (string, func(), error) {
	if o.db != "" {
		return o.db, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "memoria-bench-db-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: create a temporary store: %w", err)
	}
	dsn := "bbolt:" + filepath.Join(dir, "memoria.db")
	return dsn, func() {
		if o.keep {
			fmt.Fprintf(e.stderr, "bench: kept the store: --db %s\n", dsn)
			return
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(e.stderr, "bench: remove the temporary store: %v\n", err)
		}
	}, nil
}

// benchRun is one run of memoria bench: its options, the report it fills
// in, and what its phases hand on to each other.
type benchRun struct {
	e    env
	o    benchOptions
	rep  *bench.Report
	st   *store.Store
	data api.Data
	bare bareGraph
}

// bareGraph is the part of the adjacency index that only bench uses.
type bareGraph interface {
	BareDistance(ctx context.Context, from, to history.ID, maxHops int) (int, bool, error)
	BareReach(ctx context.Context, id history.ID, hops, limit int) (int, error)
	Len() (nodes, edges int)
}

func (b *benchRun) closeStore() error {
	if b.st == nil {
		return nil
	}
	err := b.st.Close()
	b.st = nil
	return err
}

// load loads the dataset the way `memoria --db DSN load DIR` does into a
// new store (which first gets the embedded dataset, as every new store
// does), and times only the load of the dataset.
func (b *benchRun) load(ctx context.Context, dsn string) error {
	if err := requireEmptyStore(ctx, dsn); err != nil {
		return err
	}
	s, err := openStore(ctx, b.e, globals{db: dsn})
	if err != nil {
		return err
	}
	b.st = s
	before, err := s.QuadCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.e.stderr, "bench: loading %s into %s\n", b.o.dir, dsn)
	peakReset := bench.ResetPeak() == nil
	start := time.Now()
	summary, err := loadPath(ctx, b.e, s, b.o.dir)
	if err != nil {
		return explain(b.e.stderr, err)
	}
	elapsed := time.Since(start)
	after, err := s.QuadCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.e.stderr, "bench: %s: %s\n", b.o.dir, summary)
	b.rep.Load = bench.LoadInfo{Store: dsn, Elapsed: elapsed, Quads: after - before, QuadsPerSecond: float64(after-before) / elapsed.Seconds()}
	if mem, err := bench.ReadMemory(); err == nil && peakReset {
		b.rep.Load.PeakRSS = mem.Peak
	}
	return nil
}

// requireEmptyStore refuses a store that holds anything: a load into it
// would measure a different thing, and a benchmark must not write into a
// store someone uses.
func requireEmptyStore(ctx context.Context, dsn string) error {
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return err
	}
	empty, err := s.Empty(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("%w: bench needs a new, empty store, and %s holds data: name another with --db, or leave --db out for a temporary one", errUsage, dsn)
	}
	return nil
}

// startup opens the store again and builds what serve builds, timing each
// part. The memory store lives only as long as its handle, so it stays
// open.
func (b *benchRun) startup(ctx context.Context, dsn string) error {
	if !strings.HasPrefix(dsn, "memory:") {
		if err := b.closeStore(); err != nil {
			return err
		}
	}
	debug.FreeOSMemory() // so that the load's garbage does not count as serving's memory
	peakReset := bench.ResetPeak() == nil
	if b.st == nil {
		s, err := openStore(ctx, b.e, globals{db: dsn})
		if err != nil {
			return err
		}
		b.st = s
	}
	fmt.Fprintf(b.e.stderr, "bench: reading the store and building the indexes\n")
	start := time.Now()
	ds, err := b.st.Dataset(ctx)
	if err != nil {
		return err
	}
	read := time.Since(start)
	start = time.Now()
	b.data = buildData(ds)
	index := time.Since(start)
	bare, ok := b.data.Graph.(bareGraph)
	if !ok {
		return history.Errorf(history.CodeInternal, "bench: the graph index has no bare traversals")
	}
	b.bare = bare
	nodes, edges := bare.Len()
	b.rep.Startup = bench.StartupInfo{Read: read, Index: index, Nodes: nodes, Edges: edges}
	if mem, err := bench.ReadMemory(); err == nil {
		b.rep.Startup.RSS = mem.RSS
		if peakReset {
			b.rep.Startup.PeakRSS = mem.Peak
		}
	}
	return nil
}

// serveAndMeasure starts the server, measures every query every way, then
// the throughput, and stops the server.
func (b *benchRun) serveAndMeasure(ctx context.Context) (err error) {
	in, err := pickBenchInputs(ctx, b.data, b.bare, b.o.seed, b.o.samples)
	if err != nil {
		return err
	}
	queries, err := b.queries(in)
	if err != nil {
		return err
	}
	url, stop, err := startBenchServer(b.data)
	if err != nil {
		return err
	}
	defer func() {
		if serr := stop(); err == nil {
			err = serr
		}
	}()
	client := bench.NewHTTPClient(1)
	defer client.CloseIdleConnections()
	gql := bench.NewGraphQL(url, client)
	for _, q := range queries {
		if err := b.measure(ctx, gql, q); err != nil {
			return err
		}
	}
	b.addRatios()
	return b.throughput(ctx, url, queries)
}

// benchInputs are the inputs of the timed queries, drawn once from the
// seed, so that every variant of a query answers the same questions.
type benchInputs struct {
	people  []history.ID    // for entity by id, neighbourhoods
	texts   []string        // for search: a name or a variant of a person's
	pairs   [][2]history.ID // for paths: people connected within benchMaxHops
	windows [][2]string     // for timelines: EDTF years, from and to
}

func pickBenchInputs(ctx context.Context, d api.Data, bare bareGraph, seed uint64, n int) (benchInputs, error) {
	var in benchInputs
	people := d.Records.IDs(history.KindPerson)
	if len(people) < 2 {
		return in, history.Errorf(history.CodeInvalid, "bench: the dataset has fewer than two people")
	}
	r := rand.New(rand.NewPCG(seed, 0x62656e6368)) // a stream of its own, apart from the generator's
	for range n {
		id := people[r.IntN(len(people))]
		in.people = append(in.people, id)
		in.texts = append(in.texts, searchText(d, id, r))
		year := 1917 + r.IntN(70)
		in.windows = append(in.windows, [2]string{strconv.Itoa(year), strconv.Itoa(year + r.IntN(5))})
	}
	// Only connected pairs: an unconnected one costs a search of a whole
	// component and says nothing about paths. Enough draws are allowed to
	// find them in a sparse graph.
	for tries := 0; len(in.pairs) < n && tries < 50*n; tries++ {
		a, z := people[r.IntN(len(people))], people[r.IntN(len(people))]
		if a == z {
			continue
		}
		_, ok, err := bare.BareDistance(ctx, a, z, benchMaxHops)
		if err != nil {
			return in, err
		}
		if ok {
			in.pairs = append(in.pairs, [2]history.ID{a, z})
		}
	}
	if len(in.pairs) == 0 {
		return in, history.Errorf(history.CodeInvalid, "bench: no two people are connected within %d hops", benchMaxHops)
	}
	return in, nil
}

// searchText is what a reader would type to find a person: the name, or
// one of the variants, misspellings and transliterations the sources use.
func searchText(d api.Data, id history.ID, r *rand.Rand) string {
	e, ok := d.Records.Entity(id)
	if !ok {
		return string(id)
	}
	if k := r.IntN(len(e.Names) + 1); k < len(e.Names) {
		return e.Names[k].Text
	}
	return e.Name
}

// benchQuery is one query and every way bench asks it; each function
// answers input i (modulo the number of inputs), and the nil ones are
// variants the query does not have.
type benchQuery struct {
	name     string
	bodies   [][]byte // GraphQL-over-HTTP requests, one per input
	internal func(ctx context.Context, i int) error
	bare     func(ctx context.Context, i int) error
	cayley   func(ctx context.Context, i int) error
	weight   int // its share of the mixed throughput workload, in percent
}

// The GraphQL documents: the fields a front end would ask for.
const (
	gqlEntity = `query($id: ID!) { node(id: $id) { id ... on Person { name description born { edtf } died { edtf } } } }`
	gqlSearch = `query($text: String!) { search(text: $text, first: %d) { score matched node { id name } } }`
	gqlNear   = `query($id: ID!) { neighborhood(id: $id, hops: %d, limit: %d) { truncated nodes { id name } edges { source target label } } }`
	gqlPath   = `query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: %d) { length nodes { id name } steps { label statement citations { locator source { id } } } } }`
	gqlPaths  = `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: %d, limit: %d) { length nodes { id } steps { label } } }`
	gqlTime   = `query($from: String, $to: String) { timeline(from: $from, to: $to, first: %d) { id name type date { edtf } place { id name } } }`
)

func (b *benchRun) queries(in benchInputs) ([]benchQuery, error) {
	d, st, bare := b.data, b.st, b.bare
	person := func(i int) history.ID { return in.people[i%len(in.people)] }
	pair := func(i int) [2]history.ID { return in.pairs[i%len(in.pairs)] }
	qs := []benchQuery{
		{
			name: "entity by id", weight: 40,
			internal: func(ctx context.Context, i int) error { return knownEntity(d, person(i)) },
			cayley: func(ctx context.Context, i int) error {
				_, err := st.BaselineEntity(ctx, person(i))
				return err
			},
		},
		{
			name: "search", weight: 20,
			internal: func(ctx context.Context, i int) error {
				if hits := d.Search.Search(ctx, in.texts[i%len(in.texts)], nil, benchSearchFirst); len(hits) == 0 {
					return fmt.Errorf("search %q found nothing", in.texts[i%len(in.texts)])
				}
				return nil
			},
		},
		{
			name: "2-hop neighbourhood", weight: 5,
			internal: func(ctx context.Context, i int) error {
				if err := knownEntity(d, person(i)); err != nil {
					return err
				}
				_, err := d.Graph.Neighborhood(ctx, person(i), benchHops, benchLimit, graph.Filter{})
				return err
			},
			bare: func(ctx context.Context, i int) error {
				_, err := bare.BareReach(ctx, person(i), benchHops, benchLimit)
				return err
			},
			cayley: func(ctx context.Context, i int) error {
				_, err := st.BaselineNeighborhood(ctx, person(i), benchHops, benchLimit)
				return err
			},
		},
		{
			name: "shortest path", weight: 15,
			internal: func(ctx context.Context, i int) error {
				p := pair(i)
				if err := knownEntities(d, p[0], p[1]); err != nil {
					return err
				}
				_, ok, err := d.Graph.ShortestPath(ctx, p[0], p[1], benchMaxHops, graph.Filter{})
				return pathFound(ok, err)
			},
			bare: func(ctx context.Context, i int) error {
				p := pair(i)
				_, ok, err := bare.BareDistance(ctx, p[0], p[1], benchMaxHops)
				return pathFound(ok, err)
			},
			cayley: func(ctx context.Context, i int) error {
				p := pair(i)
				path, err := st.BaselineShortestPath(ctx, p[0], p[1], benchMaxHops)
				return pathFound(len(path) > 0, err)
			},
		},
		{
			name: "k shortest paths", weight: 10,
			internal: func(ctx context.Context, i int) error {
				p := pair(i)
				if err := knownEntities(d, p[0], p[1]); err != nil {
					return err
				}
				paths, err := d.Graph.KShortestPaths(ctx, p[0], p[1], benchMaxHops, benchK, graph.Filter{})
				return pathFound(len(paths) > 0, err)
			},
		},
		{
			name: "timeline", weight: 10,
			internal: func(ctx context.Context, i int) error {
				w := in.windows[i%len(in.windows)]
				window, err := benchWindow(w[0], w[1])
				if err != nil {
					return err
				}
				d.Records.Timeline(window, nil, benchTimeline)
				return nil
			},
		},
	}
	return qs, b.addBodies(qs, in)
}

// addBodies prepares the GraphQL requests of every query, one per input.
func (b *benchRun) addBodies(qs []benchQuery, in benchInputs) error {
	docs := map[string]struct {
		query string
		vars  func(i int) map[string]any
		n     int
	}{
		"entity by id":        {gqlEntity, func(i int) map[string]any { return map[string]any{"id": in.people[i]} }, len(in.people)},
		"search":              {fmt.Sprintf(gqlSearch, benchSearchFirst), func(i int) map[string]any { return map[string]any{"text": in.texts[i]} }, len(in.texts)},
		"2-hop neighbourhood": {fmt.Sprintf(gqlNear, benchHops, benchLimit), func(i int) map[string]any { return map[string]any{"id": in.people[i]} }, len(in.people)},
		"shortest path":       {fmt.Sprintf(gqlPath, benchMaxHops), func(i int) map[string]any { return pairVars(in.pairs[i]) }, len(in.pairs)},
		"k shortest paths":    {fmt.Sprintf(gqlPaths, benchMaxHops, benchK), func(i int) map[string]any { return pairVars(in.pairs[i]) }, len(in.pairs)},
		"timeline": {fmt.Sprintf(gqlTime, benchTimeline), func(i int) map[string]any {
			return map[string]any{"from": in.windows[i][0], "to": in.windows[i][1]}
		}, len(in.windows)},
	}
	for k := range qs {
		doc, ok := docs[qs[k].name]
		if !ok {
			return history.Errorf(history.CodeInternal, "bench: no GraphQL document for %s", qs[k].name)
		}
		for i := range doc.n {
			body, err := bench.Body(doc.query, doc.vars(i))
			if err != nil {
				return err
			}
			qs[k].bodies = append(qs[k].bodies, body)
		}
	}
	return nil
}

func pairVars(p [2]history.ID) map[string]any { return map[string]any{"from": p[0], "to": p[1]} }

// knownEntity and knownEntities do what the resolvers do before they ask
// the graph: check that the ids name entities.
func knownEntity(d api.Data, id history.ID) error {
	if _, ok := d.Records.Entity(id); !ok {
		return fmt.Errorf("entity %s not found", id)
	}
	return nil
}

func knownEntities(d api.Data, a, z history.ID) error {
	if err := knownEntity(d, a); err != nil {
		return err
	}
	return knownEntity(d, z)
}

// pathFound turns "no path" into an error: bench asks only about
// connected pairs, so a variant that finds none is wrong, and its timing
// meaningless.
func pathFound(ok bool, err error) error {
	if err == nil && !ok {
		return errors.New("no path found between a connected pair")
	}
	return err
}

// benchWindow parses a timeline's window as the resolver does.
func benchWindow(from, to string) (history.Date, error) {
	f, err := history.ParseDate(from)
	if err != nil {
		return history.Date{}, err
	}
	t, err := history.ParseDate(to)
	if err != nil {
		return history.Date{}, err
	}
	return history.Span(f, t), nil
}

// measure times every variant of one query over the same inputs.
func (b *benchRun) measure(ctx context.Context, gql *bench.GraphQL, q benchQuery) error {
	n := b.o.samples
	warmup := min(n, max(5, n/10))
	// The HTTP warm-up decodes each answer in full, so that the timed run,
	// which checks answers cheaply, is known to time real answers.
	for i := range warmup {
		if _, err := gql.Query(ctx, q.bodies[i%len(q.bodies)]); err != nil {
			return fmt.Errorf("bench: %s over HTTP: %w", q.name, err)
		}
	}
	variants := []struct {
		name string
		fn   func(ctx context.Context, i int) error
		warm int
	}{
		{variantHTTP, func(ctx context.Context, i int) error { return gql.Post(ctx, q.bodies[i%len(q.bodies)]) }, 0},
		{variantInternal, q.internal, warmup},
		{variantBare, q.bare, warmup},
		{variantCayley, q.cayley, warmup},
	}
	for _, v := range variants {
		if v.fn == nil {
			continue
		}
		fmt.Fprintf(b.e.stderr, "bench: %s, %s: %d samples\n", q.name, v.name, n)
		s, err := bench.Measure(ctx, v.warm, n, v.fn)
		if err != nil {
			return fmt.Errorf("bench: %s, %s: %w", q.name, v.name, err)
		}
		b.rep.Latency = append(b.rep.Latency, bench.Row{Query: q.name, Variant: v.name, Summary: s})
	}
	return nil
}

func (b *benchRun) addRatios() {
	for _, r := range []struct{ query, of, to string }{
		{"entity by id", variantCayley, variantInternal},
		{"2-hop neighbourhood", variantHTTP, variantBare},
		{"2-hop neighbourhood", variantInternal, variantBare},
		{"2-hop neighbourhood", variantCayley, variantInternal},
		{"shortest path", variantHTTP, variantBare},
		{"shortest path", variantInternal, variantBare},
		{"shortest path", variantCayley, variantInternal},
	} {
		b.rep.AddRatio(r.query, r.of, r.to)
	}
}

// throughput runs the entity-by-id workload and a mixed one under
// concurrent clients, each with a connection of its own.
func (b *benchRun) throughput(ctx context.Context, url string, qs []benchQuery) error {
	clients := make([]*http.Client, b.o.clients)
	posters := make([]*bench.GraphQL, b.o.clients)
	for i := range clients {
		clients[i] = bench.NewHTTPClient(1)
		posters[i] = bench.NewGraphQL(url, clients[i])
	}
	defer func() {
		for _, c := range clients {
			c.CloseIdleConnections()
		}
	}()
	mix := mixSchedule(qs, b.o.seed)
	workloads := []struct {
		name string
		pick func(client, seq int) []byte
	}{
		{"entity by id", func(client, seq int) []byte { return spread(qs[0].bodies, client, seq) }},
		{"mixed", func(client, seq int) []byte {
			return spread(qs[mix[(client*7+seq)%len(mix)]].bodies, client, seq)
		}},
	}
	opts := bench.LoadOptions{Clients: b.o.clients, Duration: b.o.duration, Warmup: min(b.o.duration/10, time.Second)}
	for _, w := range workloads {
		fmt.Fprintf(b.e.stderr, "bench: throughput, %s: %d clients for %s\n", w.name, b.o.clients, b.o.duration)
		res, err := bench.RunLoad(ctx, opts, func(ctx context.Context, client, seq int) error {
			return posters[client].Post(ctx, w.pick(client, seq))
		})
		if err != nil {
			return fmt.Errorf("bench: throughput, %s: %w", w.name, err)
		}
		if res.Errors > 0 {
			fmt.Fprintf(b.e.stderr, "bench: throughput, %s: %d requests failed, the first with: %s\n", w.name, res.Errors, res.FirstError)
		}
		b.rep.Throughput = append(b.rep.Throughput, bench.ThroughputRow{Workload: w.name, LoadResult: res})
	}
	return nil
}

// spread picks a client's next input so that clients do not all ask the
// same question at once.
func spread(bodies [][]byte, client, seq int) []byte {
	return bodies[(client*131+seq)%len(bodies)]
}

// mixSchedule lists query numbers in proportion to their weights, in an
// order drawn from the seed: the mixed workload walks it.
func mixSchedule(qs []benchQuery, seed uint64) []int {
	var s []int
	for k, q := range qs {
		for range q.weight {
			s = append(s, k)
		}
	}
	r := rand.New(rand.NewPCG(seed, 0x6d6978)) // "mix"
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// startBenchServer serves the data on a free loopback port with serve's
// options, and returns the GraphQL URL and how to stop. Request logs are
// written as serve writes them, as JSON, but to io.Discard: their cost is
// counted, their lines would drown the report.
func startBenchServer(data api.Data) (string, func() error, error) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	limits := api.DefaultLimits()
	a, err := api.New(data, api.Options{Limits: limits, Logger: logger})
	if err != nil {
		return "", nil, history.Wrap(history.CodeInternal, "build the GraphQL schema", err)
	}
	exporter, err := newExporter(data)
	if err != nil {
		return "", nil, err
	}
	srv, err := server.New(a, server.Options{
		AllowedOrigins: []string{"*"},
		QueryLimits:    server.DefaultQueryLimits(),
		Timeout:        10 * time.Second,
		Logger:         logger,
		Exports: server.ExportOptions{
			Exporter:      exporter,
			Renderer:      render.Renderer{},
			Limits:        selection.Limits{MaxNodes: server.DefaultMaxExportNodes, MaxHops: limits.MaxHops},
			MaxDrawnNodes: server.DefaultMaxDrawnNodes,
		},
	})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench: listen on loopback: %w", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	srv.SetReady(true)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	stop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(ctx); err != nil {
			return fmt.Errorf("bench: stop the server: %w", err)
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("bench: server: %w", err)
		}
		return nil
	}
	return "http://" + ln.Addr().String() + "/graphql", stop, nil
}

func writeBenchReport(w io.Writer, rep *bench.Report, asJSON bool) error {
	if !asJSON {
		return rep.WriteText(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
