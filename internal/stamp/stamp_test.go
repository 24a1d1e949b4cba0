package stamp

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestNext(t *testing.T) {
	tests := []struct {
		name      string
		gen       uint32
		want      uint32
		wantMarks []uint32
	}{
		{"first pass", 0, 1, []uint32{7, 0, math.MaxUint32}},
		{"a later pass keeps the marks", 41, 42, []uint32{7, 0, math.MaxUint32}},
		{"the counter wraps and clears the marks", math.MaxUint32, 1, []uint32{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			marks := []uint32{7, 0, math.MaxUint32}
			gen := tt.gen
			if got := Next(&gen, marks); got != tt.want || gen != tt.want {
				t.Errorf("Next = %d (gen %d), want %d", got, gen, tt.want)
			}
			if !slices.Equal(marks, tt.wantMarks) {
				t.Errorf("marks = %v, want %v", marks, tt.wantMarks)
			}
		})
	}
}

func TestNextClearsEveryArray(t *testing.T) {
	a, b := []uint64{1 << 40, 5}, []uint64{math.MaxUint64}
	gen := uint32(math.MaxUint32)
	Next(&gen, a, b)
	if !slices.Equal(a, []uint64{0, 0}) || !slices.Equal(b, []uint64{0}) {
		t.Errorf("after a wrap: %v %v, want every mark cleared", a, b)
	}
}

func ExampleNext() {
	var gen uint32
	seen := make([]uint32, 4)
	g := Next(&gen, seen)
	seen[2] = g // mark node 2 in this pass
	fmt.Println("marked in the first pass:", seen[2] == g)
	g = Next(&gen, seen)
	fmt.Println("marked in the second pass:", seen[2] == g)
	// Output:
	// marked in the first pass: true
	// marked in the second pass: false
}
