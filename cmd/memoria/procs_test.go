package main

import (
	"bytes"
	"log/slog"
	"runtime"
	"testing"
)

func TestServeProcs(t *testing.T) {
	cases := []struct {
		name    string
		runtime int
		want    int
	}{
		{"one CPU", 1, minServeProcs},
		{"two CPUs, as measured", 2, minServeProcs},
		{"as many as the floor", minServeProcs, minServeProcs},
		{"a large machine is left alone", 32, 32},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := serveProcs(tc.runtime); got != tc.want {
				t.Errorf("serveProcs(%d) = %d, want %d", tc.runtime, got, tc.want)
			}
		})
	}
}

// TestTuneProcs raises GOMAXPROCS and says so, unless the environment
// sets it.
func TestTuneProcs(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(before) })
	cases := []struct {
		name string
		env  string
		want int
	}{
		{"GOMAXPROCS set: it rules", "1", 1},
		{"not set: raised", "", minServeProcs},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GOMAXPROCS(1)
			var logs bytes.Buffer
			getenv := func(k string) string {
				if k == "GOMAXPROCS" {
					return tc.env
				}
				return ""
			}
			tuneProcs(env{getenv: getenv}, slog.New(slog.NewTextHandler(&logs, nil)))
			if got := runtime.GOMAXPROCS(0); got != tc.want {
				t.Errorf("GOMAXPROCS = %d, want %d", got, tc.want)
			}
			if said := bytes.Contains(logs.Bytes(), []byte("gomaxprocs=")); said != (tc.env == "") {
				t.Errorf("logged %q; want a line only when raised", logs.String())
			}
		})
	}
}
