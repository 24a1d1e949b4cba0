package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/gofrs/flock"

	"github.com/memoria-history/memoria/internal/history"
)

// lockFile takes the lock of a bolt file for a writer: an exclusive flock
// on the sibling file FILE.lock, which then holds the pid of its holder.
// Readers share it (sharedLock). It fails at once
// if another handle, in this process or another, holds it: Cayley's bolt
// backends would otherwise wait for the file forever.
//
// The lock file stays on disk after Close: removing it would let a third
// process lock a new file while a second still waits on the old one.
func lockFile(file string) (*flock.Flock, error) {
	path := file + ".lock"
	fl := flock.New(path, flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, history.Errorf(history.CodeConflict, "in use by %s", holder(path))
	}
	pid := strconv.Itoa(os.Getpid()) + "\n"
	if err := os.WriteFile(path, []byte(pid), 0o644); err != nil {
		_ = fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return fl, nil
}

// holder describes the process whose pid a lock file holds: its pid and,
// where /proc tells, its command line.
func holder(lockPath string) string {
	b, err := os.ReadFile(lockPath)
	pid, perr := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || perr != nil || pid <= 0 {
		return "another process (" + lockPath + " does not say which)"
	}
	if pid == os.Getpid() {
		return fmt.Sprintf("this process (pid %d): the store is already open here", pid)
	}
	if cmd := cmdline(pid); cmd != "" {
		return fmt.Sprintf("process %d (%s)", pid, cmd)
	}
	if gone(pid) {
		// Readers share the lock and do not write their pids: the pid is
		// that of a writer that has ended.
		return "another process, reading it (" + lockPath + " names the last writer, which has ended)"
	}
	return fmt.Sprintf("process %d", pid)
}

// gone reports whether process pid has certainly ended: where /proc lists
// processes and lists none of that number.
func gone(pid int) bool {
	if _, err := os.Stat("/proc/self"); err != nil {
		return false
	}
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return errors.Is(err, os.ErrNotExist)
}

// cmdline returns the command line of process pid, or "" where the system
// does not say (there is no /proc outside Linux).
func cmdline(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	return strings.Join(args, " ")
}
