package bench

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestMeasure(t *testing.T) {
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		warmup, n int
		failAt    int // the call (counting warm-up calls) that fails; -1: none
		wantCalls []int
		wantCount int
		wantErr   error
	}{
		{name: "warm-up then timed, each phase from 0", ctx: context.Background(), warmup: 2, n: 3, failAt: -1, wantCalls: []int{0, 1, 0, 1, 2}, wantCount: 3},
		{name: "no warm-up", ctx: context.Background(), n: 2, failAt: -1, wantCalls: []int{0, 1}, wantCount: 2},
		{name: "a failed warm-up stops", ctx: context.Background(), warmup: 2, n: 3, failAt: 1, wantCalls: []int{0, 1}, wantErr: boom},
		{name: "a failed timed call stops", ctx: context.Background(), warmup: 1, n: 3, failAt: 2, wantCalls: []int{0, 0, 1}, wantErr: boom},
		{name: "cancelled", ctx: cancelled, n: 3, failAt: -1, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []int
			s, err := Measure(tt.ctx, Plan{Warmup: tt.warmup, Samples: tt.n}, func(ctx context.Context, i int) error {
				calls = append(calls, i)
				if len(calls)-1 == tt.failAt {
					return boom
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("calls %v, want %v", calls, tt.wantCalls)
			}
			if s.Count != tt.wantCount || s.P50 > s.P99 || s.P99 > s.Max {
				t.Errorf("summary %+v, want %d samples with p50 <= p99 <= max", s, tt.wantCount)
			}
		})
	}
}

// fakeClock is a clock that moves only when a measured call takes time, so
// that each call takes exactly what the test says, whatever the machine.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestMeasureBudget(t *testing.T) {
	tests := []struct {
		name       string
		plan       Plan
		step       time.Duration // what each call takes
		wantWarmup int
		wantCount  int
	}{
		{"fast calls all run", Plan{Warmup: 5, Samples: 50, Budget: time.Second}, time.Millisecond, 5, 50},
		{"slow calls stop at the budget", Plan{Warmup: 5, Samples: 500, Budget: time.Second}, 40 * time.Millisecond, 3, 25},
		{"very slow calls get the minimum", Plan{Warmup: 5, Samples: 500, Budget: time.Second}, 2 * time.Second, 1, MinSamples},
		{"fewer samples than the minimum asked", Plan{Warmup: 1, Samples: 3, Budget: time.Second}, 2 * time.Second, 1, 3},
		{"no budget", Plan{Warmup: 2, Samples: 30}, time.Hour, 2, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{}
			tt.plan.now = clock.now
			calls := 0
			s, err := Measure(context.Background(), tt.plan, func(ctx context.Context, i int) error {
				calls++
				clock.t = clock.t.Add(tt.step)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if warm := calls - s.Count; warm != tt.wantWarmup || s.Count != tt.wantCount {
				t.Errorf("%d warm-up and %d timed calls; want %d and %d", warm, s.Count, tt.wantWarmup, tt.wantCount)
			}
			if s.P50 != tt.step || s.Max != tt.step {
				t.Errorf("p50 %v, max %v; want %v", s.P50, s.Max, tt.step)
			}
		})
	}
}
