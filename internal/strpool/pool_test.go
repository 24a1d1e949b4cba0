package strpool

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestInternSharesEqualStrings(t *testing.T) {
	long := strings.Repeat("ы", blockSize/16)
	tests := []struct {
		name string
		a, b string
		same bool // one copy for both
	}{
		{"equal ids", "person/nikolai-yezhov", string([]byte("person/nikolai-yezhov")), true},
		{"different ids", "person/nikolai-yezhov", "person/lavrentiy-beria", false},
		{"prefix of another", "group/nkvd", "group/nkvd-troika", false},
		{"cyrillic", "Ежов", string([]byte("Ежов")), true},
		{"longer than a block should hold", long, string([]byte(long)), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Pool
			a, b := p.Intern(tc.a), p.Intern(tc.b)
			if a != tc.a || b != tc.b {
				t.Fatalf("Intern changed the text: got %q, %q; want %q, %q", a, b, tc.a, tc.b)
			}
			if got := unsafe.StringData(a) == unsafe.StringData(b); got != tc.same {
				t.Errorf("one copy for both = %v, want %v", got, tc.same)
			}
			wantLen := 2
			if tc.same {
				wantLen = 1
			}
			if p.Remembered() != wantLen {
				t.Errorf("Remembered = %d, want %d", p.Remembered(), wantLen)
			}
		})
	}
}

func TestInternEmptyTakesNoRoom(t *testing.T) {
	var p Pool
	if got := p.Intern(""); got != "" {
		t.Fatalf("Intern(\"\") = %q", got)
	}
	if p.Remembered() != 0 {
		t.Errorf("Remembered = %d after the empty string, want 0", p.Remembered())
	}
}

// The strings cut from a block must keep their text while later strings
// fill it and the blocks after it.
func TestInternKeepsEarlierStringsAcrossBlocks(t *testing.T) {
	var p Pool
	const n = 20000 // about five blocks of 30-byte strings
	want := make([]string, n)
	got := make([]string, n)
	for i := range n {
		want[i] = "person/registry-" + strconv.Itoa(i) + "-" + strings.Repeat("x", i%13)
		got[i] = p.Intern(want[i])
	}
	breaks := 0 // strings that do not start where the one before ended
	for i := range n {
		if got[i] != want[i] {
			t.Fatalf("string %d = %q, want %q", i, got[i], want[i])
		}
		if i > 0 && unsafe.Pointer(unsafe.StringData(got[i])) != unsafe.Add(unsafe.Pointer(unsafe.StringData(got[i-1])), len(got[i-1])) {
			breaks++
		}
	}
	// Packed, strings lie end to end and only a new block breaks the run.
	if maxBreaks := n * 40 / blockSize; breaks > maxBreaks {
		t.Errorf("%d of %d strings do not follow the one before; packed into blocks, at most %d would not", breaks, n, maxBreaks)
	}
	if p.Remembered() != n {
		t.Errorf("Remembered = %d, want %d", p.Remembered(), n)
	}
}

// The pool remembers a bounded number of strings: past the window it
// forgets, so memory and lookups stay small, and every string still comes
// back equal to what was given.
func TestInternForgetsPastTheWindow(t *testing.T) {
	var p Pool
	first := p.Intern("source/synthetic-registry")
	for i := range window {
		s := "person/p" + strconv.Itoa(i)
		if got := p.Intern(s); got != s {
			t.Fatalf("Intern(%q) = %q", s, got)
		}
		if p.Remembered() > window {
			t.Fatalf("remembers %d strings, more than the window of %d", p.Remembered(), window)
		}
	}
	again := p.Intern("source/synthetic-registry")
	if again != first {
		t.Fatalf("Intern gave %q, want %q", again, first)
	}
	if unsafe.StringData(again) == unsafe.StringData(first) {
		t.Error("a string last seen more than a window ago is still shared; the pool remembers without bound")
	}
	if p.Remembered() > window {
		t.Errorf("remembers %d strings, more than the window of %d", p.Remembered(), window)
	}
}

func TestInternDoesNotAliasItsArgument(t *testing.T) {
	var p Pool
	buf := []byte("place/butovo")
	s := p.Intern(string(buf))
	// A caller's bytes changing afterwards must not reach the pool.
	copy(buf, "XXXXXXXXXXXX")
	if s != "place/butovo" {
		t.Errorf("interned string became %q", s)
	}
	if again := p.Intern("place/butovo"); unsafe.StringData(again) != unsafe.StringData(s) {
		t.Error("a second Intern of the same text gave a new copy")
	}
}

func BenchmarkIntern(b *testing.B) {
	ids := make([]string, 1<<16)
	for i := range ids {
		ids[i] = "person/registry-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	var p Pool
	for i := 0; b.Loop(); i++ {
		p.Intern(ids[i&(len(ids)-1)])
	}
}

func TestCopyPacksWithoutRemembering(t *testing.T) {
	var p Pool
	a := p.Copy("Ежов")
	b := p.Copy("Ежов")
	if a != "Ежов" || b != "Ежов" {
		t.Fatalf("Copy gave %q and %q", a, b)
	}
	if unsafe.StringData(a) == unsafe.StringData(b) {
		t.Error("two copies share memory: Copy looked for an equal string")
	}
	if unsafe.Pointer(unsafe.StringData(b)) != unsafe.Add(unsafe.Pointer(unsafe.StringData(a)), len(a)) {
		t.Error("the second copy does not follow the first in the block")
	}
	if p.Remembered() != 0 {
		t.Errorf("Remembered = %d after Copy only, want 0", p.Remembered())
	}
	if p.Copy("") != "" {
		t.Error("Copy of the empty string is not empty")
	}
}
