package main

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/store"
)

// crashRoundsEnv sets how many rounds the crash tests run (killed loads,
// changes and servers); CI runs more than the defaults.
const crashRoundsEnv = "MEMORIA_CRASH_ROUNDS"

// crashRounds is how many rounds a crash test runs: crashRoundsEnv's
// number, or def.
func crashRounds(t *testing.T, def int) int {
	t.Helper()
	v := os.Getenv(crashRoundsEnv)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q is not a number of rounds", crashRoundsEnv, v)
	}
	return n
}

// TestKilledLoadsLeaveBeforeOrAfter kills `memoria load` with SIGKILL at
// random moments, on a new store and on one that holds the embedded
// dataset, and expects each store, opened again, to be whole and to hold
// what it held before the load or all that the load adds: never part of
// it. A store that does not exist reads as the embedded dataset, so on a
// new path "before" is the embedded dataset, stored or not.
func TestKilledLoadsLeaveBeforeOrAfter(t *testing.T) {
	rounds := crashRounds(t, 6)
	dir := filepath.Join(t.TempDir(), "gen")
	if code, _, errOut := cli(t, nil, "gen", "--people", "4000", "-o", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, errOut)
	}
	// The store before (the embedded dataset) and after a whole load, and
	// how long a load takes.
	before := storeQuads(t, "memory:")
	seededBytes := seededStore(t)
	whole := filepath.Join(t.TempDir(), "whole.db")
	start := time.Now()
	if code, errOut := runChild(t, 2*time.Minute, "--db", "bbolt:"+whole, "load", dir); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	took := time.Since(start)
	after := storeQuads(t, "bbolt:"+whole)

	seed := time.Now().UnixNano()
	r := rand.New(rand.NewPCG(uint64(seed), 22))
	t.Logf("%d rounds, seed %d; a whole load takes %v; %d quads before, %d after", rounds, seed, took, before, after)
	var befores, afters int
	for round := range rounds {
		file := filepath.Join(t.TempDir(), "memoria.db")
		fresh := round%2 == 0
		if !fresh {
			if err := os.WriteFile(file, seededBytes, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		wait := time.Duration(r.Int64N(int64(took + took/5)))
		killLoadAfter(t, wait, "--db", "bbolt:"+file, "load", dir)

		if _, err := os.Stat(file); err == nil {
			rep, err := store.Check(context.Background(), "bbolt:"+file)
			if err != nil {
				t.Errorf("round %d (new store %v, killed after %v): check: %v, %v", round, fresh, wait, err, rep.Damage)
				continue
			}
		}
		switch got := storeQuads(t, "bbolt:"+file); got {
		case before:
			befores++
		case after:
			afters++
		default:
			t.Errorf("round %d (new store %v, killed after %v): %d quads; want %d (before) or %d (after)", round, fresh, wait, got, before, after)
		}
		// The next writer clears what the killed load left, and loads.
		if code, _, errOut := cli(t, nil, "--db", "bbolt:"+file, "load", dir); code != 0 {
			t.Errorf("round %d: a load after the kill: exit %d\n%s", round, code, errOut)
		} else if got := storeQuads(t, "bbolt:"+file); got != after {
			t.Errorf("round %d: a load after the kill made %d quads, want %d", round, got, after)
		}
	}
	t.Logf("killed loads: %d left the store as before, %d as after", befores, afters)
}

// killLoadAfter starts memoria with args and kills it with SIGKILL after
// wait, or lets it end if it ends first.
func killLoadAfter(t *testing.T, wait time.Duration, args ...string) {
	t.Helper()
	c := startChild(context.Background(), t, args...)
	select {
	case <-c.exited:
	case <-time.After(wait):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// seededStore returns the bytes of a bbolt store file holding the embedded
// dataset, as a new store starts, for a test to start each round from.
func seededStore(t testing.TB) []byte {
	t.Helper()
	seeded := filepath.Join(t.TempDir(), "seeded.db")
	if code, _, errOut := cli(t, nil, "--db", "bbolt:"+seeded, "load", writeDataset(t, map[string]string{"empty.yaml": ""})); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	b, err := os.ReadFile(seeded)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
