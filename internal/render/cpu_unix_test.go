//go:build unix

package render

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used on every thread, in
// user and system mode: what a picture costs the machine, which other
// programs on a shared machine disturb far less than its wall time.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
