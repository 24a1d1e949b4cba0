//go:build unix

package server_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock reads the CPU time the process has used, on every thread, in
// user and system mode: what a request costs the machine, which other
// programs on a shared machine disturb far less than they disturb wall
// time.
type cpuClock struct{ start time.Duration }

func startCPUClock() cpuClock { return cpuClock{start: processCPU()} }

// report adds the CPU time per operation since the clock started.
func (c cpuClock) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(processCPU()-c.start)/float64(b.N), "cpu-ns/op")
	}
}

func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
