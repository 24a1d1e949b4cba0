package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/benchrun"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/synth"
)

// runBench is memoria bench: its flags are read here, and the run is
// internal/benchrun's, given the command's own ways of opening and loading
// a store, generating a dataset, building the indexes and the server.
func runBench(ctx context.Context, e env, g globals, args []string) error {
	o, err := parseBenchFlags(e, g, args)
	if err != nil {
		return err
	}
	err = benchrun.Run(ctx, o, benchWiring(e), e.stdout, e.stderr)
	if errors.Is(err, benchrun.ErrUsage) {
		return benchUsage{err}
	}
	return err
}

// benchUsage is a usage error of the run, reported as the command's own:
// it exits with status 2.
type benchUsage struct{ error }

func (benchUsage) Is(target error) bool { return target == errUsage }

// benchWiring builds what bench measures as the other commands build it:
// the store as every command opens it, the load as load runs it, the
// dataset as gen writes it, and the collector, the indexes and the server
// as serve sets and builds them, with serve's defaults.
func benchWiring(e env) benchrun.Wiring {
	w := benchrun.Wiring{
		OpenStore: func(ctx context.Context, dsn string) (*store.Store, error) {
			return openStore(ctx, e, globals{db: dsn})
		},
		Load: func(ctx context.Context, s *store.Store, dir string) (store.LoadResult, string, error) {
			res, summary, err := loadPath(ctx, e, s, dir)
			return res, summary, explain(e.stderr, err)
		},
		Generate: func(ctx context.Context, dir string, o synth.Options) (synth.Stats, error) {
			start := time.Now()
			pr := &genProgress{w: e.stderr, every: progressEvery, now: time.Now, start: start, last: start}
			o.OnFile = pr.file
			return synth.Generate(ctx, dir, o)
		},
		ReadGC:  func() { startupGC(e, readGCPercent) },
		IndexGC: func() { startupGC(e, indexGCPercent) },
		ServeGC: func(ctx context.Context) {
			logger := slog.New(slog.NewTextHandler(e.stderr, nil))
			tuneGC(e, logger)
			// serve's default --memory-limit caps the bound as in serve.
			hard, _, _ := memoryLimit("", e.getenv)
			go boundMemory(e, hard, logger).follow(ctx)
		},
		Index: buildData,
		Server: func(ctx context.Context, data api.Data, st *store.Store, logger *slog.Logger) (*http.Server, error) {
			o := defaultServeOptions()
			o.logger = logger
			// As serve --write-rate -1: bench times writes, not the
			// limiter's refusals.
			o.access.WritesPerSecond = -1
			g, access, _, err := writable(ctx, st, o.access)
			if err != nil {
				return nil, err
			}
			o.access = access
			srv, hs, err := newHTTPServer(data, o, g)
			if err != nil {
				return nil, err
			}
			srv.SetReady(true)
			return hs, nil
		},
	}
	// The sustained run's server is this very program's serve, in a
	// process of its own, so that its memory is measured alone; its
	// request logs are left out, its warnings kept.
	if self, err := os.Executable(); err == nil {
		w.ServeCommand = func(ctx context.Context, dsn, addr string) *exec.Cmd {
			return exec.CommandContext(ctx, self, "serve", "--db", dsn, "--addr", addr, "--log-level", "warn", "--drain", "0s")
		}
	}
	return w
}

// parseBenchFlags reads bench's flags. The globals are kept as they were
// before parsing, so that dbGiven can tell a --db given on the command
// line from the default and from MEMORIA_DB.
func parseBenchFlags(e env, g globals, args []string) (benchrun.Options, error) {
	given := g
	flags := newFlagSet(e, &g, "bench", "", "Measures Memoria on a synthetic graph, reproducibly. It generates a dataset of --people people in\n"+
		"the --shape given (or reuses the one in --dir), loads it into a new store the way load does, reads\n"+
		"it back and builds the indexes the way serve does, starts the server on loopback, and reports p50\n"+
		"and p99 latencies of entity by id, search, 2-hop neighbourhood, shortest path, k shortest paths and\n"+
		"timeline, both over GraphQL and HTTP and through the internal API; beside them two baselines, the\n"+
		"same question asked of Cayley's own iterators on the same store and a bare BFS over the compact\n"+
		"index, with the ratios (a variant too slow for --samples within --budget stops early); then\n"+
		"requests per second under --clients concurrent clients (and, with --sustain, a long mixed run), with\n"+
		"the resident memory at ready, at its peak under that load and after it; then, unless --writes=false, the writes\n"+
		"over HTTP with a token of its own: latencies of mutations one at a time, 200 mutations/s for\n"+
		"--write-duration while a client asks shortest paths, and a 1,000-record dataset through /admin/load.\n"+
		"Inputs are drawn from --seed. The store\n"+
		"is a new temporary bbolt file unless --db names a new, empty one: MEMORIA_DB is ignored, so that\n"+
		"a benchmark never writes into a real store. Progress goes to stderr, the report to stdout.\n\n"+
		shapeHelp)
	o := benchrun.Options{}
	flags.IntVar(&o.People, "people", 100000, "how many people the synthetic dataset holds")
	flags.Uint64Var(&o.Seed, "seed", 1, "the seed of the dataset and of the inputs drawn from it")
	shape := shapeFlag{synth.ShapeRegistry}
	flags.Var(&shape, "shape", "the `shape` of the synthetic dataset: registry or network (see above)")
	flags.StringVar(&o.Dir, "dir", "", "where the dataset is generated, or found from an earlier run (default: a directory under the system's temporary directory named by shape, size and seed)")
	flags.BoolVar(&o.Keep, "keep", false, "keep the temporary store at the end, and say where it is")
	flags.IntVar(&o.Samples, "samples", 500, "how many timed queries per query and variant, after a warm-up")
	flags.DurationVar(&o.Budget, "budget", 30*time.Second, fmt.Sprintf("how long one variant's timed queries may take: a slower one stops early, after at least %d", bench.MinSamples))
	flags.IntVar(&o.Clients, "clients", 16, "how many concurrent clients the throughput runs use, each with its own keep-alive connection")
	flags.DurationVar(&o.Duration, "duration", 10*time.Second, "how long each throughput run lasts, after a warm-up")
	flags.DurationVar(&o.WriteDuration, "write-duration", time.Minute, "how long mutations are sent at 200/s beside shortest paths (issue 18's target holds for a minute)")
	flags.DurationVar(&o.Sustain, "sustain", 0, "after the throughput runs, a mixed run of --clients clients this long against memoria serve started in a process of its own over the same store, whose resident memory is reported at ready, at its peak and after the run (0: none)")
	flags.BoolVar(&o.JSON, "json", false, "write the report as JSON instead of a table")
	flags.BoolVar(&o.Writes, "writes", true, "measure writes after the reads: mutations one at a time, 200 mutations/s for --write-duration beside shortest paths, and a 1,000-record load through /admin/load")
	// --db comes with every command; for bench its default is not the
	// persistent store but a temporary one.
	if f := flags.Lookup("db"); f != nil {
		f.Usage = "a new, empty store to load into: bbolt:PATH, bolt:PATH, postgres://..., cockroachdb://... or memory: (default: a temporary bbolt file; MEMORIA_DB is ignored)"
		f.DefValue = ""
	}
	if err := parseFlags(e, flags, args); err != nil {
		return o, err
	}
	switch {
	case flags.NArg() > 0:
		return o, fmt.Errorf("%w: bench takes no arguments, got %q", errUsage, flags.Args())
	case o.People < 1:
		return o, fmt.Errorf("%w: bench needs --people N with N at least 1", errUsage)
	case o.Sustain < 0:
		return o, fmt.Errorf("%w: bench needs a --sustain of 0 or more", errUsage)
	case o.Samples < 1 || o.Clients < 1 || o.Duration <= 0 || o.Budget <= 0 || o.WriteDuration <= 0:
		return o, fmt.Errorf("%w: bench needs --samples and --clients of at least 1 and a positive --duration, --write-duration and --budget", errUsage)
	}
	o.Shape = shape.shape
	if o.Dir == "" {
		// The shape is in the name, so that datasets of two shapes never
		// share a directory.
		o.Dir = filepath.Join(os.TempDir(), fmt.Sprintf("memoria-bench-%s-%d-seed-%d", o.Shape, o.People, o.Seed))
	}
	if dbGiven(flags, e, given) {
		o.DB = g.db
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
