package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fileStamp is a file's bytes and modification time, or "" if it does not
// exist: what a command that only reads must leave as it found.
func fileStamp(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return fi.ModTime().String() + " " + string(sum[:])
}

// TestReadersChangeNoStore runs stats and export on a store that does not
// exist, on one that holds data, and on an empty file: they must create
// nothing and change nothing. A store that does not exist reads as the
// embedded dataset; an empty file is not a store.
func TestReadersChangeNoStore(t *testing.T) {
	readers := [][]string{
		{"stats", "--json"},
		{"export", "--format", "dot", "--id", "person/lavrentiy-beria"},
	}
	seedQuads := storeQuads(t, "memory:")

	missing := filepath.Join(t.TempDir(), "data", "memoria.db")
	for _, args := range readers {
		code, _, errOut := cli(t, nil, append([]string{"--db", "bbolt:" + missing}, args...)...)
		if code != 0 || !strings.Contains(errOut, "no store at") {
			t.Errorf("%s on a new path: exit %d, stderr %q; want 0 and a word that there is no store yet", args[0], code, errOut)
		}
	}
	if got := storeQuads(t, "bbolt:"+missing); got != seedQuads {
		t.Errorf("stats on a new path counts %d quads; want the embedded dataset's %d", got, seedQuads)
	}
	wantNoStore(t, missing, "a command that only reads made a store")
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("a command that only reads made the store's directory")
	}

	loaded := filepath.Join(t.TempDir(), "memoria.db")
	if code, _, errOut := cli(t, nil, "--db", "bbolt:"+loaded, "load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	before := fileStamp(t, loaded)
	time.Sleep(10 * time.Millisecond)
	for _, args := range readers {
		if code, _, errOut := cli(t, nil, append([]string{"--db", "bbolt:" + loaded}, args...)...); code != 0 {
			t.Errorf("%s: exit %d\n%s", args[0], code, errOut)
		}
	}
	if fileStamp(t, loaded) != before {
		t.Error("a command that only reads changed the store file")
	}

	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range append(readers, []string{"load", writeDataset(t, map[string]string{"extra.yaml": extraDataset})}) {
		code, _, errOut := cli(t, nil, append([]string{"--db", "bbolt:" + empty}, args...)...)
		if code != 5 || !strings.Contains(errOut, "the file is empty") {
			t.Errorf("%s on an empty file: exit %d, stderr %q; want 5 and the file refused as empty", args[0], code, errOut)
		}
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was changed: %v", err)
	}
}
