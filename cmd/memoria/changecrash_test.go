package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// crashChange is the i-th change of TestKilledChangesAreWholeOrAbsent: two
// new people, a relation between them, and the description of a person
// every change rewrites, so that a change applied in part would show.
func crashChange(i int) string {
	return fmt.Sprintf(`people:
  - id: person/crash-%[1]d-a
    name: Crash %[1]d A
    cite: source/essay-special-treatment ¶1
  - id: person/crash-%[1]d-b
    name: Crash %[1]d B
    cite: source/essay-special-treatment ¶1
  - id: person/lavrentiy-beria
    name: Lavrentiy Beria
    description: Rewritten by change %[1]d.
    cite: source/essay-special-treatment ¶9
relations:
  - id: relation/crash-%[1]d
    subject: person/crash-%[1]d-a
    type: allied-with
    object: person/crash-%[1]d-b
    cite: source/essay-special-treatment ¶1
`, i)
}

var ackLine = regexp.MustCompile(`(?m)^\S*change-(\d+)\.yaml: revision (\d+), `)

// TestKilledChangesAreWholeOrAbsent runs `memoria apply` over many change
// files, each one change, and kills it with SIGKILL at a random moment:
// the store, opened again, must be whole, hold every change the command
// said was written, and each change whole or not at all, in order (the
// acknowledged-writes check). The store's revision counts them.
func TestKilledChangesAreWholeOrAbsent(t *testing.T) {
	rounds := crashRounds(t, 4)
	const changes = 150
	dir := t.TempDir()
	files := make([]string, changes)
	for i := range files {
		files[i] = filepath.Join(dir, fmt.Sprintf("change-%d.yaml", i))
		if err := os.WriteFile(files[i], []byte(crashChange(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A seeded store to start each round from, and how long the changes
	// take.
	seededBytes := seededStore(t)
	whole := filepath.Join(t.TempDir(), "whole.db")
	if err := os.WriteFile(whole, seededBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if code, errOut := runChild(t, 2*time.Minute, append([]string{"--db", "bbolt:" + whole, "apply"}, files...)...); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, errOut)
	}
	took := time.Since(start)

	seed := time.Now().UnixNano()
	r := rand.New(rand.NewPCG(uint64(seed), 18))
	t.Logf("%d rounds, seed %d; %d changes take %v", rounds, seed, changes, took)
	var acknowledged, applied int
	for round := range rounds {
		file := filepath.Join(t.TempDir(), "memoria.db")
		if err := os.WriteFile(file, seededBytes, 0o644); err != nil {
			t.Fatal(err)
		}
		wait := time.Duration(r.Int64N(int64(took + took/5)))
		c := startChild(context.Background(), t, append([]string{"--db", "bbolt:" + file, "apply"}, files...)...)
		select {
		case <-c.exited:
		case <-time.After(wait):
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
		acks := ackLine.FindAllStringSubmatch(c.stdout.String(), -1)
		a, n := checkChanges(t, round, file, acks)
		acknowledged += a
		applied += n
	}
	t.Logf("killed runs: %d changes acknowledged, %d found applied, over %d rounds", acknowledged, applied, rounds)
}

// checkChanges opens the store a killed run left and checks it against
// what the run acknowledged; it returns how many changes were
// acknowledged and how many are applied.
func checkChanges(t *testing.T, round int, file string, acks [][]string) (int, int) {
	t.Helper()
	ctx := context.Background()
	if rep, err := store.Check(ctx, "bbolt:"+file); err != nil {
		t.Errorf("round %d: check: %v, %v", round, err, rep.Damage)
		return 0, 0
	}
	s, err := store.Open(ctx, "bbolt:"+file, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	defer s.Close()
	ds, err := s.Dataset(ctx)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	has := map[history.ID]bool{}
	for _, id := range ds.IDs() {
		has[id] = true
	}
	// The changes applied run from 0 to last, each whole.
	last := -1
	for i := 0; ; i++ {
		ids := []history.ID{history.ID(fmt.Sprintf("person/crash-%d-a", i)), history.ID(fmt.Sprintf("person/crash-%d-b", i)), history.ID(fmt.Sprintf("relation/crash-%d", i))}
		n := 0
		for _, id := range ids {
			if has[id] {
				n++
			}
		}
		if n == 0 {
			break
		}
		if n != len(ids) {
			t.Errorf("round %d: change %d is applied in part: %d of its %d new records", round, i, n, len(ids))
		}
		last = i
	}
	for id := range has {
		if strings.HasPrefix(string(id), "person/crash-") || strings.HasPrefix(string(id), "relation/crash-") {
			var i int
			if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimPrefix(string(id), "person/"), "relation/"), "crash-%d", &i); err == nil && i > last {
				t.Errorf("round %d: %s is stored, but change %d is not whole and in order", round, id, i)
			}
		}
	}
	beria := slices.IndexFunc(ds.Entities, func(e history.Entity) bool { return e.ID == "person/lavrentiy-beria" })
	if last >= 0 && ds.Entities[beria].Description != fmt.Sprintf("Rewritten by change %d.", last) {
		t.Errorf("round %d: the last change applied is %d, but Beria reads %q", round, last, ds.Entities[beria].Description)
	}
	if want := uint64(last + 2); s.Revision() != want {
		t.Errorf("round %d: revision %d with changes 0 to %d applied, want %d", round, s.Revision(), last, want)
	}
	for _, a := range acks {
		i, _ := strconv.Atoi(a[1])
		rev, _ := strconv.ParseUint(a[2], 10, 64)
		if i > last {
			t.Errorf("round %d: change %d was acknowledged (revision %d) and is not in the store", round, i, rev)
		}
		if rev != uint64(i+2) {
			t.Errorf("round %d: change %d was acknowledged at revision %d, want %d", round, i, rev, i+2)
		}
	}
	return len(acks), last + 1
}
