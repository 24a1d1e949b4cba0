package server

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestAWaitingHeavyRequestIsAdmittedAgain: a heavy request admitted while
// memory was low, which then waits for a heavy slot while the one holding
// it fills the memory, is refused for memory when the slot frees rather
// than started past the share where heavy requests are refused.
func TestAWaitingHeavyRequestIsAdmittedAgain(t *testing.T) {
	const limit = 1000
	s, err := New(nil, Options{MaxConcurrent: 4, Budget: Budget{MaxHeavy: 1, HeavyWait: time.Minute, MemoryLimit: limit}})
	if err != nil {
		t.Fatal(err)
	}
	// The memory in use is what the test says: never read again.
	s.memory.at.Store(math.MaxInt64)
	s.memory.used.Store(limit / 10)
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)

	first := httptest.NewRecorder()
	ctx, cancel := s.start(first, req, mediaJSON, true, false)
	if ctx == nil {
		t.Fatalf("the first heavy request was refused: %d %s", first.Code, first.Body)
	}
	if l := s.admit(true); l != "" {
		t.Fatalf("a heavy request refused for %s at 10%% of the memory limit", l)
	}
	second := httptest.NewRecorder()
	started := make(chan bool)
	go func() {
		ctx, cancel := s.start(second, req, mediaJSON, true, false)
		if ctx != nil {
			s.finish(cancel, true, false)
		}
		started <- ctx != nil
	}()
	// While the second waits, the first fills the memory past the share
	// where heavy requests are refused, then ends.
	s.memory.used.Store(uint64(math.Ceil((memoryShedHeavy + 0.05) * limit)))
	s.finish(cancel, true, false)
	if <-started {
		t.Fatal("the waiting heavy request started with the memory past the share where heavy ones are refused")
	}
	if second.Code != http.StatusServiceUnavailable {
		t.Errorf("the waiting heavy request was answered %d, want 503", second.Code)
	}
	if len(s.heavy) != 0 || len(s.slots) != 0 {
		t.Errorf("%d heavy and %d execution slots still taken, want none", len(s.heavy), len(s.slots))
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := `memoria_requests_refused_total{code="SERVER_BUSY",limit="memory"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}
