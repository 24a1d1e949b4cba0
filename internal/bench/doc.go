// Package bench holds the measuring tools of `memoria bench`: latency
// summaries with percentiles, a timed loop with a warm-up, a closed-loop
// load generator of concurrent clients, a GraphQL-over-HTTP client with
// keep-alive connections and a lighter one that holds a single connection
// for load runs, what the machine is and how much memory the
// process holds, and the report those numbers are printed in, as an
// aligned text table or as JSON.
//
// It knows nothing of Memoria's packages: the run (internal/benchrun)
// passes it functions to time and numbers to print, so that the tools can
// be tested on their own.
//
// Percentiles are nearest-rank: the p-th percentile of n samples is the
// smallest sample that at least p percent of the samples do not exceed, so
// it is always a measured value, and p99 of fewer than 100 samples is the
// largest.
package bench
