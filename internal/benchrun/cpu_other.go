//go:build !unix

package benchrun

import "time"

// processCPU is not read where getrusage is not: the report leaves the
// CPU figures out.
func processCPU() time.Duration { return 0 }
