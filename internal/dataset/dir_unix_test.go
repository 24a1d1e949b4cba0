//go:build unix

package dataset_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
)

// openDir opens dir as a Dataset directory for the test.
func openDir(t *testing.T, dir string, follow bool) *dataset.Dir {
	t.Helper()
	d, err := dataset.OpenDir(dir, follow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestNamedPipeInADirectory puts a FIFO that no one writes to among a
// dataset's files: reading it would wait forever. Both readers must
// refuse it, by name, at once.
func TestNamedPipeInADirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(onePerson), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "b.yaml"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	done := make(chan [2]error, 1)
	go func() {
		readErr, streamErr := readBoth(t, openDir(t, dir, false), ".")
		done <- [2]error{readErr, streamErr}
	}()
	select {
	case errs := <-done:
		for _, err := range errs {
			if err == nil || !strings.Contains(err.Error(), "data/b.yaml: a named pipe (FIFO), not a regular file") {
				t.Errorf("error %v, want data/b.yaml refused as a named pipe", err)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a directory with a named pipe in it hangs")
	}
}

// TestNamedPipeOpenedByName hands a FIFO to Open directly, as a race
// between the listing and the open would: Open must not wait for a
// writer, and must refuse it.
func TestNamedPipeOpenedByName(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "p.yaml"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	for _, follow := range []bool{false, true} {
		done := make(chan error, 1)
		go func() {
			f, err := openDir(t, dir, follow).Open("p.yaml")
			if err == nil {
				f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, dataset.ErrNotRegular) {
				t.Errorf("Open of a named pipe (links followed: %v) = %v, want ErrNotRegular", follow, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Open of a named pipe waits for a writer (links followed: %v)", follow)
		}
	}
}

// TestSymbolicLinks reads a dataset with links in it: one to a file of the
// dataset is read; one to a file outside it is refused by name, without
// its content in the error, unless links are followed; one to nothing or
// to a device is refused either way.
func TestSymbolicLinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "passwd")
	secret := "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin SECRET\n"
	if err := os.WriteFile(outside, []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(outside), "other.yaml"), []byte(onePerson), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		target string // of the link people.yaml
		follow bool
		want   string // in the error; "" for none
	}{
		{"to a file of the dataset", "sub/real.yaml", false, ""},
		{"to a file of the dataset, through ..", "sub/../sub/real.yaml", false, ""},
		{"to a file outside", outside, false, "data/people.yaml: a symbolic link that leads out of the dataset's directory, to"},
		{"to a file outside, relative", "../" + filepath.Base(filepath.Dir(outside)) + "/other.yaml", false, "leads out of the dataset's directory"},
		{"to a file outside, followed", filepath.Join(filepath.Dir(outside), "other.yaml"), true, ""},
		{"to a file outside that is no dataset, followed", outside, true, "a dataset file must be a mapping"},
		{"to nothing", "missing.yaml", false, "data/people.yaml: a symbolic link to nothing"},
		{"to a device, followed", "/dev/zero", true, "data/people.yaml: a symbolic link to a character device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "dataset")
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "sub", "real.txt"), []byte(onePerson), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, "sub", "real.txt"), filepath.Join(dir, "sub", "real.yaml")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "sources.yaml"), []byte("sources:\n  - {id: source/s, title: S, kind: monograph}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			target := tt.target
			if strings.HasPrefix(target, "../") {
				// relative: up out of the dataset, into the directory of outside
				target, _ = filepath.Rel(dir, filepath.Join(filepath.Dir(outside), "other.yaml"))
			}
			if err := os.Symlink(target, filepath.Join(dir, "people.yaml")); err != nil {
				t.Fatal(err)
			}
			readErr, streamErr := readBoth(t, openDir(t, dir, tt.follow), ".")
			for _, err := range []error{readErr, streamErr} {
				switch {
				case tt.want == "" && err != nil:
					t.Errorf("error %v, want none", err)
				case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
					t.Errorf("error %v, want one saying %q", err, tt.want)
				case err != nil && strings.Contains(err.Error(), "SECRET"):
					t.Errorf("the error prints the file's content: %v", err)
				}
			}
		})
	}
}

// TestOneFileDataset reads a single file as a dataset, as `memoria
// validate FILE` does: the directory is the file's, the file is read
// whatever its name, and a link out of the directory is refused.
func TestOneFileDataset(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "people.txt"), []byte(onePerson), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.ReadFS(context.Background(), openDir(t, dir, false), "people.txt", "people.txt")
	if err != nil || len(ds.Entities) != 1 {
		t.Fatalf("ReadFS of one file: %d entities, %v", len(ds.Entities), err)
	}
	outside := filepath.Join(t.TempDir(), "x.yaml")
	if err := os.WriteFile(outside, []byte(onePerson), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err = dataset.ReadFS(context.Background(), openDir(t, dir, false), "link.yaml", "link.yaml")
	if err == nil || !strings.Contains(err.Error(), "link.yaml: a symbolic link that leads out") {
		t.Errorf("ReadFS of one file linked from outside: %v", err)
	}
}
