package store

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// fsizeChildEnv marks the re-executed test binary of
// TestCopyFailureRemovesCopy.
const fsizeChildEnv = "MEMORIA_REVIEW_FSIZE_CHILD"

// TestCopyFailureRemovesCopy: when copying the store fails part way
// (a full disk; here a file size limit, RLIMIT_FSIZE, which fails writes
// the same way with EFBIG), loadCopy returned before it deferred the
// removal of the copy, so the partial FILE.loading stayed on the full
// disk.
func TestCopyFailureRemovesCopy(t *testing.T) {
	if os.Getenv(fsizeChildEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCopyFailureRemovesCopy$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), fsizeChildEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("in a process that cannot grow files past half the store's size:\n%s", out)
		}
		return
	}

	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	full := fullDataset()
	mustLoad(t, s, &history.Dataset{Sources: full.Sources, Entities: full.Entities})
	fi, err := os.Stat(s.file)
	if err != nil {
		t.Fatal(err)
	}

	signal.Ignore(syscall.SIGXFSZ)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limit := syscall.Rlimit{Cur: uint64(fi.Size() / 2), Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	_, loadErr := s.Load(context.Background(), &history.Dataset{Events: full.Events, Relations: full.Relations, Claims: full.Claims})
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}

	if loadErr == nil {
		t.Fatal("the load succeeded though its copy of the store could not be written")
	}
	t.Logf("load error: %v", loadErr)
	wantNothingLeftBeside(t, s)
}

// indexesFsizeChildEnv marks the re-executed test binary of
// TestDiskFullWhileWritingIndexes.
const indexesFsizeChildEnv = "MEMORIA_INDEXES_FSIZE_CHILD"

// TestDiskFullWhileWritingIndexes: the disk fills (a file size limit)
// once every batch is in the log, while the indexes are written. The load
// fails, the store is as it was, and nothing is left beside it.
func TestDiskFullWhileWritingIndexes(t *testing.T) {
	if os.Getenv(indexesFsizeChildEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFullWhileWritingIndexes$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), indexesFsizeChildEnv+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("in a process whose files stop growing after the log's last batch:\n%s", out)
		}
		return
	}
	signal.Ignore(syscall.SIGXFSZ)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	ds := syntheticDataset(400)
	var file string
	var batches int
	s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 500, FinishCommitBytes: 4096, AfterBatch: func(int) error {
		// After each batch, the copy may grow by 64 kB at most: the last
		// batch leaves too little room for the indexes.
		batches++
		fi, err := os.Stat(file + cayleykv.CopySuffix)
		if err != nil {
			return err
		}
		limit := syscall.Rlimit{Cur: uint64(fi.Size() + 64<<10), Max: old.Max}
		return syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit)
	}}})
	file = s.file
	before := storedQuads(t, s)
	_, err := s.Load(context.Background(), &history.Dataset{Sources: ds.Sources, Entities: ds.Entities, Relations: ds.Relations})
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); rerr != nil {
		t.Fatal(rerr)
	}
	if err == nil {
		t.Fatalf("the load succeeded in %d batches: the limit never bit, so the test cannot tell", batches)
	}
	if !strings.Contains(err.Error(), "write the indexes") {
		t.Errorf("load error = %v, want one from writing the indexes", err)
	}
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("a failed load changed the store: %d quads, want %d", len(got), len(before))
	}
	wantNothingLeftBeside(t, s)
}
