package bench

import (
	"fmt"
	"strings"
	"time"
)

// Writes is what a run measured of the server's write path, over HTTP
// against the server serve runs: mutations one at a time, mutations at a
// paced rate while a client asks shortest paths, and a dataset loaded
// through /admin/load.
type Writes struct {
	Mutations []MutationRow `json:"mutations"`
	UnderLoad WriteLoad     `json:"under_load"`
	Upload    UploadInfo    `json:"upload"`
}

// MutationRow is the latency of one kind of mutation sent one at a time,
// each waiting for the answer of the one before; "all" sums the kinds.
type MutationRow struct {
	Mutation string `json:"mutation"`
	Summary
	// CPU is the process's CPU time (server and client together) per
	// mutation timed: unlike the latencies, not inflated by waiting for a
	// core on a busy machine. Zero where it is not read.
	CPU time.Duration `json:"cpu_per_mutation_ns,omitempty"`
}

// WriteLoad is a run of mutations sent at a fixed rate (an open loop: each
// is sent when its time comes, whether or not the ones before have been
// answered) while closed-loop clients ask shortest paths. A mutation's
// latency runs from the time it was due, so that one held back by a slow
// server counts the wait.
type WriteLoad struct {
	Target   float64       `json:"target_per_second"`
	Duration time.Duration `json:"duration_ns"` // how long mutations were sent for
	// Elapsed runs from the first mutation due to the last answer: past
	// Duration when the server falls behind.
	Elapsed    time.Duration `json:"elapsed_ns"`
	Sent       int           `json:"sent"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"first_error,omitempty"`
	// Rate is the mutations acknowledged per second of Elapsed.
	Rate      float64    `json:"achieved_per_second"`
	Mutations Summary    `json:"mutation_latency"`
	Paths     LoadResult `json:"paths"`
	// Collections counts the garbage collections the process finished
	// during the run.
	Collections int `json:"collections"`
	// CPU is the process's CPU time over the run (server and clients,
	// mutations and paths), zero where it is not read; SchedP99 the 99th
	// percentile of how long its goroutines waited, runnable, for a
	// thread: what a path request waits before it runs.
	CPU      time.Duration `json:"cpu_ns,omitempty"`
	SchedP99 time.Duration `json:"sched_latency_p99_ns,omitempty"`
}

// UploadInfo is a dataset sent to the running server through /admin/load:
// its size, how long the request took until the server answered that it
// was applied, and how many of the records looked up afterwards were
// served.
type UploadInfo struct {
	Records  int           `json:"records"`
	Bytes    int           `json:"bytes"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	Revision uint64        `json:"revision"`
	Checked  int           `json:"checked"`
	Served   int           `json:"served"`
}

// write writes the three parts of Writes: two tables and a line.
func (w *Writes) write(b *strings.Builder) {
	t := table{left: 1, rows: [][]string{{"mutation", "samples", "mean", "p50", "p99", "max"}}}
	for _, m := range w.Mutations {
		t.rows = append(t.rows, []string{m.Mutation, group(int64(m.Count)), formatDuration(m.Mean), formatDuration(m.P50), formatDuration(m.P99), formatDuration(m.Max)})
	}
	t.write(b)
	if all := w.Mutations[len(w.Mutations)-1]; all.CPU > 0 {
		fmt.Fprintf(b, "CPU a mutation, server and client: %s\n", formatDuration(all.CPU))
	}
	b.WriteString("\n")
	l := w.UnderLoad
	t = table{left: 1, rows: [][]string{
		{"writes under reads", "rate", "seconds", "done", "per s", "p50", "p99", "max", "GCs", "errors"},
		{"mutations", fmt.Sprintf("%.0f/s", l.Target), fmt.Sprintf("%.2f", l.Elapsed.Seconds()), group(int64(l.Mutations.Count)), fmt.Sprintf("%.1f", l.Rate),
			formatDuration(l.Mutations.P50), formatDuration(l.Mutations.P99), formatDuration(l.Mutations.Max), fmt.Sprint(l.Collections), group(int64(l.Errors))},
		{"shortest path", fmt.Sprintf("%d client", l.Paths.Clients), fmt.Sprintf("%.2f", l.Paths.Elapsed.Seconds()), group(int64(l.Paths.Requests)), fmt.Sprintf("%.1f", l.Paths.Throughput),
			formatDuration(l.Paths.Latency.P50), formatDuration(l.Paths.Latency.P99), formatDuration(l.Paths.Latency.Max), "", group(int64(l.Paths.Errors))},
	}}
	t.write(b)
	if l.CPU > 0 {
		fmt.Fprintf(b, "CPU over the run, server and clients: %.2fs, %s a mutation and path request; goroutines waited for a thread p99 %s\n",
			l.CPU.Seconds(), formatDuration(l.CPU/time.Duration(max(1, l.Mutations.Count+l.Paths.Requests))), formatDuration(l.SchedP99))
	}
	u := w.Upload
	fmt.Fprintf(b, "\nadmin load  %s records (%.1f kB) applied in %s at revision %d; %d of %d looked up served\n",
		group(int64(u.Records)), float64(u.Bytes)/1e3, formatDuration(u.Elapsed), u.Revision, u.Served, u.Checked)
}
