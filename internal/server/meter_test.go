package server

import (
	"context"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

type apiKey struct{}

// TestMeterStops: an execution is stopped by the first limit it goes
// past, once, with a LIMIT error naming what to do, and its context
// ends.
func TestMeterStops(t *testing.T) {
	long := strings.Repeat("x", 100)
	tests := []struct {
		name   string
		budget Budget
		value  any
		limit  string
	}{
		{"fields", Budget{MaxResolvedFields: 10, MaxAnswerBytes: 1 << 20}, 1, "resolved_fields"},
		{"bytes of text", Budget{MaxResolvedFields: 1000, MaxAnswerBytes: 1000}, &long, "answer_bytes"},
		{"memory", Budget{MaxResolvedFields: 1 << 20, MaxAnswerBytes: 1 << 30, MemoryLimit: 1}, "", "memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Server{opts: Options{Budget: tt.budget}, memory: &memoryWatch{limit: float64(tt.budget.MemoryLimit)}}
			m := s.newMeter(context.Background())
			ctx := context.WithValue(m, apiKey{}, "an api's own value")
			for range 2 * memoryEvery {
				CountResolve(ctx, tt.value)
			}
			e, ok := m.exceeded()
			if !ok || e.limit != tt.limit || history.ErrorCode(e) != history.CodeLimit || !strings.Contains(e.Error(), "ask for less") {
				t.Fatalf("stopped by %v (%v), want the %s limit", e, ok, tt.limit)
			}
			if ctx.Err() == nil {
				t.Error("the execution's context goes on")
			}
		})
	}
	s := &Server{opts: Options{Budget: DefaultBudget()}, memory: &memoryWatch{}}
	m := s.newMeter(context.Background())
	CountResolve(m, "a field")
	if _, ok := m.exceeded(); ok || m.Err() != nil || m.fields.Load() != 1 {
		t.Errorf("one field: stopped %v, %v, %d fields counted", ok, m.Err(), m.fields.Load())
	}
	CountResolve(context.Background(), "a request without a meter") // counts nothing, and does not fail
}
