//go:build !linux

package readmodel

import "time"

// threadCPU is not measured here.
func threadCPU() time.Duration { return 0 }
