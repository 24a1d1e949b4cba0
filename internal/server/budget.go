package server

import (
	"context"
	"errors"
	"runtime"
	rtmetrics "runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// Budget bounds what one execution may cost while it runs, and how many
// costly ones run at once. The static limits (QueryLimits) bound a
// document's shape; a document within them can still ask for millions of
// fields (a neighbourhood of 2,000 nodes with three levels of relations
// under it ran for the whole timeout and took 0.8 GB), so the budget is
// counted as fields resolve, and an execution that goes past it is
// stopped at once and answered LIMIT_EXCEEDED.
type Budget struct {
	// MaxResolvedFields bounds the fields one execution resolves
	// (default 100,000: the largest neighbourhood, 2,000 nodes with their
	// names and kinds and the edges among them, resolves some 40,000;
	// graphql-go holds some 650 bytes per field until the answer is
	// written).
	MaxResolvedFields int
	// MaxAnswerBytes bounds an answer: estimated while it executes, and
	// measured once encoded (default 16 MiB).
	MaxAnswerBytes int
	// HeavyCost is the estimated number of fields (cost.go) from which an
	// operation is heavy (default 20,000); MaxHeavy is how many heavy
	// ones run at once (default a quarter of MaxConcurrent, at least 1),
	// so that the others are left to cheap queries; HeavyWait is the
	// longest a heavy one waits for its turn before it is answered
	// SERVER_BUSY (default 2 s).
	HeavyCost int
	MaxHeavy  int
	HeavyWait time.Duration
	// MemoryLimit is the memory the process keeps under, in bytes, as the
	// runtime's soft memory limit (GOMEMLIMIT) or, once serving, above
	// it (MemorySoftShare); 0 watches none. Past
	// memoryShedHeavy of it heavy executions are refused, past
	// memoryStop a running execution is stopped, and past memoryShedAll
	// every execution and export is refused, until the collector has
	// caught up.
	MemoryLimit int64
}

// MemorySoftShare is the share of Budget.MemoryLimit the runtime's soft
// memory limit should stay under. The collector lets the memory in use
// rise to the soft limit before it works hard to keep it there, so a soft
// limit at or above memoryShedHeavy would leave the server past that
// share most of the time, refusing nearly every heavy request for
// garbage it could have reclaimed: below it, what is past it is memory
// in use that the collector could not reclaim.
const MemorySoftShare = 0.70

// The shares of Budget.MemoryLimit at which work is refused or stopped.
const (
	memoryShedHeavy = 0.80
	memoryStop      = 0.90
	memoryShedAll   = 0.95
	// memoryEvery is how many fields an execution resolves between two
	// looks at the memory in use.
	memoryEvery = 1024
)

// DefaultBudget returns the budget used when Options leaves it zero.
func DefaultBudget() Budget {
	return Budget{MaxResolvedFields: 100_000, MaxAnswerBytes: 16 << 20, HeavyCost: 20_000, HeavyWait: 2 * time.Second}
}

func (b *Budget) fill(maxConcurrent int) {
	def := DefaultBudget()
	if b.MaxResolvedFields <= 0 {
		b.MaxResolvedFields = def.MaxResolvedFields
	}
	if b.MaxAnswerBytes <= 0 {
		b.MaxAnswerBytes = def.MaxAnswerBytes
	}
	if b.HeavyCost <= 0 {
		b.HeavyCost = def.HeavyCost
	}
	if b.MaxHeavy <= 0 {
		b.MaxHeavy = max(1, maxConcurrent/4)
	}
	if b.HeavyWait <= 0 {
		b.HeavyWait = def.HeavyWait
	}
}

// CountResolve counts a resolved field against the budget of the request
// ctx belongs to, and stops the request when it goes past it: it is
// api.Options.OnResolve for the executor of a Server. value is what the
// field resolved to; the strings among them count towards the answer's
// size.
func CountResolve(ctx context.Context, value any) {
	if m, ok := ctx.Value(meterKey{}).(*meter); ok {
		m.count(value)
	}
}

type meterKey struct{}

// meter is the context of one execution, which counts what it resolves:
// being the context itself, it costs a request no allocation more than
// the cancellation it needs anyway.
type meter struct {
	context.Context
	stop      context.CancelCauseFunc
	fields    atomic.Int64
	bytes     atomic.Int64
	maxFields int64
	maxBytes  int64
	memory    *memoryWatch
	stopped   atomic.Bool
}

func (s *Server) newMeter(ctx context.Context) *meter {
	ctx, stop := context.WithCancelCause(ctx)
	b := s.opts.Budget
	return &meter{Context: ctx, stop: stop, maxFields: int64(b.MaxResolvedFields), maxBytes: int64(b.MaxAnswerBytes), memory: s.memory}
}

func (m *meter) Value(key any) any {
	if key == (meterKey{}) {
		return m
	}
	return m.Context.Value(key)
}

// fieldBytes is what a field adds to an answer, roughly: its key and
// punctuation, and its text.
const fieldBytes = 16

func (m *meter) count(value any) {
	n := m.fields.Add(1)
	size := int64(fieldBytes)
	switch v := value.(type) {
	case string:
		size += int64(len(v))
	case *string:
		if v != nil {
			size += int64(len(*v))
		}
	}
	b := m.bytes.Add(size)
	switch {
	case n > m.maxFields:
		m.halt("resolved_fields", "the query resolved more than %d fields, the most one query may: ask for less (smaller first or limit, fewer nested lists)", m.maxFields)
	case b > m.maxBytes:
		m.halt("answer_bytes", "the answer grew past %d bytes, the most one answer may: ask for less (smaller first or limit, fewer nested lists)", m.maxBytes)
	case n%memoryEvery == 0 && m.memory.share() > memoryStop:
		m.halt("memory", "the server is short of memory: the query was stopped after %d fields; ask for less, or try again later", n)
	}
}

// halt stops the execution, once, with an error naming the limit.
func (m *meter) halt(limit, format string, arg int64) {
	if m.stopped.CompareAndSwap(false, true) {
		m.stop(&limitError{limit: limit, err: history.Errorf(history.CodeLimit, format, arg)})
	}
}

// exceeded returns the error that stopped the execution, if a limit did.
func (m *meter) exceeded() (*limitError, bool) {
	var e *limitError
	ok := errors.As(context.Cause(m), &e)
	return e, ok
}

// limitError is a limit going past: the error for the client, and which
// limit it was, for the metrics.
type limitError struct {
	limit string
	err   error
}

func (e *limitError) Error() string { return e.err.Error() }
func (e *limitError) Unwrap() error { return e.err }

// memoryWatch reads the memory the process uses, as the runtime's memory
// limit counts it, at most every memoryRefresh: reading it costs a few
// microseconds.
type memoryWatch struct {
	limit float64 // bytes; 0 for none
	at    atomic.Int64
	used  atomic.Uint64
}

const memoryRefresh = 10 * time.Millisecond

// share is the share of the limit in use, 0 without a limit.
func (w *memoryWatch) share() float64 {
	if w.limit <= 0 {
		return 0
	}
	now := time.Now().UnixNano()
	if now-w.at.Load() > int64(memoryRefresh) {
		w.at.Store(now)
		w.used.Store(memoryInUse())
	}
	return float64(w.used.Load()) / w.limit
}

// memoryInUse is the memory the Go runtime holds and has not given back
// to the system: what GOMEMLIMIT limits.
func memoryInUse() uint64 {
	s := []rtmetrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	rtmetrics.Read(s)
	if s[0].Value.Kind() != rtmetrics.KindUint64 || s[1].Value.Kind() != rtmetrics.KindUint64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.Sys - ms.HeapReleased
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// refused counts a request refused by a limit, if err is one: a
// limitError names it; another LIMIT error is a limit on the arguments
// (an export's nodes or hops).
func (s *Server) refused(err error) {
	var e *limitError
	switch {
	case errors.As(err, &e):
		s.metrics.refuse(history.ErrorCode(e), e.limit)
	case history.ErrorCode(err) == history.CodeLimit:
		s.metrics.refuse(history.CodeLimit, "arguments")
	}
}

// admit says whether an execution may start, given the memory in use: a
// heavy one not past memoryShedHeavy, any not past memoryShedAll. It
// returns the limit that refuses it, or "".
func (s *Server) admit(heavy bool) string {
	share := s.memory.share()
	if share > memoryShedAll || heavy && share > memoryShedHeavy {
		return "memory"
	}
	return ""
}
