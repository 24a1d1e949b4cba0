package store

import (
	"testing"
	"unsafe"
)

func TestSlabTake(t *testing.T) {
	tests := []struct {
		name    string
		sizes   []int
		sameArr bool // the lists after the first share its array
	}{
		{"none", []int{0}, false},
		{"short lists share an array", []int{1, 3, 2}, true},
		{"a long list gets its own", []int{slabSize/4 + 1, 1}, false},
		{"a full array starts another", []int{slabSize - 1, 2}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s slab[int]
			var lists [][]int
			for _, n := range tc.sizes {
				l := s.take(n)
				if len(l) != n || cap(l) != n {
					t.Fatalf("take(%d): len %d, cap %d; want both %d", n, len(l), cap(l), n)
				}
				if n == 0 && l != nil {
					t.Fatalf("take(0) = %v, want nil", l)
				}
				for i := range l {
					l[i] = n*100 + i
				}
				lists = append(lists, l)
			}
			// Filling one list must leave the others as they were.
			for k, l := range lists {
				for i, v := range l {
					if want := tc.sizes[k]*100 + i; v != want {
						t.Fatalf("list %d [%d] = %d, want %d", k, i, v, want)
					}
				}
			}
			shared := true
			for k := 1; k < len(lists); k++ {
				prev := lists[k-1]
				end := unsafe.Add(unsafe.Pointer(unsafe.SliceData(prev)), len(prev)*int(unsafe.Sizeof(0)))
				shared = shared && end == unsafe.Pointer(unsafe.SliceData(lists[k]))
			}
			if len(lists) > 1 && shared != tc.sameArr {
				t.Errorf("lists cut end to end from one array = %v, want %v", shared, tc.sameArr)
			}
		})
	}
}

func TestSlabOneCopies(t *testing.T) {
	var s slab[string]
	p, q := s.one("1937"), s.one("1938")
	if *p != "1937" || *q != "1938" {
		t.Errorf("one gave %q and %q, want 1937 and 1938", *p, *q)
	}
	if p == q {
		t.Error("two values share one slot")
	}
}

func TestSlabAppendDoesNotOverwrite(t *testing.T) {
	var s slab[int]
	a := s.copyOf([]int{1, 2})
	b := s.copyOf([]int{3, 4})
	a = append(a, 99)
	if b[0] != 3 || b[1] != 4 {
		t.Errorf("appending to one list changed the next: %v", b)
	}
	if a[2] != 99 {
		t.Errorf("append lost its value: %v", a)
	}
}
