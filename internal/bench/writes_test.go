package bench

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestReportWrites checks that the writes get tables of their own in the
// text and a key of their own in JSON, and that a report without them has
// neither.
func TestReportWrites(t *testing.T) {
	ms := Summary{Count: 3, Mean: 2 * time.Millisecond, P50: 2 * time.Millisecond, P99: 3 * time.Millisecond, Max: 3 * time.Millisecond}
	rep := Report{Writes: &Writes{
		Mutations: []MutationRow{{Mutation: "createPerson", Summary: ms}, {Mutation: "all", Summary: ms}},
		UnderLoad: WriteLoad{Target: 200, Duration: time.Second, Elapsed: time.Second, Sent: 200, Rate: 199.5, Mutations: ms,
			Paths: LoadResult{Clients: 1, Elapsed: time.Second, Requests: 900, Throughput: 900, Latency: ms}},
		Upload: UploadInfo{Records: 1000, Bytes: 150000, Elapsed: 400 * time.Millisecond, Revision: 42, Checked: 10, Served: 10},
	}}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nmutation      samples    mean     p50     p99     max\ncreatePerson        3  2.00ms  2.00ms  3.00ms  3.00ms\n",
		"\nmutations              200/s     1.00     3  199.5  2.00ms",
		"\nshortest path       1 client     1.00   900  900.0  2.00ms",
		"\nadmin load  1,000 records (150.0 kB) applied in 400.00ms at revision 42; 10 of 10 looked up served\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the text has no %q:\n%s", want, b.String())
		}
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"writes":{"mutations":[{"mutation":"createPerson"`) {
		t.Errorf("the JSON has no writes: %s", raw)
	}
	rep.Writes = nil
	b.Reset()
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if raw, _ := json.Marshal(rep); strings.Contains(b.String(), "mutation") || strings.Contains(string(raw), `"writes"`) {
		t.Errorf("a report without writes shows them:\n%s\n%s", b.String(), raw)
	}
}

// TestReportWritesCPU checks that the CPU figures, where read, get a line
// under each table, and none where they are not.
func TestReportWritesCPU(t *testing.T) {
	ms := Summary{Count: 3, Mean: 2 * time.Millisecond, P50: 2 * time.Millisecond, P99: 3 * time.Millisecond, Max: 3 * time.Millisecond}
	w := &Writes{
		Mutations: []MutationRow{{Mutation: "all", Summary: ms, CPU: 1500 * time.Microsecond}},
		UnderLoad: WriteLoad{Target: 200, Mutations: ms, Paths: LoadResult{Requests: 7, Latency: ms},
			CPU: 2 * time.Second, SchedP99: 4 * time.Millisecond},
	}
	var b strings.Builder
	if err := (&Report{Writes: w}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nCPU a mutation, server and client: 1.50ms\n",
		"\nCPU over the run, server and clients: 2.00s, 200.00ms a mutation and path request; goroutines waited for a thread p99 4.00ms\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the text has no %q:\n%s", want, b.String())
		}
	}
	w.Mutations[0].CPU, w.UnderLoad.CPU = 0, 0
	b.Reset()
	if err := (&Report{Writes: w}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "CPU a mutation") || strings.Contains(b.String(), "CPU over the run") {
		t.Errorf("a report without CPU figures shows them:\n%s", b.String())
	}
}
