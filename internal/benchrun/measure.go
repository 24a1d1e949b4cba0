package benchrun

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/metrics"
	"slices"
	"time"

	"github.com/memoria-history/memoria/internal/bench"
)

// How bench times what it asks: latency samples of each variant of each
// query, one at a time, then requests per second under concurrent clients.

// The variants of a query, as the report names them.
const (
	variantHTTP     = "http"
	variantInternal = "internal"
	variantBare     = "bare BFS"
	variantCayley   = "cayley"
)

// measure times every variant of one query over the same inputs.
func (r *runner) measure(ctx context.Context, gql *bench.GraphQL, q query) error {
	n := r.o.Samples
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
		fmt.Fprintf(r.stderr, "bench: %s, %s: %d samples\n", q.name, v.name, n)
		s, err := bench.Measure(ctx, bench.Plan{Warmup: v.warm, Samples: n, Budget: r.o.Budget}, v.fn)
		if err != nil {
			return fmt.Errorf("bench: %s, %s: %w", q.name, v.name, err)
		}
		if s.Count < n {
			fmt.Fprintf(r.stderr, "bench: %s, %s: stopped after %d samples, at the budget of %s\n", q.name, v.name, s.Count, r.o.Budget)
		}
		r.rep.Latency = append(r.rep.Latency, bench.Row{Query: q.name, Variant: v.name, Summary: s})
	}
	return nil
}

// addRatios adds the comparisons the report is for: what the in-memory
// indexes gain over Cayley's iterators (cayley to internal), and what the
// API, GraphQL and HTTP cost over a bare traversal of the same index (to
// bare BFS).
func (r *runner) addRatios() {
	for _, x := range []struct{ query, of, to string }{
		{"entity by id", variantCayley, variantInternal},
		{"2-hop neighbourhood", variantHTTP, variantBare},
		{"2-hop neighbourhood", variantInternal, variantBare},
		{"2-hop neighbourhood", variantCayley, variantInternal},
		{"shortest path", variantHTTP, variantBare},
		{"shortest path", variantInternal, variantBare},
		{"shortest path", variantCayley, variantInternal},
		{"timeline", variantCayley, variantInternal},
	} {
		r.rep.AddRatio(x.query, x.of, x.to)
	}
}

// throughput runs the entity-by-id workload and a mixed one under
// concurrent clients, each with a connection of its own, and then shortest
// paths from one client for three times as long: long enough at a million
// people for collections to start and end under it, so that its p99 is
// the steady state's rather than whatever the 500 samples above happened
// to meet. The sustained mixed run comes last, here unless it is measured
// against a server of its own (sustainApart).
func (r *runner) throughput(ctx context.Context, url string, qs []query) error {
	posters, closeAll, err := dial(url, r.o.Clients)
	if err != nil {
		return err
	}
	defer closeAll()
	path := slices.IndexFunc(qs, func(q query) bool { return q.name == "shortest path" })
	if path < 0 {
		return errors.New("bench: no shortest path query to sustain")
	}
	workloads := []workload{
		{"entity by id", r.o.Clients, r.o.Duration, func(client, seq int) []byte { return spread(qs[0].bodies, client, seq) }},
		r.mixed(qs, "mixed", r.o.Duration),
		{"shortest path", 1, 3 * r.o.Duration, func(client, seq int) []byte { return spread(qs[path].bodies, client, seq) }},
	}
	if r.o.Sustain > 0 && !r.apart {
		workloads = append(workloads, r.mixed(qs, "mixed, sustained", r.o.Sustain))
	}
	peak := watchPeak()
	defer func() { r.rep.Serving.Peak = max(r.rep.Serving.Peak, peak()) }()
	for _, w := range workloads {
		mem, source, err := r.runWorkload(ctx, posters, w, ownProcess{})
		if err != nil {
			return err
		}
		r.rep.Serving.After, r.rep.Serving.AfterAnon, r.rep.Serving.Source = mem.RSS, mem.Anon, source
	}
	return nil
}

// workload is one throughput run: how many clients ask what for how long.
type workload struct {
	name     string
	clients  int
	duration time.Duration
	pick     func(client, seq int) []byte
}

// mixed is the mixed workload: every query in proportion to its weight.
func (r *runner) mixed(qs []query, name string, d time.Duration) workload {
	mix := mixSchedule(qs, r.o.Seed)
	return workload{name, r.o.Clients, d, func(client, seq int) []byte {
		return spread(qs[mix[(client*7+seq)%len(mix)]].bodies, client, seq)
	}}
}

// dial opens n connections to the GraphQL endpoint at url, one a client.
func dial(url string, n int) ([]*bench.Conn, func(), error) {
	posters := make([]*bench.Conn, 0, n)
	closeAll := func() {
		for _, c := range posters {
			c.Close()
		}
	}
	for range n {
		c, err := bench.NewConn(url)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("bench: throughput: %w", err)
		}
		posters = append(posters, c)
	}
	return posters, closeAll, nil
}

// serverProcess is the process that serves a throughput run, for what the
// report says of it: how many collections it has finished, and its memory.
type serverProcess interface {
	collections() int
	resident() (bench.Memory, string)
}

// runWorkload runs w, adds its row to the report, and returns the server's
// memory when it ended.
func (r *runner) runWorkload(ctx context.Context, posters []*bench.Conn, w workload, srv serverProcess) (bench.Memory, string, error) {
	opts := bench.LoadOptions{Clients: w.clients, Duration: w.duration, Warmup: min(w.duration/10, time.Second)}
	fmt.Fprintf(r.stderr, "bench: throughput, %s: %d clients for %s\n", w.name, w.clients, w.duration)
	gcs := srv.collections()
	res, err := bench.RunLoad(ctx, opts, func(ctx context.Context, client, seq int) error {
		return posters[client].Post(ctx, w.pick(client, seq))
	})
	if err != nil {
		return bench.Memory{}, "", fmt.Errorf("bench: throughput, %s: %w", w.name, err)
	}
	if res.Errors > 0 {
		fmt.Fprintf(r.stderr, "bench: throughput, %s: %d requests failed, the first with: %s\n", w.name, res.Errors, res.FirstError)
	}
	mem, source := srv.resident()
	r.rep.Throughput = append(r.rep.Throughput, bench.ThroughputRow{Workload: w.name, LoadResult: res, Collections: srv.collections() - gcs, RSS: mem.RSS})
	return mem, source, nil
}

// ownProcess is the bench's own process, where its server runs beside
// its clients.
type ownProcess struct{}

func (ownProcess) collections() int                 { return collections() }
func (ownProcess) resident() (bench.Memory, string) { return resident() }

// collections is how many garbage collections this process has finished:
// the bench's own server runs in it.
func collections() int {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// spread picks a client's next input so that clients do not all ask the
// same question at once.
func spread(bodies [][]byte, client, seq int) []byte {
	return bodies[(client*131+seq)%len(bodies)]
}

// mixSchedule lists query numbers in proportion to their weights, in an
// order drawn from the seed: the mixed workload walks it.
func mixSchedule(qs []query, seed uint64) []int {
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
