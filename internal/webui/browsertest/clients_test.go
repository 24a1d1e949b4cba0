package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// need skips the test when a client is missing, or fails it under CI,
// where .ci/run installs every client.
func need(tb testing.TB, what string, ok bool) {
	tb.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is missing; .ci/run installs it", what)
	}
	tb.Skipf("%s is missing (CI installs it): skipped", what)
}

// startMemoria builds the memoria binary, serves the embedded seed from
// memory on a free port of 127.0.0.1, and returns its base URL. The server
// stops when the test ends.
func startMemoria(tb testing.TB) string {
	tb.Helper()
	goCmd, err := exec.LookPath("go")
	need(tb, "the go command", err == nil)
	dir := tb.TempDir()
	bin := filepath.Join(dir, "memoria")
	build := exec.Command(goCmd, "build", "-o", bin, "github.com/memoria-history/memoria/cmd/memoria")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build memoria: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--db", "memory:", "serve", "--addr", "127.0.0.1:0", "--log-json")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	logs, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start memoria: %v", err)
	}
	tb.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	// serve logs one JSON line "serving" with its URL once it is ready.
	serving := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(logs)
		for lines.Scan() {
			var rec struct{ Msg, URL string }
			if json.Unmarshal(lines.Bytes(), &rec) == nil && rec.Msg == "serving" {
				serving <- strings.TrimSuffix(rec.URL, "/")
			}
		}
		close(serving)
	}()
	select {
	case url, ok := <-serving:
		if !ok {
			tb.Fatal("memoria ended before serving")
		}
		return url
	case <-time.After(2 * time.Minute):
		tb.Fatal("memoria did not serve within 2 minutes")
	}
	return ""
}

// runNode runs a script of this folder with node and decodes the JSON it
// prints into v.
func runNode(tb testing.TB, v any, script string, args ...string) {
	tb.Helper()
	node, err := exec.LookPath("node")
	need(tb, "node", err == nil)
	_, err = os.Stat(filepath.Join("node_modules", "playwright-core"))
	need(tb, "node_modules here (npm ci in internal/webui/browsertest)", err == nil)
	run(tb, v, node, append([]string{script}, args...)...)
}

// run runs a client that prints one JSON object and decodes it into v.
func run(tb testing.TB, v any, name string, args ...string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		tb.Fatalf("%s printed no JSON object (%v):\n%s\n%s", name, err, out, stderr.String())
	}
}

// artifacts is where screenshots go: $MEMORIA_ARTIFACTS when it is set,
// so that CI keeps them, else a directory the test removes.
func artifacts(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("MEMORIA_ARTIFACTS")
	if dir == "" {
		return tb.TempDir()
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}
