package cow

import (
	"math/rand/v2"
	"testing"
)

// TestMapEditsLeaveTheOriginal checks a Map against a Go map through
// random batches of edits, and that every earlier value still reads as it
// did when it was made.
func TestMapEditsLeaveTheOriginal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	type snap struct {
		m    Map[int32, int]
		want map[int32]int
	}
	m := NewMap[int32, int](HashInt32)
	want := map[int32]int{}
	var snaps []snap
	for range 300 {
		e := m.Edit()
		for range 1 + r.IntN(40) {
			k := int32(r.IntN(5000))
			if r.IntN(4) == 0 {
				e.Delete(k)
				delete(want, k)
				continue
			}
			v := r.Int()
			e.Set(k, v)
			want[k] = v
		}
		m = e.Done()
		cp := make(map[int32]int, len(want))
		for k, v := range want {
			cp[k] = v
		}
		snaps = append(snaps, snap{m, cp})
	}
	for i, s := range snaps {
		if s.m.Len() != len(s.want) {
			t.Fatalf("snapshot %d: Len = %d, want %d", i, s.m.Len(), len(s.want))
		}
		for k := range int32(5000) {
			got, ok := s.m.Get(k)
			w, wok := s.want[k]
			if ok != wok || got != w {
				t.Fatalf("snapshot %d: Get(%d) = %d, %v; want %d, %v", i, k, got, ok, w, wok)
			}
		}
		n := 0
		s.m.All(func(int32, int) bool { n++; return true })
		if n != len(s.want) {
			t.Fatalf("snapshot %d: All visited %d keys, want %d", i, n, len(s.want))
		}
	}
}

func TestBitsEditsLeaveTheOriginal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var b Bits
	want := map[int32]bool{}
	type snap struct {
		b    Bits
		want map[int32]bool
	}
	var snaps []snap
	for range 100 {
		e := b.Edit()
		for range 1 + r.IntN(30) {
			i := int32(r.IntN(200_000))
			if r.IntN(3) == 0 {
				e.Clear(i)
				delete(want, i)
			} else {
				e.Set(i)
				want[i] = true
			}
		}
		b = e.Done()
		cp := map[int32]bool{}
		for k := range want {
			cp[k] = true
		}
		snaps = append(snaps, snap{b, cp})
	}
	for i, s := range snaps {
		for k := int32(0); k < 210_000; k++ {
			if s.b.Has(k) != s.want[k] {
				t.Fatalf("snapshot %d: Has(%d) = %v, want %v", i, k, s.b.Has(k), s.want[k])
			}
		}
	}
	if (Bits{}).Has(5) || !(Bits{}).Empty() {
		t.Error("the zero Bits is not empty")
	}
}

func TestVecEditsLeaveTheOriginal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var v Vec[int]
	var want []int
	type snap struct {
		v    Vec[int]
		want []int
	}
	var snaps []snap
	for range 200 {
		e := v.Edit()
		for range 1 + r.IntN(20) {
			if len(want) > 0 && r.IntN(3) == 0 {
				i, x := r.IntN(len(want)), r.Int()
				e.Set(i, x)
				want[i] = x
				continue
			}
			x := r.Int()
			if i := e.Append(x); i != len(want) {
				t.Fatalf("Append returned %d, want %d", i, len(want))
			}
			want = append(want, x)
		}
		v = e.Done()
		snaps = append(snaps, snap{v, append([]int(nil), want...)})
	}
	// Two edits from one value do not see each other.
	a, b := v.Edit(), v.Edit()
	a.Append(1)
	b.Append(2)
	if va, vb := a.Done(), b.Done(); va.At(va.Len()-1) != 1 || vb.At(vb.Len()-1) != 2 {
		t.Error("two edits of one Vec share their appended element")
	}
	for i, s := range snaps {
		if s.v.Len() != len(s.want) {
			t.Fatalf("snapshot %d: Len = %d, want %d", i, s.v.Len(), len(s.want))
		}
		for j, w := range s.want {
			if s.v.At(j) != w || *s.v.Ref(j) != w {
				t.Fatalf("snapshot %d: At(%d) = %d, want %d", i, j, s.v.At(j), w)
			}
		}
	}
}
