//go:build !unix

package server_test

import (
	"testing"
	"time"
)

// cpuClock reports nothing where the process's CPU time is not read.
type cpuClock struct{}

func startCPUClock() cpuClock { return cpuClock{} }

func (cpuClock) report(*testing.B) {}

func processCPU() time.Duration { return 0 }
