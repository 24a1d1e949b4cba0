//go:build unix

package cachedir

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestMain gives the tests the TMPDIR the process started with, as render
// does for a program, after noting the one init chose.
func TestMain(m *testing.M) {
	chosen = os.Getenv("TMPDIR")
	Restore()
	os.Exit(m.Run())
}

// chosen is the TMPDIR that init set for go-graphviz.
var chosen string

func TestInitChoosesAndRestoreGivesBack(t *testing.T) {
	if want := dir(); chosen != want {
		t.Errorf("init set TMPDIR to %q, want %q", chosen, want)
	}
	got, set := os.LookupEnv("TMPDIR")
	if got != saved.value || set != saved.set {
		t.Errorf("after Restore, TMPDIR is %q (set %v), want %q (set %v)", got, set, saved.value, saved.set)
	}
}

func TestPrivate(t *testing.T) {
	base := t.TempDir()
	mk := func(name string, mode os.FileMode) string {
		p := filepath.Join(base, name)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	own := mk("own", 0o700)
	readable := mk("readable", 0o755)
	open := mk("open", 0o777)
	link := filepath.Join(base, "link")
	if err := os.Symlink(own, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	openParent := mk("open-parent", 0o777)
	stickyParent := mk("sticky-parent", 0o777|os.ModeSticky)

	tests := []struct {
		dir string
		ok  bool
	}{
		{own, true},
		{readable, true},
		{filepath.Join(base, "new", "deeper"), true},
		{filepath.Join(stickyParent, "mine"), true},
		{open, false},
		{link, false},
		{file, false},
		{filepath.Join(file, "under"), false},
		{filepath.Join(openParent, "mine"), false},
		{"relative", false},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			err := private(tt.dir)
			if (err == nil) != tt.ok {
				t.Fatalf("private(%s) = %v, want ok %v", tt.dir, err, tt.ok)
			}
			if !tt.ok {
				return
			}
			if fi, err := os.Stat(tt.dir); err != nil || !fi.IsDir() {
				t.Errorf("%s is not a directory: %v", tt.dir, err)
			}
		})
	}
	t.Run("made private", func(t *testing.T) {
		fi, err := os.Stat(filepath.Join(base, "new", "deeper"))
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("a new cache directory has mode %v, want no access for others", perm)
		}
	})
	t.Run("another user's", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("only root can give a directory to another user")
		}
		theirs := mk("theirs", 0o700)
		if err := os.Chown(theirs, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if err := private(theirs); err == nil {
			t.Error("another user's directory was taken as private")
		}
	})
}

func TestDirFallsBackToTMPDIRThenToNone(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	want := filepath.Join(tmp, "memoria-"+strconv.Itoa(os.Geteuid()))
	if got := dir(); got != want {
		t.Errorf("without a home, dir() = %q, want %q", got, want)
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got, want := dir(), filepath.Join(cache, "memoria"); got != want {
		t.Errorf("with a cache home, dir() = %q, want %q", got, want)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	if err := os.Chmod(want, 0o777); err != nil {
		t.Fatal(err)
	}
	if got := dir(); got != noCache {
		t.Errorf("with a TMPDIR/memoria-UID that others can write to, dir() = %q, want %q", got, noCache)
	}
	if err := os.Mkdir(filepath.Join(noCache, "go-graphviz"), 0o755); err == nil {
		t.Errorf("%s/go-graphviz could be made", noCache)
	}
}
