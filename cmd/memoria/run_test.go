package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// cli runs memoria in-process and returns its exit status and output.
func cli(t testing.TB, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
	if err != nil && !errors.Is(err, errHelp) {
		errOut.WriteString("memoria: " + err.Error() + "\n")
	}
	return exitCode(err), out.String(), errOut.String()
}

// writeDataset writes files into a new directory and returns its path.
func writeDataset(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range append(commands(), command{name: ""}) {
		args := []string{c.name, "--help"}
		if c.name == "" {
			args = []string{"--help"}
		}
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := cli(t, nil, args...)
			if code != 0 {
				t.Fatalf("exit %d, want 0; stderr %s", code, errOut)
			}
			if !strings.Contains(out+errOut, "Usage") {
				t.Errorf("no usage text:\n%s%s", out, errOut)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"stats", "--nope"}, "flag provided but not defined"},
		{"load without path", []string{"load"}, "load takes one PATH"},
		{"validate two paths", []string{"validate", "a", "b"}, "at most one PATH"},
		{"unknown log level", []string{"--db", "memory:", "serve", "--log-level", "loud"}, `--log-level is debug, info, warn or error, not "loud"`},
		{"unknown load writer", []string{"--db", "memory:", "load", "--writer", "fast", "x"}, "--writer is memoria or cayley"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, nil, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", errOut, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	code, out, errOut := cli(t, nil, "validate", filepath.Join("..", "..", "seed"))
	if code != 0 || !strings.Contains(out, "valid:") {
		t.Fatalf("validate seed: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, nil, "validate")
	if code != 0 || !strings.Contains(out, "seed (embedded): valid") {
		t.Errorf("validate (embedded): exit %d, %s", code, out)
	}

	bad := writeDataset(t, map[string]string{
		"a.yaml": "sources:\n  - {id: source/s, title: S, kind: monograph}\npeople:\n  - id: person/a\n    nmae: A\n    cite: source/s ¶1\n",
		"b.yaml": "events:\n  - id: event/e\n    name: E\n    type: test\n    date: 1938-13-01\n    cite: source/s ¶2\n",
	})
	code, _, errOut = cli(t, nil, "validate", bad)
	if code != 3 {
		t.Errorf("validate of a bad dataset: exit %d, want 3", code)
	}
	for _, want := range []string{
		filepath.Join(bad, "a.yaml") + `:5: person/a: nmae: unknown field in person (did you mean "name"?)`,
		filepath.Join(bad, "b.yaml") + ":5: event/e: date: invalid EDTF date",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}

	semantic := writeDataset(t, map[string]string{
		"a.yaml": "sources:\n  - {id: source/s, title: S, kind: monograph}\nevents:\n  - id: event/e\n    name: E\n    type: test\n    participants: [{who: person/ghost, role: victim}]\n  - id: event/f\n    name: F\n    type: test\n    cite: source/s ¶1\n",
	})
	code, _, errOut = cli(t, nil, "validate", semantic)
	if code != 3 {
		t.Errorf("validate of a dangling dataset: exit %d, want 3", code)
	}
	for _, want := range []string{`"person/ghost" does not exist`, "uncited statement", "at least one participant"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestStatsOnANewStore(t *testing.T) {
	code, out, errOut := cli(t, nil, "--db", "memory:", "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d\n%s", code, errOut)
	}
	var st struct {
		Quads      int64
		Kinds      map[string]int64
		Predicates map[string]int64
		Statements int64
		Uncited    int64
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json is not JSON: %v\n%s", err, out)
	}
	if st.Uncited != 0 || st.Statements == 0 || st.Quads == 0 {
		t.Errorf("stats = %+v, want statements, quads and zero uncited", st)
	}
	if people := st.Kinds["person"] + st.Kinds["group"]; people < 30 {
		t.Errorf("people and groups = %d, want at least 30", people)
	}
	if st.Kinds["event"] < 40 || st.Kinds["claim"] < 25 {
		t.Errorf("events %d, claims %d; want at least 40 and 25", st.Kinds["event"], st.Kinds["claim"])
	}
	if !strings.Contains(errOut, "loaded the embedded dataset") {
		t.Errorf("a new store should say it loaded the seed; stderr %q", errOut)
	}
	code, out, _ = cli(t, map[string]string{"MEMORIA_DB": "memory:"}, "stats")
	if code != 0 || !regexp.MustCompile(`(?m)^uncited\s+0$`).MatchString(out) {
		t.Errorf("stats (text, db from the environment): exit %d\n%s", code, out)
	}
}

const extraDataset = `sources:
  - {id: source/notes, title: Classroom notes, kind: reference-work}
events:
  - id: event/lesson
    name: A lesson on the Great Terror
    type: lesson
    date: 2024-03
    participants: [{who: person/nikolai-yezhov, role: subject}]
    cite: source/notes p. 1
`

func TestLoadIsIdempotentAndAtomic(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	stats := func() string {
		_, out, _ := cli(t, nil, "--db", db, "stats", "--json")
		return out
	}
	extra := writeDataset(t, map[string]string{"extra.yaml": extraDataset})
	code, out, errOut := cli(t, nil, "--db", db, "load", extra)
	if code != 0 || !strings.Contains(out, "new quads") {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	before := stats()
	code, out, _ = cli(t, nil, "--db", db, "load", extra)
	if code != 0 || !strings.Contains(out, "; 0 new quads (0 records new, ") {
		t.Errorf("second load: exit %d, %s; want 0 new quads and every record already stored", code, out)
	}
	if after := stats(); after != before {
		t.Errorf("a second load changed the store:\n%s\nthen\n%s", before, after)
	}
	broken := writeDataset(t, map[string]string{"x.yaml": strings.NewReplacer("person/nikolai-yezhov", "person/nikolai-jezhov", "event/lesson", "event/lesson-two").Replace(extraDataset) + "  - id: event/ok\n    name: OK\n    type: x\n    participants: [{who: person/lavrentiy-beria, role: subject}]\n    cite: source/notes p. 2\n"})
	code, _, errOut = cli(t, nil, "--db", db, "load", broken)
	if code != 3 || !strings.Contains(errOut, `did you mean "person/nikolai-yezhov"`) {
		t.Errorf("load of a dangling reference: exit %d\n%s", code, errOut)
	}
	if after := stats(); after != before {
		t.Error("a failed load changed the store")
	}
}

func TestSecondProcessIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memoria.db")
	g := globals{db: "bbolt:" + path}
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	held, err := openStore(context.Background(), e, g)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	done := make(chan struct{})
	var code int
	var errOut string
	go func() {
		code, _, errOut = cli(t, nil, "--db", g.db, "stats")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a second open of a held store did not fail at once")
	}
	if code != 4 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "in use by") {
		t.Errorf("exit %d, stderr %q; want 4, the file and the process holding it", code, errOut)
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeAnswersAndShutsDown(t *testing.T) {
	base, cancel, done, stderr := startServe(t, "memory:")
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ node(id: \"person/lavrentiy-beria\") { ... on Person { name } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Lavrentiy Beria") {
		t.Errorf("query answer = %s", body)
	}
	cancel()
	waitServed(t, done)
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown log:\n%s", stderr.String())
	}
}

// startServe runs serve over the store db with flags on a free port of
// the loopback, and waits until it serves. It returns the server's URL,
// what stops it, what it returned, and its log.
func startServe(t *testing.T, db string, flags ...string) (base string, stop context.CancelFunc, done <-chan error, log *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log = &syncBuffer{}
	returned := make(chan error, 1)
	args := append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--log-json=false"}, flags...)
	go func() {
		returned <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), io.Discard, log)
	}()
	addr := regexp.MustCompile(`graphql=http://([0-9.:]+)/graphql`)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(log.String()); m != nil {
			return "http://" + m[1], cancel, returned, log
		}
	}
	t.Fatalf("the server did not say where it listens:\n%s", log.String())
	return "", nil, nil, nil
}

// waitServed waits for serve, stopped, to return nil: a stop asked for
// is not a failure.
func waitServed(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("serve did not shut down")
	}
}

// TestLoadOfNoDatasetLeavesNoStore: what is not a dataset is found before
// the store is opened, which would create and seed one.
func TestLoadOfNoDatasetLeavesNoStore(t *testing.T) {
	notYAML := writeDataset(t, map[string]string{"notes.txt": "nothing to load"})
	badFile := filepath.Join(writeDataset(t, map[string]string{"people.yaml": "people: [\n"}), "people.yaml")
	tests := []struct {
		name, path, want string
	}{
		{"missing path", filepath.Join(t.TempDir(), "no-such-dataset"), "no such file"},
		{"directory without .yaml files", notYAML, "no .yaml files"},
		{"file that is not YAML", badFile, "people.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "memoria.db")
			code, _, errOut := cli(t, nil, "--db", "bbolt:"+path, "load", tt.path)
			if code != 3 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 3 and %q", code, errOut, tt.want)
			}
			wantNoStore(t, path, "a store was created for a load that could not start")
		})
	}
}

// TestServeStoppedWhileStarting: a signal before the server is ready is
// a stop that was asked for: serve returns nil, says so, and leaves
// nothing listening.
func TestServeStoppedWhileStarting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr syncBuffer
	err := run(ctx, []string{"--db", "bbolt:" + filepath.Join(t.TempDir(), "m.db"), "serve", "--addr", "127.0.0.1:0", "--log-json=false"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	if err != nil {
		t.Fatalf("serve returned %v; want nil for a stop asked for", err)
	}
	log := stderr.String()
	if !strings.Contains(log, "shutting down") || !strings.Contains(log, "while=starting") || strings.Contains(log, "msg=serving") {
		t.Errorf("log:\n%s\nwant a shutdown while starting and no serving", log)
	}
	m := regexp.MustCompile(`url=http://([0-9.:]+)/`).FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("no address in the log:\n%s", log)
	}
	if conn, err := net.Dial("tcp", m[1]); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after serve returned", m[1])
	}
}

// wantNoStore fails the test if a store file was made at path; why says
// what should have prevented it.
func wantNoStore(t *testing.T, path, why string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s (%v)", why, err)
	}
}

// TestServeFailsAtOnceOnABusyPort: serve listens before it opens the
// store, so that a port in use fails at once (at a million people the
// store takes a minute to read) and leaves the store untouched.
func TestServeFailsAtOnceOnABusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	path := filepath.Join(t.TempDir(), "memoria.db")
	code, _, errOut := cli(t, nil, "--db", "bbolt:"+path, "serve", "--addr", busy.Addr().String())
	if code != 1 || !strings.Contains(errOut, "address already in use") {
		t.Errorf("exit %d, stderr %q; want 1 and the address in use", code, errOut)
	}
	wantNoStore(t, path, "the store was created before the port was found busy")
}

func TestSchemaCommandPrintsTheContract(t *testing.T) {
	code, out, _ := cli(t, nil, "schema")
	want, err := os.ReadFile(filepath.Join("..", "..", "schema", "schema.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || out != string(want) {
		t.Errorf("memoria schema differs from schema/schema.graphql (exit %d)", code)
	}
}
