package main

import (
	"log/slog"
	"runtime"
)

// minServeProcs is the fewest Ps (GOMAXPROCS) serve runs with. Every
// GraphQL request hands work between goroutines and waits for it twice:
// graphql-go executes each query on a goroutine of its own, and net/http
// stops a connection's background reader before answering. With one P per
// CPU, on a small machine whose CPUs the server shares with its clients (a
// browser, a notebook, a load generator), a goroutine made ready waits in a
// P's queue until the one running there blocks, and a P whose thread the
// kernel has set aside holds its queue up with it. More Ps than CPUs let
// the kernel run whichever is ready. Measured on two CPUs with wrk on the
// same machine (100,000 people, entity by id), requests per second went
// from 7.6-9.4k with 2 Ps to 9.6-12.1k with 4 and 10.2-13.8k with 6; at a
// million people, the shortest-path p99 during a collection went from 18-20
// ms with 2 Ps to 10 with 4. Machines of six CPUs or more are left as the
// runtime sets them.
const minServeProcs = 6

// tuneProcs raises GOMAXPROCS to minServeProcs for serving, unless the
// environment sets GOMAXPROCS, which then rules.
func tuneProcs(e env, logger *slog.Logger) {
	if e.getenv("GOMAXPROCS") != "" {
		return
	}
	if n, want := runtime.GOMAXPROCS(0), serveProcs(runtime.GOMAXPROCS(0)); want != n {
		runtime.GOMAXPROCS(want)
		logger.Info("processors", "runtime_gomaxprocs", n, "gomaxprocs", want)
	}
}

// serveProcs is the GOMAXPROCS to serve with where the runtime chose n.
func serveProcs(n int) int { return max(n, minServeProcs) }
