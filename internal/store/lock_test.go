package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// helperEnv names the store a re-executed test binary holds open.
const helperEnv = "MEMORIA_STORE_TEST_HOLD"

// TestHelperProcess is not a test: re-executed with helperEnv set, the
// test binary opens that store, says "ready" and holds it until its stdin
// closes.
func TestHelperProcess(t *testing.T) {
	dsn := os.Getenv(helperEnv)
	if dsn == "" {
		return
	}
	s, err := Open(context.Background(), dsn, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = s.Close()
	os.Exit(0)
}

// holdInChild starts a process that holds dsn open and returns its pid and
// a function that makes it close the store and exit.
func holdInChild(t *testing.T, dsn string) (pid int, release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+dsn)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		_ = stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	}
	t.Cleanup(release)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper process said %q, %v; want ready", line, err)
	}
	return cmd.Process.Pid, release
}

// secondOpen opens a store that another handle holds, and expects the
// error at once.
func secondOpen(t *testing.T, dsn string) error {
	t.Helper()
	start := time.Now()
	s, err := Open(context.Background(), dsn, Options{})
	if err == nil {
		s.Close()
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("second Open took %v, want it to fail at once", d)
	}
	return err
}

func TestLockAcrossProcesses(t *testing.T) {
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			skipUnderRace(t, backend)
			file := filepath.Join(t.TempDir(), "data", "memoria.db")
			dsn := backend + ":" + file
			pid, release := holdInChild(t, dsn)

			err := secondOpen(t, dsn)
			words := []string{"open store " + file, "in use", "process " + strconv.Itoa(pid)}
			if runtime.GOOS == "linux" {
				words = append(words, "TestHelperProcess") // from its command line
			}
			wantCode(t, err, history.CodeConflict, words...)
			t.Logf("second Open: %v", err)

			release()
			s := openTest(t, dsn, Options{})
			mustLoad(t, s, fullDataset())
		})
	}
}

func TestLockInProcess(t *testing.T) {
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			skipUnderRace(t, backend)
			file := filepath.Join(t.TempDir(), "memoria.db")
			dsn := backend + ":" + file
			first := openTest(t, dsn, Options{})

			err := secondOpen(t, dsn)
			wantCode(t, err, history.CodeConflict, "open store "+file, "this process", strconv.Itoa(os.Getpid()))
			t.Logf("second Open: %v", err)

			// The same file through the other bolt backend is the same lock.
			other := map[string]string{"bbolt": "bolt", "bolt": "bbolt"}[backend]
			if !raceEnabled {
				_, err = Open(context.Background(), other+":"+file, Options{})
				wantCode(t, err, history.CodeConflict, "in use")
			}

			if err := first.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			second := openTest(t, dsn, Options{})
			if empty, err := second.Empty(context.Background()); err != nil || !empty {
				t.Errorf("Empty() after reopening = %v, %v", empty, err)
			}
		})
	}
}

func TestReleaseKeepsTheLock(t *testing.T) {
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			skipUnderRace(t, backend)
			file := filepath.Join(t.TempDir(), "memoria.db")
			dsn := backend + ":" + file
			s := openTest(t, dsn, Options{})
			mustLoad(t, s, fullDataset())
			if err := s.Release(); err != nil {
				t.Fatalf("Release: %v", err)
			}
			if err := s.Release(); err != nil {
				t.Fatalf("second Release: %v", err)
			}

			_, err := s.Dataset(context.Background())
			wantCode(t, err, history.CodeInvalid, "read store", "closed")

			other, err := Open(context.Background(), dsn, Options{})
			if err == nil {
				other.Close()
			}
			wantCode(t, err, history.CodeConflict, "open store "+file, "in use")

			if err := s.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			reopened := openTest(t, dsn, Options{})
			if diff := diffDatasets(mustDataset(t, reopened), canon{}.dataset(fullDataset())); diff != "" {
				t.Errorf("data after Release and reopening differs:\n%s", diff)
			}
		})
	}
}

func TestReleaseKeepsMemoryData(t *testing.T) {
	s := openTest(t, "memory:", Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Release(); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if diff := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); diff != "" {
		t.Errorf("memory store after Release differs:\n%s", diff)
	}
}
