//go:build unix

package cachedir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// saved is TMPDIR as the process started with it, kept from init to
// Restore.
var saved struct {
	value string
	set   bool
}

func init() {
	saved.value, saved.set = os.LookupEnv("TMPDIR")
	_ = os.Setenv("TMPDIR", dir())
}

// Restore sets TMPDIR back to what the process started with.
func Restore() {
	if saved.set {
		_ = os.Setenv("TMPDIR", saved.value)
	} else {
		_ = os.Unsetenv("TMPDIR")
	}
}

// noCache is a TMPDIR under which no directory can be made, since
// /dev/null is not a directory: go-graphviz then compiles without a cache.
const noCache = "/dev/null/memoria"

// dir returns the directory to give go-graphviz as its TMPDIR: the first
// of os.UserCacheDir()/memoria and os.TempDir()/memoria-UID that is
// private to the user, made if need be, or else a path under which
// nothing can be made.
func dir() string {
	var candidates []string
	if d, err := os.UserCacheDir(); err == nil {
		candidates = append(candidates, filepath.Join(d, "memoria"))
	}
	candidates = append(candidates, filepath.Join(os.TempDir(), "memoria-"+strconv.Itoa(os.Geteuid())))
	for _, dir := range candidates {
		if private(dir) == nil {
			return dir
		}
	}
	return noCache
}

// private makes dir (mode 0700) if it is not there, and reports whether it
// is a directory that no other user can have put there or change: not a
// link, owned by the user, writable by no one else, and in a parent
// directory owned by the user or root that others cannot write to, or
// whose sticky bit stops them renaming what is not theirs (as /tmp's
// does).
func private(dir string) error {
	if !filepath.IsAbs(dir) {
		return fmt.Errorf("cache directory %s: not an absolute path", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cache directory: %w", err)
	}
	uid := os.Geteuid()
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("cache directory: %w", err)
	}
	if err := owned(fi, uid); err != nil {
		return fmt.Errorf("cache directory %s: %w", dir, err)
	}
	parent := filepath.Dir(dir)
	pi, err := os.Stat(parent)
	if err != nil {
		return fmt.Errorf("cache directory's parent: %w", err)
	}
	if st, ok := pi.Sys().(*syscall.Stat_t); !ok || (int(st.Uid) != uid && st.Uid != 0) {
		return fmt.Errorf("cache directory's parent %s: owned by another user", parent)
	}
	if pi.Mode().Perm()&0o022 != 0 && pi.Mode()&os.ModeSticky == 0 {
		return fmt.Errorf("cache directory's parent %s: others may rename what it holds", parent)
	}
	return nil
}

// owned reports whether fi is a directory of uid's that only uid can
// write to.
func owned(fi os.FileInfo, uid int) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return errors.New("a link")
	case !fi.IsDir():
		return errors.New("not a directory")
	case !ok || int(st.Uid) != uid:
		return errors.New("owned by another user")
	case fi.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("writable by others (mode %v)", fi.Mode().Perm())
	}
	return nil
}
