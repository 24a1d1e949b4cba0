package main

import (
	"errors"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, tt := range []struct {
		flag string
		want int64
		set  bool
	}{
		{"512MiB", 512 << 20, true},
		{"4GiB", 4 << 30, true},
		{"1TiB", 1 << 40, true},
		{"123456789", 123456789, true},
		{"1000B", 1000, true},
		{"off", 0, false},
		{"0", 0, false},
	} {
		got, set, err := memoryLimit(tt.flag, noEnv)
		if err != nil || got != tt.want || set != tt.set {
			t.Errorf("--memory-limit %s: %d, %v, %v; want %d, %v", tt.flag, got, set, err, tt.want, tt.set)
		}
	}
	for _, bad := range []string{"4GB", "-1GiB", "lots", "0%", "101%", "GiB"} {
		if _, _, err := memoryLimit(bad, noEnv); !errors.Is(err, errUsage) {
			t.Errorf("--memory-limit %s: %v, want a usage error", bad, err)
		}
	}
	if mem := machineMemory(); mem > 0 {
		got, set, err := memoryLimit("", noEnv)
		if err != nil || !set || got <= 0 || got >= mem {
			t.Errorf("the default: %d, %v, %v; want a share of %d", got, set, err, mem)
		}
		if half, _, err := memoryLimit("50%", noEnv); err != nil || half < mem/2-1 || half > mem/2+1 {
			t.Errorf("50%%: %d, %v; want %d", half, err, mem/2)
		}
	}
	// GOMEMLIMIT, when set, rules: serve leaves it to the runtime.
	if _, set, err := memoryLimit("", func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] }); err != nil || set {
		t.Errorf("with GOMEMLIMIT: set %v, %v; want the runtime's", set, err)
	}
}
