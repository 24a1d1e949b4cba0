//go:build linux

package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeAReadOnlyStore serves, as another user, a store file that user
// may read but not write, in a directory they may not write to: it used
// not to start at all. It must be served, say that it is read-only, and
// refuse a load with exit status 4, leaving the file as it was.
func TestServeAReadOnlyStore(t *testing.T) {
	setpriv := canSwitchUser(t)
	bin := copyTestBinary(t)
	shared := sharedDir(t)
	dir := filepath.Join(shared, "store")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "memoria.db")
	db := "bbolt:" + file
	if code, _, errOut := cli(t, nil, "--db", db, "load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	// A reader's token, made before: a read-only store's server still
	// knows its tokens, so that reading may ask for one.
	code, reader, errOut := cli(t, nil, "--db", db, "token", "create", "--name", "rita", "--role", "reader")
	if code != 0 {
		t.Fatalf("token create: exit %d\n%s", code, errOut)
	}
	reader = strings.TrimSpace(reader)
	before := fileStamp(t, file)

	serve := asNobody(setpriv, bin, shared, "--db", db, "serve", "--addr", "127.0.0.1:0", "--log-json=false", "--read-token-required")
	var out syncBuffer
	serve.Stdout, serve.Stderr = &out, &out
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = serve.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = serve.Process.Kill()
			t.Error("serve did not stop on SIGTERM")
		}
	}
	t.Cleanup(stop)
	addr := regexp.MustCompile(`graphql=http://([0-9.:]+)/graphql`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = "http://" + m[1]
		}
		select {
		case err := <-exited:
			stopped = true
			t.Fatalf("serve of a read-only store ended: %v\n%s", err, out.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "opened read-only") {
		t.Errorf("serve does not say the store is read-only:\n%s", out.String())
	}
	ask := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ node(id: \"event/lesson\") { ... on Event { name } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(body)
	}
	if status, body := ask(reader); status != http.StatusOK || !strings.Contains(body, "A lesson on the Great Terror") {
		t.Errorf("a query of the read-only store with a reader's token answered %d %s", status, body)
	}
	if status, _ := ask(""); status != http.StatusUnauthorized {
		t.Errorf("a query without a token answered %d, want 401 (--read-token-required)", status)
	}
	// Another reader shares the store with the server.
	if b, err := asNobody(setpriv, bin, shared, "--db", db, "stats").CombinedOutput(); err != nil {
		t.Errorf("stats beside the server of a read-only store: %v\n%s", err, b)
	}
	stop()

	// A load by the same user is refused: the store cannot be written.
	dataset := filepath.Join(shared, "dataset")
	if err := os.Mkdir(dataset, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataset, "x.yaml"), []byte(strings.ReplaceAll(extraDataset, "lesson", "seminar")), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := asNobody(setpriv, bin, shared, "--db", db, "load", dataset).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 4 || !bytes.Contains(b, []byte("read-only")) {
		t.Errorf("load of a read-only store: %v, want exit 4 saying it is read-only\n%s", err, b)
	}
	if fileStamp(t, file) != before {
		t.Error("serving a read-only store, or a refused load, changed the file")
	}
}

// asNobody is memoria run as user nobody, with tmpdir as its TMPDIR.
func asNobody(setpriv, bin, tmpdir string, args ...string) *exec.Cmd {
	u := strconv.Itoa(nobody)
	cmd := exec.Command(setpriv, append([]string{"--reuid=" + u, "--regid=" + u, "--clear-groups", bin}, args...)...)
	cmd.Dir = tmpdir
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "TMPDIR" && k != "HOME" && k != "XDG_CACHE_HOME" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "MEMORIA_RUN_MAIN=1", "TMPDIR="+tmpdir, "HOME=/nonexistent")
	return cmd
}
