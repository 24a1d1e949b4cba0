//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// nobody is the second user of TestTwoUsersShareATMPDIR.
const nobody = 65534

// TestTwoUsersShareATMPDIR runs memoria as root and then as another user
// with the same TMPDIR, as two people on one machine do. go-graphviz
// compiles Graphviz while the program initialises and caches the machine
// code; it used to keep it in $TMPDIR/go-graphviz, private to the first
// user, so that every command of the second one, even stats, panicked
// before main. Each user must now have a cache of their own, and a
// directory that another user planted where memoria might look must be
// left alone, never read.
func TestTwoUsersShareATMPDIR(t *testing.T) {
	setpriv := canSwitchUser(t)
	bin := copyTestBinary(t)
	shared := sharedDir(t)
	rootCache := t.TempDir()
	beria := func(out string) []string {
		return []string{"--db", "memory:", "export", "--format", "svg", "--id", "person/lavrentiy-beria", "-o", out}
	}

	// The first user, with a cache directory of their own.
	rootEnv := []string{"HOME=" + rootCache, "XDG_CACHE_HOME=" + rootCache}
	asUser(t, setpriv, bin, 0, shared, rootEnv, "--db", "memory:", "stats")
	asUser(t, setpriv, bin, 0, shared, rootEnv, beria(filepath.Join(shared, "root.svg"))...)
	compiled := filepath.Join(rootCache, "memoria", "go-graphviz")
	wazeroDirs, err := os.ReadDir(compiled)
	if err != nil || len(wazeroDirs) == 0 {
		t.Errorf("the first user's compiled Graphviz is not in %s: %v", compiled, err)
	}
	if _, err := os.Lstat(filepath.Join(shared, "go-graphviz")); err == nil {
		t.Errorf("the first user's run made %s/go-graphviz, where every user looks", shared)
	}

	// The second user, whose home cannot be written to, gets a directory
	// of their own in the shared one.
	nobodyEnv := []string{"HOME=/nonexistent"}
	asUser(t, setpriv, bin, nobody, shared, nobodyEnv, "--db", "memory:", "stats")
	asUser(t, setpriv, bin, nobody, shared, nobodyEnv, beria(filepath.Join(shared, "nobody.svg"))...)
	own := filepath.Join(shared, "memoria-"+strconv.Itoa(nobody))
	if fi, err := os.Stat(filepath.Join(own, "go-graphviz")); err != nil || fi.Sys().(*syscall.Stat_t).Uid != nobody {
		t.Errorf("the second user's cache is not in %s, theirs: %v", own, err)
	}

	// The second user plants the places where the first might look with
	// files of the names the compiled code has, holding garbage: read, they
	// would stop the program. The first user, with no home, must find the
	// directory named for them not theirs, and run without a cache.
	var planted []string
	for _, top := range []string{filepath.Join(shared, "go-graphviz"), filepath.Join(shared, "memoria-0", "go-graphviz")} {
		for _, d := range wazeroDirs {
			entries, err := os.ReadDir(filepath.Join(compiled, d.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				planted = append(planted, filepath.Join(top, d.Name(), e.Name()))
			}
		}
	}
	for _, p := range planted {
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("not machine code"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	for _, top := range []string{filepath.Join(shared, "go-graphviz"), filepath.Join(shared, "memoria-0")} {
		chownAll(t, top, nobody)
	}
	before := listing(t, shared)
	asUser(t, setpriv, bin, 0, shared, []string{"HOME=", "XDG_CACHE_HOME="}, "--db", "memory:", "stats")
	if after := listing(t, shared); !slices.Equal(after, before) {
		t.Errorf("the first user's run changed what the second planted:\nbefore %q\nafter  %q", before, after)
	}
	for _, p := range planted {
		if b, err := os.ReadFile(p); err != nil || string(b) != "not machine code" {
			t.Errorf("%s changed: %q, %v", p, b, err)
		}
	}
}

// canSwitchUser returns the path of setpriv, or skips the test where it
// cannot run another user's process (fails it in CI).
func canSwitchUser(t *testing.T) string {
	t.Helper()
	setpriv, err := exec.LookPath("setpriv")
	var why string
	switch {
	case os.Geteuid() != 0:
		why = "only root can run a command as another user"
	case err != nil:
		why = "setpriv (util-linux) is not installed"
	default:
		return setpriv
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: CI must run this test as root on Linux", why)
	}
	t.Skipf("%s: skipping the test of two users", why)
	return ""
}

// copyTestBinary copies this test binary, which is memoria when
// MEMORIA_RUN_MAIN=1, where every user can run it.
func copyTestBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := sharedDir(t)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "memoria")
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return bin
}

// sharedDir makes a directory every user may write to, as /tmp (mode
// 1777), and removes it at the end of the test.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "memoria-two-users-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	return dir
}

// asUser runs memoria as uid, with tmpdir as TMPDIR and env added, and
// fails the test unless it succeeds.
func asUser(t *testing.T, setpriv, bin string, uid int, tmpdir string, env []string, args ...string) {
	t.Helper()
	var cmd *exec.Cmd
	if uid == 0 {
		cmd = exec.Command(bin, args...)
	} else {
		u := strconv.Itoa(uid)
		cmd = exec.Command(setpriv, append([]string{"--reuid=" + u, "--regid=" + u, "--clear-groups", bin}, args...)...)
	}
	cmd.Dir = tmpdir
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "TMPDIR" && k != "HOME" && k != "XDG_CACHE_HOME" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "MEMORIA_RUN_MAIN=1", "TMPDIR="+tmpdir), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("memoria %s as user %d: %v\n%s", strings.Join(args, " "), uid, err, out.String())
	}
}

func chownAll(t *testing.T, dir string, uid int) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, uid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// listing is every path under dir with its size and mode.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out = append(out, p+" "+fi.Mode().String()+" "+strconv.FormatInt(fi.Size(), 10))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
