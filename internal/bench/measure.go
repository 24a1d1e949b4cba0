package bench

import (
	"context"
	"fmt"
	"time"
)

// Measure calls fn warmup times untimed, to fill caches and connection
// pools and to let the first calls' one-off costs pass, then n times,
// timing each call, and summarises the n timings. The i passed to fn
// counts from 0 in each phase, so that the timed calls see inputs 0 to
// n-1 of whatever fn prepared, each once, whatever the warm-up. The first
// error stops the run.
func Measure(ctx context.Context, warmup, n int, fn func(ctx context.Context, i int) error) (Summary, error) {
	for i := range warmup {
		if err := call(ctx, fn, i); err != nil {
			return Summary{}, fmt.Errorf("warm-up call %d: %w", i, err)
		}
	}
	samples := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		if err := call(ctx, fn, i); err != nil {
			return Summary{}, fmt.Errorf("call %d: %w", i, err)
		}
		samples[i] = time.Since(start)
	}
	return Summarize(samples), nil
}

func call(ctx context.Context, fn func(ctx context.Context, i int) error, i int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(ctx, i)
}
