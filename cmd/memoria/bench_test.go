package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/bench"
)

// benchRows are the latency rows every run reports, in order.
var benchRows = []struct{ query, variant string }{
	{"entity by id", "http"}, {"entity by id", "internal"}, {"entity by id", "cayley"},
	{"search", "http"}, {"search", "internal"},
	{"2-hop neighbourhood", "http"}, {"2-hop neighbourhood", "internal"}, {"2-hop neighbourhood", "bare BFS"}, {"2-hop neighbourhood", "cayley"},
	{"shortest path", "http"}, {"shortest path", "internal"}, {"shortest path", "bare BFS"}, {"shortest path", "cayley"},
	{"k shortest paths", "http"}, {"k shortest paths", "internal"},
	{"timeline", "http"}, {"timeline", "internal"}, {"timeline", "cayley"},
}

// TestBenchEndToEnd runs memoria bench twice on a small graph: once
// generating the dataset and printing the table, once reusing it and
// printing JSON. It checks that every row is there with sane numbers;
// it asserts nothing about how fast anything is.
func TestBenchEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("bench loads a store and serves for a few seconds")
	}
	dir := filepath.Join(t.TempDir(), "dataset")
	args := []string{"bench", "--people", "300", "--samples", "20", "--duration", "300ms", "--write-duration", "300ms", "--clients", "4", "--dir", dir}

	code, out, errOut := cli(t, nil, args...)
	if code != 0 {
		t.Fatalf("bench: exit %d\n%s%s", code, out, errOut)
	}
	checkBenchTable(t, out)
	if !strings.Contains(errOut, "bench: generating a registry of 300 people (seed 1)") {
		t.Errorf("the first run did not say it generated the dataset:\n%s", errOut)
	}

	code, out, errOut = cli(t, nil, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("bench --json: exit %d\n%s%s", code, out, errOut)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench --json wrote no JSON report: %v\n%s", err, out)
	}
	checkBenchReport(t, &rep)
	checkBenchWrites(t, &rep, 20)
	if !rep.Dataset.Reused || !strings.Contains(errOut, "reusing the dataset") {
		t.Errorf("the second run did not reuse the dataset in %s: %+v\n%s", dir, rep.Dataset, errOut)
	}
	file := strings.TrimPrefix(rep.Load.Store, "bbolt:")
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the temporary store %s is still there after the run (stat: %v)", file, err)
	}
}

// checkBenchTable checks the text report: the header lines, a row per
// query and variant with a count and p50 <= p99, the ratios and the
// throughput rows.
func checkBenchTable(t *testing.T, out string) {
	t.Helper()
	for _, head := range []string{"machine ", "dataset   300 people, seed 1", "load ", "startup ", "query ", "ratio ", "throughput ", "mutation ", "writes under reads ", "admin load "} {
		if !strings.Contains(out, "\n"+head) && !strings.HasPrefix(out, head) {
			t.Errorf("the report has no line starting %q:\n%s", head, out)
		}
	}
	query := ""
	rows := map[string]bool{}
	// Only the latency table: a throughput row with no collections and no
	// errors ends in "0 0", which parse as durations too.
	latency := out
	if i := strings.Index(latency, "\nquery "); i >= 0 {
		latency = latency[i:]
	}
	if i := strings.Index(latency, "\nratio "); i >= 0 {
		latency = latency[:i]
	}
	for _, line := range strings.Split(latency, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			continue
		}
		// A latency row ends in samples, mean, p50, p99, max; the query is
		// named on the first row of its group only.
		tail := f[len(f)-5:]
		p50, err1 := time.ParseDuration(tail[2])
		p99, err2 := time.ParseDuration(tail[3])
		if err1 != nil || err2 != nil || tail[0] == "samples" {
			continue
		}
		head := strings.Join(f[:len(f)-5], " ")
		for _, r := range benchRows {
			if head == r.query+" "+r.variant {
				query = r.query
			}
		}
		key := query + "/" + strings.TrimSpace(strings.TrimPrefix(head, query))
		rows[key] = true
		if tail[0] == "0" || p50 <= 0 || p50 > p99 {
			t.Errorf("row %q: samples %s, p50 %v, p99 %v: want samples and 0 < p50 <= p99", line, tail[0], p50, p99)
		}
	}
	for _, r := range benchRows {
		if !rows[r.query+"/"+r.variant] {
			t.Errorf("the report has no row for %s, %s:\n%s", r.query, r.variant, out)
		}
	}
	for _, want := range []string{"shortest path        http / bare BFS", "shortest path        cayley / internal", "entity by id         cayley / internal", "2-hop neighbourhood  http / bare BFS", "timeline             cayley / internal"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report has no ratio %q:\n%s", want, out)
		}
	}
	for _, w := range []string{"\nentity by id  ", "\nmixed  ", "\nshortest path  "} {
		if !strings.Contains(out, w) {
			t.Errorf("the report has no throughput row %q:\n%s", strings.TrimSpace(w), out)
		}
	}
}

// checkBenchReport checks the JSON report's numbers.
func checkBenchReport(t *testing.T, rep *bench.Report) {
	t.Helper()
	if rep.Load.Quads <= 0 || rep.Load.Elapsed <= 0 || rep.Load.QuadsPerSecond <= 0 {
		t.Errorf("load %+v: want quads, a time and a rate", rep.Load)
	}
	if rep.Startup.Nodes <= 0 || rep.Startup.Edges <= 0 || rep.Startup.Read <= 0 {
		t.Errorf("startup %+v: want nodes, edges and a read time", rep.Startup)
	}
	if rep.Machine.GOMAXPROCS < 1 || rep.Machine.GoVersion == "" {
		t.Errorf("machine %+v", rep.Machine)
	}
	for _, r := range benchRows {
		row, ok := rep.Row(r.query, r.variant)
		switch {
		case !ok:
			t.Errorf("no row for %s, %s", r.query, r.variant)
		case row.Count != 20 || row.P50 <= 0 || row.P50 > row.P99 || row.P99 > row.Max:
			t.Errorf("%s, %s: %+v: want 20 samples and 0 < p50 <= p99 <= max", r.query, r.variant, row.Summary)
		}
	}
	if len(rep.Ratios) < 4 {
		t.Errorf("ratios %+v: want at least four", rep.Ratios)
	}
	// The run takes 20 samples: too few for a p99 to compare, so the
	// ratios have none.
	for _, x := range rep.Ratios {
		if x.P50 <= 0 || x.P99 != 0 {
			t.Errorf("ratio %+v: want a positive p50 and no p99", x)
		}
	}
	if len(rep.Throughput) != 3 {
		t.Fatalf("throughput rows %+v: want entity by id, mixed and shortest path", rep.Throughput)
	}
	for i, w := range rep.Throughput {
		clients := 4
		if i == 2 {
			clients = 1 // the sustained path run
		}
		if w.Requests == 0 || w.Errors != 0 || w.Clients != clients || w.Throughput <= 0 || w.Latency.P50 > w.Latency.P99 || w.Latency.P99 > w.Latency.P999 {
			t.Errorf("throughput %s: %+v: want requests, no errors, %d clients and p50 <= p99 <= p99.9", w.Workload, w.LoadResult, clients)
		}
	}
}

// checkBenchWrites checks the write phases of the JSON report: every kind
// of mutation timed samples times without failing, the paced run sent
// and acknowledged mutations while paths were answered, and the uploaded
// dataset was applied and served. It asserts nothing about speed.
func checkBenchWrites(t *testing.T, rep *bench.Report, samples int) {
	t.Helper()
	if rep.Writes == nil {
		t.Fatal("the report has no writes")
	}
	w := rep.Writes
	kinds := []string{"createPerson", "updatePerson", "addName", "createRelation", "all"}
	if len(w.Mutations) != len(kinds) {
		t.Fatalf("mutation rows %+v: want %q", w.Mutations, kinds)
	}
	for i, m := range w.Mutations {
		want := samples
		if m.Mutation == "all" {
			want = 4 * samples
		}
		if m.Mutation != kinds[i] || m.Count != want || m.P50 <= 0 || m.P50 > m.P99 || m.P99 > m.Max {
			t.Errorf("mutation row %d: %+v: want %s with %d samples and 0 < p50 <= p99 <= max", i, m, kinds[i], want)
		}
	}
	l := w.UnderLoad
	if l.Target != 200 || l.Sent == 0 || l.Errors != 0 || l.Mutations.Count != l.Sent || l.Rate <= 0 || l.Elapsed <= 0 || l.Mutations.P50 > l.Mutations.P99 {
		t.Errorf("writes under reads %+v: want mutations sent at 200/s, all acknowledged, at a positive rate", l)
	}
	if l.Paths.Requests == 0 || l.Paths.Errors != 0 || l.Paths.Clients != 1 {
		t.Errorf("paths under writes %+v: want requests from 1 client and no errors", l.Paths)
	}
	u := w.Upload
	if u.Records != 1000 || u.Bytes == 0 || u.Elapsed <= 0 || u.Revision == 0 || u.Checked == 0 || u.Served != u.Checked {
		t.Errorf("admin load %+v: want 1,000 records applied at a revision, and every record looked up served", u)
	}
}

// benchMarker returns a new directory with the marker that bench writes
// beside a dataset it generated, holding marker.
func benchMarker(t *testing.T, marker string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "memoria-bench.json"), []byte(marker), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBenchUsageErrors(t *testing.T) {
	// A directory that holds another benchmark's dataset.
	other := benchMarker(t, `{"people": 50, "seed": 2, "shape": "registry"}`)
	// The same size and seed, another shape.
	network := benchMarker(t, `{"people": 60, "seed": 1, "shape": "network"}`)
	// A marker from before datasets had shapes, when all were networks.
	old := benchMarker(t, `{"people": 70, "seed": 1}`)
	// A store that holds data.
	full := "bbolt:" + filepath.Join(t.TempDir(), "full.db")
	if code, _, errOut := cli(t, nil, "--db", full, "load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})); code != 0 {
		t.Fatalf("load (to fill a store): exit %d\n%s", code, errOut)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an argument", []string{"bench", "extra"}, "no arguments"},
		{"no people", []string{"bench", "--people", "0"}, "--people N"},
		{"no samples", []string{"bench", "--samples", "0"}, "--samples"},
		{"no clients", []string{"bench", "--clients", "0"}, "--clients"},
		{"no duration", []string{"bench", "--duration", "0s"}, "--duration"},
		{"no write duration", []string{"bench", "--write-duration", "0s"}, "--write-duration"},
		{"no budget", []string{"bench", "--budget", "0s"}, "--budget"},
		{"another dataset in --dir", []string{"bench", "--people", "60", "--dir", other}, "a registry dataset of 50 people with seed 2"},
		{"another shape in --dir", []string{"bench", "--people", "60", "--dir", network}, "a network dataset of 60 people with seed 1, not a registry of 60 with seed 1"},
		{"a dataset from before shapes in --dir", []string{"bench", "--people", "70", "--dir", old}, "a network dataset of 70 people"},
		{"an unknown shape", []string{"bench", "--shape", "tree"}, `unknown dataset shape "tree": use one of registry, network`},
		{"a store with data", []string{"bench", "--people", "50", "--dir", filepath.Join(t.TempDir(), "d"), "--db", full}, "new, empty store"},
		{"a store with data, named before the command", []string{"--db", full, "bench", "--people", "50", "--dir", filepath.Join(t.TempDir(), "d")}, "new, empty store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, nil, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestBenchDefaultDirNamesTheShape checks that datasets of two shapes
// never share the default directory, and that a run reuses its own.
func TestBenchDefaultDirNamesTheShape(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the directory's name
	}{
		{"the default shape", nil, "memoria-bench-registry-100000-seed-1"},
		{"registry", []string{"--shape", "registry", "--people", "5000"}, "memoria-bench-registry-5000-seed-1"},
		{"network", []string{"--shape", "network", "--seed", "3"}, "memoria-bench-network-100000-seed-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut strings.Builder
			e := env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errOut}
			o, err := parseBenchFlags(e, globals{db: defaultDB}, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if got := filepath.Base(o.Dir); got != tt.want {
				t.Errorf("default --dir %s, want one named %s", o.Dir, tt.want)
			}
		})
	}
}

// TestBenchIgnoresMemoriaDB checks that the environment's store is never
// the one bench writes into.
func TestBenchIgnoresMemoriaDB(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		wantDB string
	}{
		{"nothing given", nil, nil, ""},
		{"MEMORIA_DB", map[string]string{"MEMORIA_DB": "bbolt:/srv/memoria.db"}, nil, ""},
		{"--db after bench", nil, []string{"--db", "memory:"}, "memory:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut strings.Builder
			e := env{getenv: func(k string) string { return tt.env[k] }, stdout: &out, stderr: &errOut}
			g := globals{db: defaultDB}
			if v := tt.env["MEMORIA_DB"]; v != "" {
				g.db = v
			}
			o, err := parseBenchFlags(e, g, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if o.DB != tt.wantDB {
				t.Errorf("store %q, want %q (empty: a temporary one)", o.DB, tt.wantDB)
			}
		})
	}
}

// TestBenchWritesFlag checks that the write phases run unless
// --writes=false, and that a run without them reports none.
func TestBenchWritesFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{{nil, true}, {[]string{"--writes=false"}, false}, {[]string{"--writes"}, true}} {
		var out, errOut strings.Builder
		e := env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errOut}
		o, err := parseBenchFlags(e, globals{db: defaultDB}, tt.args)
		if err != nil {
			t.Fatal(err)
		}
		if o.Writes != tt.want {
			t.Errorf("%q: writes %v, want %v", tt.args, o.Writes, tt.want)
		}
	}
	if testing.Short() {
		return
	}
	dir := filepath.Join(t.TempDir(), "dataset")
	code, out, errOut := cli(t, nil, "bench", "--people", "100", "--samples", "10", "--duration", "100ms", "--clients", "2", "--dir", dir, "--writes=false", "--json")
	if code != 0 {
		t.Fatalf("bench --writes=false: exit %d\n%s%s", code, out, errOut)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench --writes=false wrote no JSON report: %v\n%s", err, out)
	}
	if rep.Writes != nil || strings.Contains(out, `"writes"`) || strings.Contains(errOut, "createPerson") {
		t.Errorf("bench --writes=false measured writes: %+v\n%s", rep.Writes, errOut)
	}
}

// TestBenchSustainsAgainstServeApart: with --sustain, the sustained run
// asks memoria serve started in a process of its own over the bench's
// store, and the report's serving memory is that process's.
func TestBenchSustainsAgainstServeApart(t *testing.T) {
	if testing.Short() {
		t.Skip("bench loads a store and serves for a few seconds")
	}
	if _, err := bench.ReadMemoryOf(os.Getpid()); err != nil {
		t.Skipf("no resident memory of another process here: %v", err)
	}
	// The server is started from this test binary, which is memoria
	// with this variable set (TestMain).
	t.Setenv("MEMORIA_RUN_MAIN", "1")
	dir := filepath.Join(t.TempDir(), "dataset")
	code, out, errOut := cli(t, nil, "bench", "--people", "300", "--samples", "5", "--duration", "200ms", "--clients", "2", "--dir", dir,
		"--writes=false", "--sustain", "2s", "--json")
	if code != 0 {
		t.Fatalf("bench: exit %d\n%s%s", code, out, errOut)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench --json wrote no JSON report: %v\n%s", err, out)
	}
	if !strings.Contains(errOut, "bench: starting memoria serve over bbolt:") {
		t.Errorf("bench did not say it started a server of its own:\n%s", errOut)
	}
	if n := len(rep.Throughput); n != 4 {
		t.Fatalf("throughput rows %+v: want four, the sustained run last", rep.Throughput)
	}
	w := rep.Throughput[3]
	if w.Workload != "mixed, sustained (serve alone)" || w.Requests == 0 || w.Errors != 0 || w.Clients != 2 || w.Elapsed < 2*time.Second || w.RSS <= 0 {
		t.Errorf("sustained run %+v: want requests from 2 clients for 2s, no errors, and the server's memory", w)
	}
	m := rep.Serving
	if m.Process != bench.ProcessServe || m.Source != "VmRSS" || m.Ready <= 0 || m.After <= 0 || m.Peak < m.After || m.ReadyAnon <= 0 || m.AfterAnon <= 0 {
		t.Errorf("serving memory %+v: want serve's, from VmRSS, at ready, at peak and after", m)
	}
}
