package main

import "testing"

func TestGCPercent(t *testing.T) {
	cases := []struct {
		name string
		live uint64
		want int
	}{
		{"nothing live yet", 0, 800},
		{"the seed: capped", 20 << 20, 800},
		{"a quarter of the headroom", gcHeadroom / 4, 400},
		{"as large as the headroom: Go's default", gcHeadroom, 100},
		{"twice the headroom: half the default", 2 * gcHeadroom, 50},
		{"four times the headroom", 4 * gcHeadroom, 25},
		{"larger still: never below 25", 10 * gcHeadroom, 25},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := gcPercent(tc.live); got != tc.want {
				t.Errorf("gcPercent(%d) = %d, want %d", tc.live, got, tc.want)
			}
		})
	}
}
