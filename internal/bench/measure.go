package bench

import (
	"context"
	"fmt"
	"time"
)

// MinSamples is how many timed calls a Plan's budget always allows: fewer
// would not make a median.
const MinSamples = 10

// Plan says how many calls Measure makes, and how long a slow function
// may keep it.
type Plan struct {
	Warmup  int // untimed calls first
	Samples int // timed calls
	// Budget, when positive, bounds the run of a function too slow for
	// Samples calls: the warm-up stops after the call that takes it past a
	// tenth of Budget, and the timed calls once they have taken Budget in
	// all and number at least MinSamples. The summary's Count says how
	// many were made.
	Budget time.Duration

	now func() time.Time // the clock: time.Now unless a test sets it
}

func (p Plan) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// Measure calls fn p.Warmup times untimed, to fill caches and connection
// pools and to let the first calls' one-off costs pass, then p.Samples
// times (or fewer, within p.Budget), timing each call, and summarises the
// timings. The i passed to fn counts from 0 in each phase, so that the
// timed calls see inputs 0 to n-1 of whatever fn prepared, each once,
// whatever the warm-up. The first error stops the run.
func Measure(ctx context.Context, p Plan, fn func(ctx context.Context, i int) error) (Summary, error) {
	start := p.clock()
	for i := range p.Warmup {
		if err := call(ctx, fn, i); err != nil {
			return Summary{}, fmt.Errorf("warm-up call %d: %w", i, err)
		}
		if p.Budget > 0 && p.clock().Sub(start) > p.Budget/10 {
			break
		}
	}
	samples := make([]time.Duration, 0, p.Samples)
	var spent time.Duration
	for i := range p.Samples {
		if p.Budget > 0 && spent >= p.Budget && i >= MinSamples {
			break
		}
		t := p.clock()
		if err := call(ctx, fn, i); err != nil {
			return Summary{}, fmt.Errorf("call %d: %w", i, err)
		}
		d := p.clock().Sub(t)
		samples = append(samples, d)
		spent += d
	}
	return Summarize(samples), nil
}

func call(ctx context.Context, fn func(ctx context.Context, i int) error, i int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(ctx, i)
}
