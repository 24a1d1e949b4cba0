package bench

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestFormatDurationReadsBack(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0µs"},
		{1500 * time.Nanosecond, "1.5µs"},
		{999 * time.Microsecond, "999.0µs"},
		{14200 * time.Microsecond, "14.20ms"},
		{1234 * time.Millisecond, "1.23s"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := formatDuration(tt.d)
			if got != tt.want {
				t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.want)
			}
			if _, err := time.ParseDuration(got); err != nil {
				t.Errorf("time.ParseDuration(%q): %v", got, err)
			}
		})
	}
}

func TestGroup(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {1104233, "1,104,233"}, {-12345, "-12,345"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := group(tt.n); got != tt.want {
				t.Errorf("group(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "unknown"}, {-1, "unknown"}, {600 << 20, "600 MiB"}, {3 << 30, "3,072 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := formatBytes(tt.n); got != tt.want {
				t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestTableAligns(t *testing.T) {
	var b strings.Builder
	table{left: 1, rows: [][]string{{"query", "p50"}, {"entity", "9.0µs"}, {"k shortest paths", "1.25ms"}}}.write(&b)
	want := "query                p50\n" +
		"entity             9.0µs\n" +
		"k shortest paths  1.25ms\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func sampleReport() *Report {
	r := &Report{
		Machine: Machine{OS: "linux", Arch: "amd64", CPUs: 2, GOMAXPROCS: 2, CPU: "Test CPU", GoVersion: "go1.26"},
		Dataset: DatasetInfo{People: 10000, Seed: 1, Shape: "registry", Dir: "/tmp/d", Files: 12, Bytes: 15e6, Generate: time.Second},
		Load:    LoadInfo{Store: "bbolt:/tmp/x.db", Elapsed: 5 * time.Second, Quads: 110000, QuadsPerSecond: 22000, PeakRSS: 600 << 20},
		Startup: StartupInfo{Read: time.Second, Index: 300 * time.Millisecond, Nodes: 20000, Edges: 90000, RSS: 300 << 20},
		Latency: []Row{
			{Query: "shortest path", Variant: "http", Summary: Summary{Count: 500, Mean: 300 * time.Microsecond, P50: 250 * time.Microsecond, P99: 900 * time.Microsecond, Max: time.Millisecond}},
			{Query: "shortest path", Variant: "bare BFS", Summary: Summary{Count: 500, Mean: 30 * time.Microsecond, P50: 25 * time.Microsecond, P99: 100 * time.Microsecond, Max: 200 * time.Microsecond}},
			{Query: "shortest path", Variant: "unmeasured", Summary: Summary{}},
			{Query: "shortest path", Variant: "few", Summary: Summary{Count: 99, Mean: 600 * time.Microsecond, P50: 500 * time.Microsecond, P99: 800 * time.Microsecond, Max: 800 * time.Microsecond}},
		},
		Throughput: []ThroughputRow{{Workload: "entity by id", LoadResult: LoadResult{Clients: 16, Elapsed: 10 * time.Second, Requests: 150000, Throughput: 15000, Latency: Summary{P50: time.Millisecond, P99: 3 * time.Millisecond, P999: 8 * time.Millisecond}}, Collections: 2, RSS: 500 << 20}},
		Serving:    ServingMemory{Ready: 300 << 20, Peak: 700 << 20, After: 600 << 20, ReadyAnon: 250 << 20, AfterAnon: 400 << 20, Source: "VmRSS"},
	}
	return r
}

func TestAddRatio(t *testing.T) {
	tests := []struct {
		name     string
		of, to   string
		ok       bool
		p50, p99 float64
	}{
		{"both measured", "http", "bare BFS", true, 10, 9},
		{"unknown variant", "http", "cayley", false, 0, 0},
		{"no samples to divide by", "http", "unmeasured", false, 0, 0},
		{"too few samples for a p99", "few", "bare BFS", true, 20, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleReport()
			if got := r.AddRatio("shortest path", tt.of, tt.to); got != tt.ok {
				t.Fatalf("AddRatio = %v, want %v", got, tt.ok)
			}
			if !tt.ok {
				if len(r.Ratios) != 0 {
					t.Errorf("ratios %+v, want none", r.Ratios)
				}
				return
			}
			if x := r.Ratios[0]; x.P50 != tt.p50 || x.P99 != tt.p99 {
				t.Errorf("ratio %+v, want p50 %v and p99 %v", x, tt.p50, tt.p99)
			}
		})
	}
}

func TestWriteText(t *testing.T) {
	r := sampleReport()
	r.AddRatio("shortest path", "http", "bare BFS")
	r.AddRatio("shortest path", "few", "bare BFS")
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"machine   linux/amd64, 2 CPUs, GOMAXPROCS 2, Test CPU, go1.26\n",
		"dataset   10,000 people, seed 1, registry shape: 12 files, 15.0 MB, generated in 1.00s (/tmp/d)\n",
		"load      110,000 quads in 5.00s, 22,000 quads/s, peak RSS 600 MiB (bbolt:/tmp/x.db)\n",
		"startup   read 1.00s, index 300.00ms (20,000 nodes, 90,000 edges), RSS 300 MiB, peak unknown\n",
		"query          variant     samples     mean      p50      p99      max\n",
		"shortest path  http            500  300.0µs  250.0µs  900.0µs   1.00ms\n",
		"               bare BFS        500   30.0µs   25.0µs  100.0µs  200.0µs\n",
		"shortest path  http / bare BFS  10.0x  9.0x\n",
		"shortest path  few / bare BFS   20.0x     -\n",
		"throughput    clients  seconds  requests   req/s     p50     p99   p99.9  GCs  errors  RSS after\n",
		"entity by id       16    10.00   150,000  15,000  1.00ms  3.00ms  8.00ms    2       0    500 MiB\n",
		"serving   resident at ready 300 MiB, peak under load 700 MiB, after the runs 600 MiB (at most 706 MiB: 1.5 x ready + 256 MiB; VmRSS)\n",
		"          anonymous (without mapped files) at ready 250 MiB, after the runs 400 MiB\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// TestWriteTextServeApart: memory measured in a server of its own says so.
func TestWriteTextServeApart(t *testing.T) {
	r := sampleReport()
	r.Serving.Process = ProcessServe
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"serving   memoria serve in a process of its own: resident at ready 300 MiB, peak under load 700 MiB, after the sustained run 600 MiB (at most 706 MiB: 1.5 x ready + 256 MiB; VmRSS)\n",
		"          anonymous (without mapped files) at ready 250 MiB, after the sustained run 400 MiB\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestReportJSON(t *testing.T) {
	r := sampleReport()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Latency []map[string]any `json:"latency"`
		Load    map[string]any   `json:"load"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	row := back.Latency[0]
	if row["query"] != "shortest path" || row["variant"] != "http" || row["p50_ns"] != float64(250000) || row["count"] != float64(500) {
		t.Errorf("first latency row in JSON = %v: want query, variant and the summary's fields side by side", row)
	}
	if back.Load["quads"] != float64(110000) {
		t.Errorf("load in JSON = %v", back.Load)
	}
}
