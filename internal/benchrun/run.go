package benchrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/synth"
)

// Options are what one run measures and how, as memoria bench's flags set
// them. Run expects them checked as the command checks its flags: People,
// Samples and Clients at least 1, Budget and Duration positive, and Dir
// named.
type Options struct {
	People int         // people in the synthetic dataset
	Seed   uint64      // the seed of the dataset and of the inputs drawn from it
	Shape  synth.Shape // the synthetic dataset's shape
	Dir    string      // where the dataset is generated, or found from an earlier run
	DB     string      // a new, empty store to load into; empty: a new temporary bbolt file
	Keep   bool        // keep the temporary store at the end, and say where it is

	Samples  int           // timed queries per query and variant, after a warm-up
	Budget   time.Duration // how long one variant's timed queries may take
	Clients  int           // concurrent clients of the throughput runs
	Duration time.Duration // how long each throughput run lasts, after a warm-up
	Sustain  time.Duration // how long a last, sustained mixed run lasts; 0 for none
	// WriteDuration is how long mutations are sent at writeRate beside
	// shortest paths; 0 for Duration.
	WriteDuration time.Duration
	JSON          bool // write the report as JSON instead of a table
	Writes        bool // measure the write phases after the reads
}

// Wiring is how the command builds what bench measures: the store, the
// load, the indexes and the server, each as the other commands build them,
// so that bench measures what they run and cannot drift apart from them.
// Every field but ServeCommand is required.
type Wiring struct {
	// OpenStore opens the store dsn names as every command does: a new
	// one is given the embedded dataset first.
	OpenStore func(ctx context.Context, dsn string) (*store.Store, error)
	// Load loads the dataset directory dir into s as `memoria load` does,
	// and returns what the store gained and a line that says it.
	Load func(ctx context.Context, s *store.Store, dir string) (store.LoadResult, string, error)
	// Generate writes a synthetic dataset into dir as `memoria gen`
	// does, saying how it goes.
	Generate func(ctx context.Context, dir string, o synth.Options) (synth.Stats, error)
	// ReadGC, IndexGC and ServeGC set the garbage collector as serve sets
	// it while it reads the store, while it builds the indexes, and for
	// serving once they are built (ServeGC until ctx ends).
	ReadGC, IndexGC func()
	ServeGC         func(ctx context.Context)
	// Index builds the indexes serve answers from.
	Index func(ds *history.Dataset) api.Data
	// Server builds the HTTP server serve runs over data and the store it
	// was read from, open for writing: with serve's default settings
	// (but no rate limit on writes), the store's tokens, and a read model
	// that follows each commit; logging to logger, ready and not yet
	// listening.
	Server func(ctx context.Context, data api.Data, st *store.Store, logger *slog.Logger) (*http.Server, error)
	// ServeCommand, which may be nil, is `memoria serve` over the store
	// dsn listening on addr, with serve's defaults otherwise, not yet
	// started: the sustained run is measured against it, in a process of
	// its own, so that the memory reported is the server's alone. Without
	// it the sustained run asks the bench's own server.
	ServeCommand func(ctx context.Context, dsn, addr string) *exec.Cmd
}

// ErrUsage is wrapped by the errors of a run that its options rule out: a
// Dir that holds another dataset, a DB that holds data. The command
// reports them as usage errors.
var ErrUsage = errors.New("usage")

// Run is memoria bench: a sequence of phases (load, start-up, latencies,
// throughput, and with o.Writes the writes) that hand on to each other through a runner, each adding its
// part to one report. The report goes to stdout only once every phase has
// succeeded, so that a failed run prints no partial numbers; progress goes
// to stderr as it happens.
func Run(ctx context.Context, o Options, w Wiring, stdout, stderr io.Writer) error {
	r := &runner{o: o, w: w, stderr: stderr, rep: &bench.Report{Machine: bench.ReadMachine()}}
	defer r.closeStore()
	var err error
	if r.rep.Dataset, err = r.dataset(ctx); err != nil {
		return err
	}
	dsn, cleanup, err := r.dsn()
	if err != nil {
		return err
	}
	defer cleanup()
	r.apart = r.canServeApart(dsn)
	if err := r.load(ctx, dsn); err != nil {
		return err
	}
	if err := r.startup(ctx, dsn); err != nil {
		return err
	}
	if err := r.serveAndMeasure(ctx); err != nil {
		return err
	}
	if err := r.closeStore(); err != nil {
		return err
	}
	if r.apart {
		if err := r.sustainApart(ctx, dsn); err != nil {
			return err
		}
	}
	return writeReport(stdout, r.rep, o.JSON)
}

// runner is one run of memoria bench: its options, the report it fills
// in, and what its phases hand on to each other.
type runner struct {
	o      Options
	w      Wiring
	stderr io.Writer
	rep    *bench.Report
	st     *store.Store
	data   api.Data
	bare   *floor
	qs     []query // the queries timed, for a sustained run after
	apart  bool    // the sustained run asks a server of its own (apart.go)
}

// closeStore closes the store once, whichever comes first: startup, which
// reopens it; the end of the run, so that a failed close fails the run; or
// Run's deferred call, after a phase failed.
func (r *runner) closeStore() error {
	if r.st == nil {
		return nil
	}
	err := r.st.Close()
	r.st = nil
	return err
}

// load loads the dataset the way `memoria --db DSN load DIR` does into a
// new store (which first gets the embedded dataset, as every new store
// does), and times only the load of the dataset. It reports the quads this
// load added, as the load itself counts them: the embedded dataset's are
// not among them.
func (r *runner) load(ctx context.Context, dsn string) error {
	if err := requireEmptyStore(ctx, dsn); err != nil {
		return err
	}
	s, err := r.w.OpenStore(ctx, dsn)
	if err != nil {
		return err
	}
	r.st = s
	fmt.Fprintf(r.stderr, "bench: loading %s into %s\n", r.o.Dir, store.Redact(dsn))
	peakReset := bench.ResetPeak() == nil
	start := time.Now()
	res, summary, err := r.w.Load(ctx, s, r.o.Dir)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(r.stderr, "bench: %s: %s\n", r.o.Dir, summary)
	r.rep.Load = bench.LoadInfo{Store: dsn, Elapsed: elapsed, Quads: res.QuadsAdded, QuadsPerSecond: float64(res.QuadsAdded) / elapsed.Seconds()}
	if mem, err := bench.ReadMemory(); err == nil && peakReset {
		r.rep.Load.PeakRSS = mem.Peak
	}
	return nil
}

// startup opens the store again and builds what serve builds, timing each
// part. The memory store lives only as long as its handle, so it stays
// open.
func (r *runner) startup(ctx context.Context, dsn string) error {
	if !strings.HasPrefix(dsn, "memory:") {
		if err := r.closeStore(); err != nil {
			return err
		}
	}
	debug.FreeOSMemory() // so that the load's garbage does not count as serving's memory
	peakReset := bench.ResetPeak() == nil
	if r.st == nil {
		s, err := r.w.OpenStore(ctx, dsn)
		if err != nil {
			return err
		}
		r.st = s
	}
	fmt.Fprintf(r.stderr, "bench: reading the store and building the indexes\n")
	start := time.Now()
	r.w.ReadGC()
	ds, err := r.st.Dataset(ctx)
	if err != nil {
		return err
	}
	revision := r.st.Revision()
	// As serve does, so that the memory measured is serve's.
	if err := r.st.Release(); err != nil {
		return err
	}
	read := time.Since(start)
	start = time.Now()
	r.w.IndexGC()
	r.data = r.w.Index(ds)
	// The view is the store's at the revision it was read at, as serve's
	// is: the server's read model follows the commits after it.
	r.data.Revision = revision
	index := time.Since(start)
	// The collector as serve sets it, so that the numbers are serve's.
	r.w.ServeGC(ctx)
	ix := r.data.Graph
	r.bare = newFloor(ix)
	nodes, edges := ix.Len()
	r.rep.Startup = bench.StartupInfo{Read: read, Index: index, Nodes: nodes, Edges: edges}
	if mem, err := bench.ReadMemory(); err == nil {
		r.rep.Startup.RSS = mem.RSS
		if peakReset {
			r.rep.Startup.PeakRSS = mem.Peak
		}
	}
	mem, source := resident()
	r.rep.Serving.Ready, r.rep.Serving.ReadyAnon, r.rep.Serving.Source = mem.RSS, mem.Anon, source
	// The baselines read the store through Cayley: it is opened again.
	if strings.HasPrefix(dsn, "memory:") {
		return nil
	}
	if err := r.closeStore(); err != nil {
		return err
	}
	s, err := r.w.OpenStore(ctx, dsn)
	if err != nil {
		return err
	}
	r.st = s
	return nil
}

// serveAndMeasure starts the server, measures every query every way, then
// the throughput and, with o.Writes, the writes, and stops the server.
func (r *runner) serveAndMeasure(ctx context.Context) (err error) {
	in, err := pickInputs(ctx, r.data, r.bare, r.o.Seed, r.o.Samples)
	if err != nil {
		return err
	}
	queries, err := r.queries(in)
	if err != nil {
		return err
	}
	r.qs = queries
	var token string
	if r.o.Writes {
		if token, err = r.benchToken(ctx); err != nil {
			return err
		}
	}
	url, stop, err := r.startServer(ctx)
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
		if err := r.measure(ctx, gql, q); err != nil {
			return err
		}
	}
	r.addRatios()
	if err := r.throughput(ctx, url, queries); err != nil {
		return err
	}
	if !r.o.Writes {
		return nil
	}
	return r.measureWrites(ctx, url, token, queries[slices.IndexFunc(queries, func(q query) bool { return q.name == "shortest path" })])
}

// writeReport writes the report as a table for a reader or, as JSON,
// indented for scripts that compare runs.
func writeReport(w io.Writer, rep *bench.Report, asJSON bool) error {
	if !asJSON {
		return rep.WriteText(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
