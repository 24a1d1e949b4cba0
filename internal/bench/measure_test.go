package bench

import (
	"context"
	"errors"
	"slices"
	"testing"
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
			s, err := Measure(tt.ctx, tt.warmup, tt.n, func(ctx context.Context, i int) error {
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
