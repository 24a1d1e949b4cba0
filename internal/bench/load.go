package bench

import (
	"context"
	"errors"
	"sync"
	"time"
)

// LoadOptions configure a load run.
type LoadOptions struct {
	// Clients is how many goroutines issue requests, each waiting for its
	// answer before it sends the next (a closed loop): at least 1.
	Clients int
	// Duration is how long requests are timed and counted.
	Duration time.Duration
	// Warmup runs before Duration starts: its requests are neither timed
	// nor counted, so that connections are open and caches warm.
	Warmup time.Duration
}

// LoadResult is what a load run measured. Requests counts the requests
// started within the measured window that succeeded, and Latency their
// latencies; Elapsed runs from the window's start to the end of the last
// of them, so Throughput (requests per second) is not flattered by
// requests cut off at the deadline.
type LoadResult struct {
	Clients    int           `json:"clients"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"first_error,omitempty"`
	Throughput float64       `json:"requests_per_second"`
	Latency    Summary       `json:"latency"`
}

// clientResult is what one client of a load run saw.
type clientResult struct {
	latencies []time.Duration
	errors    int
	firstErr  error
	end       time.Time
}

// RunLoad runs o.Clients clients for o.Warmup and then o.Duration, each
// calling do in a loop with its own number (0 to Clients-1) and the number
// of its call (from 0). A failed call is counted and the client goes on;
// only the end of ctx stops the run early, and then RunLoad returns
// ctx's error.
func RunLoad(ctx context.Context, o LoadOptions, do func(ctx context.Context, client, seq int) error) (LoadResult, error) {
	if o.Clients < 1 || o.Duration <= 0 || o.Warmup < 0 {
		return LoadResult{}, errors.New("run load: want at least one client, a positive duration and no negative warm-up")
	}
	begin := time.Now()
	start := begin.Add(o.Warmup)
	stop := start.Add(o.Duration)
	results := make([]clientResult, o.Clients)
	var wg sync.WaitGroup
	for c := range o.Clients {
		wg.Go(func() { results[c] = runClient(ctx, c, start, stop, do) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return LoadResult{}, err
	}
	return merge(o.Clients, start, results), nil
}

// runClient is one client's loop. Only calls that start within
// [start, stop) are timed and counted.
func runClient(ctx context.Context, c int, start, stop time.Time, do func(ctx context.Context, client, seq int) error) clientResult {
	var r clientResult
	for seq := 0; ctx.Err() == nil; seq++ {
		t0 := time.Now()
		if !t0.Before(stop) {
			break
		}
		err := do(ctx, c, seq)
		t1 := time.Now()
		if t0.Before(start) {
			continue // warm-up
		}
		r.end = t1
		if err != nil {
			r.errors++
			if r.firstErr == nil {
				r.firstErr = err
			}
			continue
		}
		r.latencies = append(r.latencies, t1.Sub(t0))
	}
	return r
}

func merge(clients int, start time.Time, results []clientResult) LoadResult {
	res := LoadResult{Clients: clients}
	var all []time.Duration
	end := start
	for _, r := range results {
		all = append(all, r.latencies...)
		res.Errors += r.errors
		if r.firstErr != nil && res.FirstError == "" {
			res.FirstError = r.firstErr.Error()
		}
		if r.end.After(end) {
			end = r.end
		}
	}
	res.Requests = len(all)
	res.Elapsed = end.Sub(start)
	if res.Elapsed > 0 {
		res.Throughput = float64(res.Requests) / res.Elapsed.Seconds()
	}
	res.Latency = Summarize(all)
	return res
}
