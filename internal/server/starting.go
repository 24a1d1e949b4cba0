package server

import (
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/memoria-history/memoria/internal/history"
)

// Starting answers while the store is read and the indexes are built,
// which takes a minute or more for a million people: the process is alive
// (/healthz says ok) but not ready (/readyz says 503), and every other
// request is told to come back, with Retry-After, rather than left
// waiting on a connection nobody accepts. GraphQL clients get the answer
// as a GraphQL error with code STARTING. Requests pass through the same
// request ids, log lines and CORS as the server's, so that a page in a
// browser reads the 503 instead of a CORS failure. opts is what New will
// be given.
func Starting(opts Options) (http.Handler, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	s := &Server{opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", serveHealth)
	mux.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, history.CodeStarting, "the server is starting: the store is being read and the indexes built; retry shortly")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		starting := history.CodeStarting.Meaning()
		w.Header().Set("Retry-After", strconv.Itoa(starting.RetryAfter))
		writeText(w, starting.HTTPStatus, "not ready: the store is being read and the indexes built\n")
	})
	return s.around(mux), nil
}

// Switch is a handler whose handler can be replaced while it serves: a
// process listens at once, answers with Starting while it builds the real
// server, and then hands every later request to it.
type Switch struct {
	h atomic.Pointer[http.Handler]
}

// NewSwitch returns a Switch serving h.
func NewSwitch(h http.Handler) *Switch {
	s := &Switch{}
	s.Set(h)
	return s
}

// Set makes h serve every request from now on.
func (s *Switch) Set(h http.Handler) { s.h.Store(&h) }

func (s *Switch) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }
