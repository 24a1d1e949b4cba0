package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/synth"
)

func TestGenWritesAValidDataset(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	code, out, errOut := cli(t, nil, "gen", "--people", "300", "--seed", "5", "-o", dir)
	if code != 0 || !strings.Contains(out, "300 people") {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, nil, "validate", dir)
	if code != 0 || !strings.Contains(out, dir+": valid: 2 sources, 300 people") {
		t.Fatalf("validate of the generated dataset: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = cli(t, nil, "gen", "--people", "300", "-o", dir)
	if code != 3 || !strings.Contains(errOut, "not empty") {
		t.Errorf("gen into a full directory: exit %d, stderr %q; want 3 and 'not empty'", code, errOut)
	}
}

// storeQuads returns how many quads the store dsn holds, as stats counts
// them.
func storeQuads(tb testing.TB, dsn string) int64 {
	tb.Helper()
	code, out, errOut := cli(tb, nil, "--db", dsn, "stats", "--json")
	if code != 0 {
		tb.Fatalf("stats: exit %d\n%s", code, errOut)
	}
	var st struct{ Quads int64 }
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		tb.Fatal(err)
	}
	return st.Quads
}

// TestGenShapesSize generates each shape, loads it into a new bbolt store
// and counts the quads per person, less those of the embedded dataset
// every new store receives: about 11 to 14 for a registry, the size the
// scale targets assume, and about 60 for a network.
func TestGenShapesSize(t *testing.T) {
	const people = 1000
	seed := storeQuads(t, "bbolt:"+filepath.Join(t.TempDir(), "seed.db"))
	tests := []struct {
		shape    string // as given to --shape; empty for none
		summary  string
		min, max float64
	}{
		{"", "a registry of 1000 people", 11, 14},
		{"registry", "a registry of 1000 people", 11, 14},
		{"network", "a network of 1000 people", 50, 75},
	}
	for _, tt := range tests {
		name := tt.shape
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "gen")
			args := []string{"gen", "--people", strconv.Itoa(people), "-o", dir}
			if tt.shape != "" {
				args = append(args, "--shape", tt.shape)
			}
			code, out, errOut := cli(t, nil, args...)
			if code != 0 || !strings.Contains(out, tt.summary) {
				t.Fatalf("gen: exit %d, stdout %q; want 0 and %q\n%s", code, out, tt.summary, errOut)
			}
			db := "bbolt:" + filepath.Join(t.TempDir(), "gen.db")
			if code, out, errOut := cli(t, nil, "--db", db, "load", dir); code != 0 {
				t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
			}
			perPerson := float64(storeQuads(t, db)-seed) / people
			t.Logf("%s: %.1f quads per person", strings.TrimSpace(out), perPerson)
			if perPerson < tt.min || perPerson > tt.max {
				t.Errorf("%.1f quads per person, want %g to %g", perPerson, tt.min, tt.max)
			}
		})
	}
}

func TestGenSeedChoosesTheDataset(t *testing.T) {
	gen := func(seed string) []byte {
		dir := filepath.Join(t.TempDir(), "gen")
		if code, _, errOut := cli(t, nil, "gen", "--people", "50", "--seed", seed, "-o", dir); code != 0 {
			t.Fatalf("gen --seed %s: exit %d\n%s", seed, code, errOut)
		}
		data, err := os.ReadFile(filepath.Join(dir, "4-people-0001.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		a, b     string
		wantSame bool
	}{
		{"3", "3", true},
		{"3", "4", false},
	}
	for _, tt := range tests {
		if got := bytes.Equal(gen(tt.a), gen(tt.b)); got != tt.wantSame {
			t.Errorf("seeds %s and %s: same people file = %v, want %v", tt.a, tt.b, got, tt.wantSame)
		}
	}
}

func TestGenUsageErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no people", []string{"gen", "-o", dir}, "--people N"},
		{"zero people", []string{"gen", "--people", "0", "-o", dir}, "--people N"},
		{"no directory", []string{"gen", "--people", "10"}, "-o DIR"},
		{"an argument", []string{"gen", "--people", "10", "-o", dir, "extra"}, "no arguments"},
		{"a negative seed", []string{"gen", "--people", "10", "--seed", "-1", "-o", dir}, "invalid value"},
		{"an unknown shape", []string{"gen", "--people", "10", "--shape", "tree", "-o", dir}, `invalid value "tree" for flag -shape: unknown dataset shape "tree": use one of registry, network`},
		{"an empty shape", []string{"gen", "--people", "10", "--shape", "", "-o", dir}, "use one of registry, network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, nil, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused gen created %s", dir)
	}
}

func TestGenProgressPrintsAtMostEveryInterval(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := start
	var out bytes.Buffer
	p := &genProgress{w: &out, every: 2 * time.Second, now: func() time.Time { return clock }, start: start, last: start}
	steps := []struct {
		after time.Duration
		want  string // the line printed, or "" for none
	}{
		{time.Second, ""},
		{time.Second, "gen: 2000 records in 2 files (2 MB), 1000 records/s\n"},
		{time.Second, ""},
		{3 * time.Second, "gen: 4000 records in 4 files (4 MB), 667 records/s\n"},
	}
	for i, s := range steps {
		clock = clock.Add(s.after)
		out.Reset()
		p.file(synth.File{Name: "x.yaml", Records: 1000, Bytes: 1e6})
		if got := out.String(); got != s.want {
			t.Errorf("step %d: printed %q, want %q", i, got, s.want)
		}
	}
}

// BenchmarkLoadGenerated loads 10,000 generated people into a new bbolt
// store per operation, through the command line as a user would: the way
// to profile memoria load on a dataset of a known shape (go test -run '^$'
// -bench LoadGenerated -cpuprofile ...). A registry of 10,000 people is
// about 130,000 quads, a network about 610,000.
func BenchmarkLoadGenerated(b *testing.B) {
	for _, shape := range synth.Shapes() {
		b.Run(string(shape), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "gen")
			if code, _, errOut := cli(b, nil, "gen", "--people", "10000", "--shape", string(shape), "-o", dir); code != 0 {
				b.Fatalf("gen: exit %d\n%s", code, errOut)
			}
			i := 0
			for b.Loop() {
				i++
				db := "bbolt:" + filepath.Join(b.TempDir(), strconv.Itoa(i)+".db")
				if code, out, errOut := cli(b, nil, "--db", db, "load", dir); code != 0 {
					b.Fatalf("load: exit %d\n%s%s", code, out, errOut)
				}
			}
		})
	}
}
