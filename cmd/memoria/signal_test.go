package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the real command in a child process: with
// MEMORIA_RUN_MAIN=1 the test binary is memoria.
func TestMain(m *testing.M) {
	if os.Getenv("MEMORIA_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// child is memoria running in a child process, as a user runs it.
type child struct {
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	exited chan error // its end, once
}

// startChild starts memoria with args in a child process, which ctx
// bounds.
func startChild(ctx context.Context, t testing.TB, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.CommandContext(ctx, os.Args[0], args...), stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	c.cmd.Env = append(os.Environ(), "MEMORIA_RUN_MAIN=1")
	c.cmd.Stdout, c.cmd.Stderr = c.stdout, c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.exited <- c.cmd.Wait() }()
	return c
}

// runChild runs memoria in a child process, as a user runs it, and
// returns its exit status and standard error; a child still running after
// limit fails the test.
func runChild(t *testing.T, limit time.Duration, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	c := startChild(ctx, t, args...)
	err := <-c.exited
	if ctx.Err() != nil {
		t.Fatalf("memoria %s still ran after %v\n%s", strings.Join(args, " "), limit, c.stderr.String())
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), c.stderr.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, c.stderr.String()
}

// TestLoadInterruptedBySIGTERM starts `memoria load` in a child process,
// sends SIGTERM once it writes, and expects it to stop with an error and
// to leave the store as it was: the same quads, and no copy beside it.
func TestLoadInterruptedBySIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM to send on Windows")
	}
	dir := filepath.Join(t.TempDir(), "gen")
	if code, _, errOut := cli(t, nil, "gen", "--people", "10000", "-o", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "memoria.db")
	db := "bbolt:" + file
	quads := func() int64 {
		code, out, errOut := cli(t, nil, "--db", db, "stats", "--json")
		if code != 0 {
			t.Fatalf("stats: exit %d\n%s", code, errOut)
		}
		var st struct{ Quads int64 }
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		return st.Quads
	}
	before := quads() // the embedded seed

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := startChild(ctx, t, "--db", db, "load", dir)
	cmd, stderr, exited := c.cmd, c.stderr, c.exited
	// The copy appears when the load starts writing.
	var err error
wait:
	for {
		select {
		case err = <-exited:
			t.Fatalf("the load ended before it was interrupted: %v\n%s", err, stderr.String())
		case <-time.After(5 * time.Millisecond):
			if _, statErr := os.Stat(file + ".loading"); statErr == nil {
				break wait
			}
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("an interrupted load exited with %v, want a failure\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("stderr does not say the load was cancelled:\n%s", stderr.String())
	}
	for _, left := range []string{file + ".loading", file + ".loading-index"} {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the load left %s beside the store: stat error %v", left, err)
		}
	}
	if after := quads(); after != before {
		t.Errorf("an interrupted load changed the store: %d quads, want %d", after, before)
	}
}
