package server_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// flakyStore answers pings as down says, and counts them.
type flakyStore struct {
	down  atomic.Bool
	pings atomic.Int64
}

func (f *flakyStore) Ping(context.Context) error {
	f.pings.Add(1)
	if f.down.Load() {
		return history.Wrap(history.CodeStoreUnavailable, "ping", errors.New("connection refused"))
	}
	return nil
}

// TestReadinessFollowsTheStore: /readyz answers 503 while the store does
// not answer its ping and 200 again once it does, pinging it at most
// about once a second however often it is asked.
func TestReadinessFollowsTheStore(t *testing.T) {
	st := &flakyStore{}
	h := newHandler(t, server.Options{Store: st})
	ready := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code
	}
	for range 50 {
		if got := ready(); got != 200 {
			t.Fatalf("store up: /readyz %d, want 200", got)
		}
	}
	if n := st.pings.Load(); n > 2 {
		t.Errorf("50 probes within a second pinged the store %d times, want 1 (2 across a second's turn)", n)
	}
	st.down.Store(true)
	waitStatus(t, ready, 503)
	st.down.Store(false)
	waitStatus(t, ready, 200)
}

func waitStatus(t *testing.T, get func() int, want int) {
	t.Helper()
	got := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got = get(); got == want {
			return
		}
	}
	t.Fatalf("/readyz %d, want %d", got, want)
}
