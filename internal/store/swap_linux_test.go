package store

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
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
