package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// memoria bench, in several files by responsibility:
//
//	bench.go          the command: its flags, and the run in phases (load,
//	                  start-up, latencies, throughput) that fill one report
//	bench_data.go     where the dataset and the store come from: a dataset
//	                  generated or reused, a store new and empty
//	bench_queries.go  what is asked: the inputs drawn from the seed, and each
//	                  query as GraphQL, through the internal API, and of the
//	                  baselines
//	bench_measure.go  how it is timed: latency samples per variant, ratios,
//	                  throughput under concurrent clients
//	bench_server.go   the server measured, built as serve builds it

// benchOptions are the flags of memoria bench.
type benchOptions struct {
	people   int
	seed     uint64
	shape    dataset.Shape
	dir      string
	db       string // empty: a new temporary store
	keep     bool
	samples  int
	budget   time.Duration
	clients  int
	duration time.Duration
	json     bool
}

// runBench is memoria bench: a sequence of phases that hand on to each
// other through a benchRun, each adding its part to one report. The report
// goes to stdout only once every phase has succeeded, so that a failed run
// prints no partial numbers; progress goes to stderr as it happens.
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

// parseBenchFlags reads bench's flags. The globals are kept as they were
// before parsing, so that dbGiven can tell a --db given on the command
// line from the default and from MEMORIA_DB.
func parseBenchFlags(e env, g globals, args []string) (benchOptions, error) {
	given := g
	flags := newFlagSet(e, &g, "bench", "", "Measures Memoria on a synthetic graph, reproducibly. It generates a dataset of --people people in\n"+
		"the --shape given (or reuses the one in --dir), loads it into a new store the way load does, reads\n"+
		"it back and builds the indexes the way serve does, starts the server on loopback, and reports p50\n"+
		"and p99 latencies of entity by id, search, 2-hop neighbourhood, shortest path, k shortest paths and\n"+
		"timeline, both over GraphQL and HTTP and through the internal API; beside them two baselines, the\n"+
		"same question asked of Cayley's own iterators on the same store and a bare BFS over the compact\n"+
		"index, with the ratios (a variant too slow for --samples within --budget stops early); then\n"+
		"requests per second under --clients concurrent clients. Inputs are drawn from --seed. The store\n"+
		"is a new temporary bbolt file unless --db names a new, empty one: MEMORIA_DB is ignored, so that\n"+
		"a benchmark never writes into a real store. Progress goes to stderr, the report to stdout.\n\n"+
		shapeHelp)
	o := benchOptions{}
	flags.IntVar(&o.people, "people", 100000, "how many people the synthetic dataset holds")
	flags.Uint64Var(&o.seed, "seed", 1, "the seed of the dataset and of the inputs drawn from it")
	shape := shapeFlag{dataset.ShapeRegistry}
	flags.Var(&shape, "shape", "the `shape` of the synthetic dataset: registry or network (see above)")
	flags.StringVar(&o.dir, "dir", "", "where the dataset is generated, or found from an earlier run (default: a directory under the system's temporary directory named by shape, size and seed)")
	flags.BoolVar(&o.keep, "keep", false, "keep the temporary store at the end, and say where it is")
	flags.IntVar(&o.samples, "samples", 500, "how many timed queries per query and variant, after a warm-up")
	flags.DurationVar(&o.budget, "budget", 30*time.Second, fmt.Sprintf("how long one variant's timed queries may take: a slower one stops early, after at least %d", bench.MinSamples))
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
	case o.samples < 1 || o.clients < 1 || o.duration <= 0 || o.budget <= 0:
		return o, fmt.Errorf("%w: bench needs --samples and --clients of at least 1 and a positive --duration and --budget", errUsage)
	}
	o.shape = shape.shape
	if o.dir == "" {
		// The shape is in the name, so that datasets of two shapes never
		// share a directory.
		o.dir = filepath.Join(os.TempDir(), fmt.Sprintf("memoria-bench-%s-%d-seed-%d", o.shape, o.people, o.seed))
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

// closeStore closes the store once, whichever comes first: startup, which
// reopens it; the end of the run, so that a failed close fails the run; or
// runBench's deferred call, after a phase failed.
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
// does), and times only the load of the dataset. It reports the quads this
// load added, as the load itself counts them: the embedded dataset's are
// not among them.
func (b *benchRun) load(ctx context.Context, dsn string) error {
	if err := requireEmptyStore(ctx, dsn); err != nil {
		return err
	}
	s, err := openStore(ctx, b.e, globals{db: dsn})
	if err != nil {
		return err
	}
	b.st = s
	fmt.Fprintf(b.e.stderr, "bench: loading %s into %s\n", b.o.dir, dsn)
	peakReset := bench.ResetPeak() == nil
	start := time.Now()
	res, summary, err := loadPath(ctx, b.e, s, b.o.dir)
	if err != nil {
		return explain(b.e.stderr, err)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(b.e.stderr, "bench: %s: %s\n", b.o.dir, summary)
	b.rep.Load = bench.LoadInfo{Store: dsn, Elapsed: elapsed, Quads: res.QuadsAdded, QuadsPerSecond: float64(res.QuadsAdded) / elapsed.Seconds()}
	if mem, err := bench.ReadMemory(); err == nil && peakReset {
		b.rep.Load.PeakRSS = mem.Peak
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
	startupGC(b.e, readGCPercent)
	ds, err := b.st.Dataset(ctx)
	if err != nil {
		return err
	}
	// As serve does, so that the memory measured is serve's.
	if err := b.st.Release(); err != nil {
		return err
	}
	read := time.Since(start)
	start = time.Now()
	startupGC(b.e, indexGCPercent)
	b.data = buildData(ds)
	index := time.Since(start)
	// The collector as serve sets it, so that the numbers are serve's.
	tuneGC(b.e, slog.New(slog.NewTextHandler(b.e.stderr, nil)))
	bare := b.data.Graph
	b.bare = bare
	nodes, edges := bare.Len()
	b.rep.Startup = bench.StartupInfo{Read: read, Index: index, Nodes: nodes, Edges: edges}
	if mem, err := bench.ReadMemory(); err == nil {
		b.rep.Startup.RSS = mem.RSS
		if peakReset {
			b.rep.Startup.PeakRSS = mem.Peak
		}
	}
	// The baselines read the store through Cayley: it is opened again.
	if strings.HasPrefix(dsn, "memory:") {
		return nil
	}
	if err := b.closeStore(); err != nil {
		return err
	}
	s, err := openStore(ctx, b.e, globals{db: dsn})
	if err != nil {
		return err
	}
	b.st = s
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

// writeBenchReport writes the report as a table for a reader or, with
// --json, as indented JSON for scripts that compare runs.
func writeBenchReport(w io.Writer, rep *bench.Report, asJSON bool) error {
	if !asJSON {
		return rep.WriteText(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
