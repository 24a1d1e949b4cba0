// Package benchrun is `memoria bench`: one reproducible run that measures
// Memoria on a synthetic graph and reports it. Run goes through its phases
// in order, each adding its part to one report:
//
//	data.go     where the dataset and the store come from: a dataset
//	            generated or reused (a marker file names its shape, size
//	            and seed), a store new and empty
//	run.go      the phases: load, start-up (read the store, build the
//	            indexes), latencies, throughput
//	queries.go  what is asked: inputs drawn from the seed, and each query
//	            over GraphQL and HTTP, through the indexes as the resolvers
//	            use them, of the bare BFS and of Cayley's iterators
//	measure.go  how it is timed: latency samples per variant, ratios,
//	            throughput under concurrent clients
//	server.go   the server measured, on loopback
//	apart.go    the sustained run's server: memoria serve in a process of
//	            its own, so that its resident memory is the server's alone
//	floor.go    the bare BFS over the graph index's adjacency
//
// The generic tools (timed loops, latency summaries, the load generator,
// the GraphQL client, the report's layout) are in internal/bench, which
// knows nothing of Memoria and is tested on its own; the queries on
// Cayley's iterators are in internal/store/baseline, since only the store
// and its subpackages import Cayley. This package holds what is specific
// to Memoria's benchmark, and nothing here serves (apart.go starts the
// command's own serve, which Wiring.ServeCommand names).
//
// Only cmd/memoria wires Memoria's packages together, and bench must
// measure what the other commands run: the command hands Run a Wiring, its
// own functions that open and load a store, generate a dataset, build the
// indexes, set the garbage collector and build the server. This package
// imports the packages whose values it handles (store, the baselines,
// graph, the API's Data, the dataset's options) and never builds a server
// or an index itself.
package benchrun
