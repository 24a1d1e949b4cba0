package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestMeasureFollowing measures two serve processes on one PostgreSQL
// database: how long after a write through one is acknowledged the other
// answers at its revision, and the CPU time the other spends on each
// change it follows. It runs only when MEMORIA_FOLLOW_WRITES says how
// many writes to send. With MEMORIA_FOLLOW_STANDBY=1 the one writes a
// primary and the other serves a hot standby of it alone.
func TestMeasureFollowing(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEMORIA_FOLLOW_WRITES"))
	if n <= 0 {
		t.Skip("a measurement: MEMORIA_FOLLOW_WRITES=300 runs it")
	}
	var db, followed string
	var standby *pgtest.Server
	if os.Getenv("MEMORIA_FOLLOW_STANDBY") == "1" {
		var primary *pgtest.Server
		primary, standby = pgtest.StartReplicated(t)
		db = primary.NewDatabase(t)
		followed = standby.DSNFor(db)
	} else {
		db = startPostgres(t).NewDatabase(t)
		followed = db
	}
	editor := makeToken(t, db, "anna", "editor")
	var bases []string
	var pids []int
	for _, dsn := range []string{db, followed} {
		if standby != nil {
			// The standby holds the store once it has replayed its making.
			if err := standby.CatchUp(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		c, base := startServeChild(t, dsn)
		t.Cleanup(func() { _ = c.cmd.Process.Kill(); <-c.exited })
		bases, pids = append(bases, base), append(pids, c.cmd.Process.Pid)
	}
	write := func(i int, phase string) uint64 {
		return mutate(t, bases[0], editor, `mutation($r: DatasetRecord!) { createPerson(record: $r) { graphRevision } }`, map[string]any{"r": map[string]any{
			"id": fmt.Sprintf("person/measure-%s-%d", phase, i), "name": fmt.Sprintf("Measure %s %d", phase, i), "cite": "source/essay-special-treatment ¶1",
		}})
	}
	revisionOf := func(base string) uint64 {
		_, out := gqlAs(t, base, "", `{ __typename }`, nil)
		ext, _ := out["extensions"].(map[string]any)
		r, _ := ext["revision"].(float64)
		return uint64(r)
	}

	// Latency: each write, then the other server asked until it answers
	// at the write's revision.
	var waits []time.Duration
	for i := range n {
		rev := write(i, "latency")
		acked := time.Now()
		for revisionOf(bases[1]) < rev {
			if time.Since(acked) > 10*time.Second {
				t.Fatalf("write %d not seen after 10s", i)
			}
		}
		waits = append(waits, time.Since(acked))
	}
	slices.Sort(waits)
	t.Logf("ack on a to answer on b, %d writes: p50 %v, p90 %v, p99 %v, max %v; load average %s",
		n, waits[n/2], waits[n*9/10], waits[n*99/100], waits[n-1], loadAverage())

	// CPU: the same number of writes, the follower not asked meanwhile;
	// its CPU time over as long idle is the baseline.
	idle := cpuOf(t, pids[1])
	time.Sleep(3 * time.Second)
	idle = cpuOf(t, pids[1]) - idle
	before := cpuOf(t, pids[1])
	start := time.Now()
	var last uint64
	for i := range n {
		last = write(i, "cpu")
	}
	for revisionOf(bases[1]) < last {
		time.Sleep(20 * time.Millisecond)
	}
	used := cpuOf(t, pids[1]) - before
	took := time.Since(start)
	t.Logf("follower CPU for %d changes: %v (%v a change); idle it used %v in 3s, %v in %v; writer %d writes in %v",
		n, used, used/time.Duration(n), idle, idle*took/(3*time.Second), took.Round(time.Millisecond), n, took.Round(time.Millisecond))
}

// cpuOf is the CPU time (user and system) process pid has used.
func cpuOf(t *testing.T, pid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// The fields after the command's name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
