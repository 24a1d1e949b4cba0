package benchrun

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/bench"
)

// How bench times writes: over HTTP, against the server the reads were
// measured on, which follows its store's commits as serve's does, with a
// token of the bench's own and no rate limit.

// writeRate is the paced run's rate, issue 18's target.
const writeRate = 200

// writeSenders is how many mutations of the paced run may be under way at
// once: more than the store's one writer needs at 200/s, so that a slow
// commit delays the ones behind it without stopping the clock.
const writeSenders = 8

// benchToken makes the token bench writes with and keeps it in the store,
// before the server reads the store's tokens. An admin, so that it may
// load datasets too.
func (r *runner) benchToken(ctx context.Context) (string, error) {
	secret, t, err := auth.New("bench", auth.RoleAdmin, time.Now())
	if err != nil {
		return "", fmt.Errorf("bench: make a token: %w", err)
	}
	if err := r.st.PutToken(ctx, t); err != nil {
		return "", err
	}
	return secret, nil
}

// measureWrites runs the three write phases, after the reads, so that
// the reads measured above saw the graph as loaded.
func (r *runner) measureWrites(ctx context.Context, url, token string, path query) error {
	m, err := newMutations(r.data, r.o.Seed)
	if err != nil {
		return err
	}
	client := bench.NewHTTPClient(writeSenders)
	defer client.CloseIdleConnections()
	gql := bench.NewAuthorizedGraphQL(url, client, token)
	w := &bench.Writes{}
	if w.Mutations, err = r.mutationLatency(ctx, gql, m); err != nil {
		return err
	}
	if w.UnderLoad, err = r.writesUnderReads(ctx, gql, m, url, path); err != nil {
		return err
	}
	if w.Upload, err = r.adminLoad(ctx, client, url, token, m); err != nil {
		return err
	}
	r.rep.Writes = w
	return nil
}

// mutationLatency times each kind of mutation, one at a time, after a
// few untimed, and all of them together. A kind too slow for the samples
// within the budget stops early, as a query's variant does.
func (r *runner) mutationLatency(ctx context.Context, gql *bench.GraphQL, m *mutations) ([]bench.MutationRow, error) {
	var rows []bench.MutationRow
	var all []time.Duration
	var allCPU time.Duration
	send := func(ctx context.Context, kind string) (time.Duration, error) {
		mu, err := m.next(kind)
		if err != nil {
			return 0, err
		}
		start := time.Now()
		err = m.send(ctx, gql, mu)
		return time.Since(start), err
	}
	for _, kind := range mutationKinds() {
		fmt.Fprintf(r.stderr, "bench: %s: %d samples\n", kind, r.o.Samples)
		for range min(r.o.Samples, 5) {
			if _, err := send(ctx, kind); err != nil {
				return nil, fmt.Errorf("bench: %s, warm-up: %w", kind, err)
			}
		}
		var lat []time.Duration
		var spent time.Duration
		cpu := processCPU()
		for i := 0; i < r.o.Samples && (spent < r.o.Budget || i < bench.MinSamples); i++ {
			d, err := send(ctx, kind)
			if err != nil {
				return nil, fmt.Errorf("bench: %s: %w", kind, err)
			}
			lat, spent = append(lat, d), spent+d
		}
		cpu = processCPU() - cpu
		allCPU += cpu
		all = append(all, lat...)
		rows = append(rows, bench.MutationRow{Mutation: kind, Summary: bench.Summarize(lat), CPU: cpu / time.Duration(len(lat))})
	}
	return append(rows, bench.MutationRow{Mutation: "all", Summary: bench.Summarize(all), CPU: allCPU / time.Duration(max(1, len(all)))}), nil
}

// writesUnderReads sends mutations at writeRate for WriteDuration, the
// kinds in turn, while one client asks shortest paths in a closed loop,
// as the sustained path run does without writes.
func (r *runner) writesUnderReads(ctx context.Context, gql *bench.GraphQL, m *mutations, url string, path query) (bench.WriteLoad, error) {
	d := r.o.WriteDuration
	if d <= 0 {
		d = r.o.Duration
	}
	res := bench.WriteLoad{Target: writeRate, Duration: d}
	conn, err := bench.NewConn(url)
	if err != nil {
		return res, fmt.Errorf("bench: writes under reads: %w", err)
	}
	defer conn.Close()
	fmt.Fprintf(r.stderr, "bench: writes under reads: %d mutations/s and shortest paths from 1 client for %s\n", writeRate, d)
	gcs, cpu, sched := collections(), processCPU(), schedLatencies()
	paths := make(chan error, 1)
	go func() {
		var err error
		res.Paths, err = bench.RunLoad(ctx, bench.LoadOptions{Clients: 1, Duration: d}, func(ctx context.Context, _, seq int) error {
			return conn.Post(ctx, spread(path.bodies, 0, seq))
		})
		paths <- err
	}()
	paced := paceWrites(ctx, d, func(ctx context.Context, seq int) error {
		mu, err := m.next(mutationKinds()[seq%len(mutationKinds())])
		if err != nil {
			return err
		}
		return m.send(ctx, gql, mu)
	})
	if err := <-paths; err != nil {
		return res, fmt.Errorf("bench: writes under reads: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Collections = collections() - gcs
	res.CPU, res.SchedP99 = processCPU()-cpu, schedQuantile(sched, schedLatencies(), 0.99)
	res.Sent, res.Errors, res.FirstError = paced.sent, paced.errors, paced.firstError
	res.Mutations = bench.Summarize(paced.latencies)
	res.Elapsed = paced.elapsed
	if paced.elapsed > 0 {
		res.Rate = float64(len(paced.latencies)) / paced.elapsed.Seconds()
	}
	if res.Errors > 0 {
		fmt.Fprintf(r.stderr, "bench: writes under reads: %d mutations failed, the first with: %s\n", res.Errors, res.FirstError)
	}
	if res.Paths.Errors > 0 {
		fmt.Fprintf(r.stderr, "bench: writes under reads: %d paths failed, the first with: %s\n", res.Paths.Errors, res.Paths.FirstError)
	}
	return res, nil
}

// paced is what paceWrites measured.
type paced struct {
	sent, errors int
	firstError   string
	latencies    []time.Duration // of the calls that succeeded, from when each was due
	elapsed      time.Duration   // from the start to the last answer
}

// paceWrites calls do writeRate times a second for d, each call when its
// time comes (an open loop), with at most writeSenders under way; a call
// that waits for a sender counts the wait in its latency.
func paceWrites(ctx context.Context, d time.Duration, do func(ctx context.Context, seq int) error) paced {
	type job struct {
		seq int
		due time.Time
	}
	interval := time.Second / writeRate
	n := int(d / interval)
	jobs := make(chan job, n)
	var (
		mu  sync.Mutex
		out = paced{sent: n}
		end time.Time
		wg  sync.WaitGroup
	)
	start := time.Now()
	for range writeSenders {
		wg.Go(func() {
			for j := range jobs {
				err := do(ctx, j.seq)
				now := time.Now()
				mu.Lock()
				if err != nil {
					out.errors++
					if out.firstError == "" {
						out.firstError = err.Error()
					}
				} else {
					out.latencies = append(out.latencies, now.Sub(j.due))
				}
				end = now
				mu.Unlock()
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		jobs <- job{i, due}
	}
	close(jobs)
	wg.Wait()
	out.elapsed = end.Sub(start)
	return out
}
