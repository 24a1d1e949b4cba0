package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCommand checks a loaded store, the same store damaged, and
// what cannot be checked, and expects the exit statuses of history's
// table: 0, 5 (damaged), 3 (nothing there to check).
func TestCheckCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memoria.db")
	db := "bbolt:" + file
	if code, _, errOut := cli(t, nil, "--db", db, "load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	before := fileStamp(t, file)
	code, out, errOut := cli(t, nil, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "no damage found") {
		t.Errorf("check of an intact store: exit %d, %q %q", code, out, errOut)
	}
	if fileStamp(t, file) != before {
		t.Error("check changed the store")
	}

	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Past the meta pages, a page header in the middle of the file: in use
	// or free, a walk of the pages finds it wrong either way.
	ps := os.Getpagesize()
	for p := 2; (p+1)*ps <= len(b); p += 2 {
		copy(b[p*ps:], strings.Repeat("\xff", 24))
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = cli(t, nil, "--db", db, "check")
	if code != 5 || !strings.Contains(errOut, "damaged: ") || !strings.Contains(errOut, "damaged") {
		t.Errorf("check of a damaged store: exit %d, stderr %q; want 5 and what is damaged", code, errOut)
	}

	for _, args := range [][]string{
		{"--db", "bbolt:" + filepath.Join(t.TempDir(), "none.db"), "check"},
		{"--db", "memory:", "check"},
	} {
		if code, _, errOut := cli(t, nil, args...); code != 3 {
			t.Errorf("memoria %s: exit %d, stderr %q; want 3", strings.Join(args, " "), code, errOut)
		}
	}
	if code, _, _ := cli(t, nil, "check", "extra"); code != 2 {
		t.Errorf("check with an argument: exit %d, want 2", code)
	}
}
