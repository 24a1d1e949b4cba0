//go:build unix

package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fileSum is the SHA-256 of a file, or "" if it does not exist.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// TestNamedPipeInADataset puts a FIFO that nobody writes to among a
// dataset's files. validate and load used to wait on it forever, load
// holding the store's lock, and no signal stopped them. They must refuse
// it at once, naming it, and leave the store as it was.
func TestNamedPipeInADataset(t *testing.T) {
	dir := writeDataset(t, map[string]string{"extra.yaml": extraDataset})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	loaded := filepath.Join(t.TempDir(), "loaded.db")
	if code, _, errOut := cli(t, nil, "--db", "bbolt:"+loaded, "load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	before := fileSum(t, loaded)
	for _, args := range [][]string{
		{"validate", dir},
		{"validate", filepath.Join(dir, "pipe.yaml")},
		{"--db", "bbolt:" + fresh, "load", dir},
		{"--db", "bbolt:" + loaded, "load", dir},
		{"--db", "bbolt:" + loaded, "load", filepath.Join(dir, "pipe.yaml")},
	} {
		code, errOut := runChild(t, 30*time.Second, args...)
		if code != 3 || !strings.Contains(errOut, "pipe.yaml: a named pipe (FIFO), not a regular file") {
			t.Errorf("memoria %s: exit %d, stderr %q; want 3 and the pipe named", strings.Join(args, " "), code, errOut)
		}
	}
	wantNoStore(t, fresh, "a load that found a named pipe made a store")
	if fileSum(t, loaded) != before {
		t.Error("a load that found a named pipe changed the store")
	}
	for _, left := range []string{loaded + ".loading", loaded + ".loading-index"} {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the load left %s", left)
		}
	}
}

// TestLinkOutOfADataset links a dataset file to a file outside the
// dataset, as a contribution could link to /etc/passwd: validate and load
// must refuse it by name, print none of its content, and read it only
// with --follow-links.
func TestLinkOutOfADataset(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secrets")
	if err := os.WriteFile(outside, []byte("root:x:0:0:root:/root:/bin/bash\nservice-token: SECRET-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := writeDataset(t, map[string]string{"extra.yaml": extraDataset})
	if err := os.Symlink(outside, filepath.Join(dir, "people.yaml")); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(t.TempDir(), "memoria.db")
	for _, args := range [][]string{
		{"validate", dir},
		{"validate", filepath.Join(dir, "people.yaml")},
		{"--db", "bbolt:" + store, "load", dir},
	} {
		code, _, errOut := cli(t, nil, args...)
		if code != 3 || !strings.Contains(errOut, "people.yaml: a symbolic link that leads out of the dataset's directory") || strings.Contains(errOut, "SECRET") {
			t.Errorf("memoria %s: exit %d, stderr %q; want 3, the link named, and nothing of its target's content", strings.Join(args, " "), code, errOut)
		}
	}
	wantNoStore(t, store, "a load that found a link out of its dataset made a store")
	code, _, errOut := cli(t, nil, "validate", "--follow-links", dir)
	if code != 3 || !strings.Contains(errOut, "people.yaml:2: YAML syntax error") || strings.Contains(errOut, "SECRET") {
		t.Errorf("validate --follow-links: exit %d, stderr %q; want the target read as a dataset and an excerpt of it at most", code, errOut)
	}
}

// TestInterruptedWhileReading sends SIGINT to validate and to load while
// they read a large dataset, and expects each to stop within seconds,
// with a message and no stack, and the load to leave no store behind.
func TestInterruptedWhileReading(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	if code, _, errOut := cli(t, nil, "gen", "--people", "30000", "-o", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, errOut)
	}
	store := filepath.Join(t.TempDir(), "memoria.db")
	for _, args := range [][]string{{"validate", dir}, {"--db", "bbolt:" + store, "load", dir}} {
		c := startChild(context.Background(), t, args...)
		cmd, stderr, exited := c.cmd, c.stderr, c.exited
		waitReading(t, cmd.Process.Pid, dir)
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-exited:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Errorf("memoria %s: %v after SIGINT, want a failure\n%s", args[len(args)-2], err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("memoria %s still runs 10 s after SIGINT", strings.Join(args, " "))
		}
		msg := stderr.String()
		if !strings.Contains(msg, "interrupt") && !strings.Contains(msg, "context canceled") || strings.Contains(msg, "goroutine ") {
			t.Errorf("memoria %s: stderr after SIGINT %q, want a message saying it was interrupted, and no stack", args[len(args)-2], msg)
		}
		t.Logf("memoria %s, interrupted: %s", args[len(args)-2], msg)
	}
	for _, left := range []string{store + ".loading", store + ".loading-index"} {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the load left %s", left)
		}
	}
}

// waitReading waits until process pid has a file under dir open, so that a
// signal sent next reaches a command that is reading, and not a process
// still starting (whose runtime would end it before main could answer).
// Where /proc is not there to look, it waits a while.
func waitReading(t *testing.T, pid int, dir string) {
	t.Helper()
	fds := filepath.Join("/proc", strconv.Itoa(pid), "fd")
	if _, err := os.Stat(fds); err != nil {
		time.Sleep(time.Second)
		return
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		entries, _ := os.ReadDir(fds)
		for _, e := range entries {
			if target, err := os.Readlink(filepath.Join(fds, e.Name())); err == nil && strings.HasPrefix(target, dir) {
				return
			}
		}
	}
	t.Fatalf("process %d opened nothing under %s in 20 s", pid, dir)
}
