package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultMemoryShare is the share of the machine's memory serve keeps
// under when neither --memory-limit nor GOMEMLIMIT says otherwise: room
// for the page cache of the store and for whatever else runs there.
const defaultMemoryShare = 0.70

// memoryLimit reads --memory-limit: a size as GOMEMLIMIT writes it
// (512MiB, 4GiB, or bytes), a share of the machine's memory (70%), or off
// (0). Empty is GOMEMLIMIT when it is set, else defaultMemoryShare of the
// machine's memory, or of its cgroup's limit when that is lower; where
// neither is known, none. It returns the limit in bytes, 0 for none, and
// whether the runtime is still to be told (GOMEMLIMIT has told it).
func memoryLimit(flag string, getenv func(string) string) (limit int64, set bool, err error) {
	switch flag = strings.TrimSpace(flag); {
	case flag == "" && getenv("GOMEMLIMIT") != "":
		if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
			return l, false, nil
		}
		return 0, false, nil
	case flag == "":
		return int64(defaultMemoryShare * float64(machineMemory())), true, nil
	case flag == "off" || flag == "0":
		return 0, false, nil
	case strings.HasSuffix(flag, "%"):
		pct, err := strconv.ParseFloat(strings.TrimSuffix(flag, "%"), 64)
		if err != nil || pct <= 0 || pct > 100 {
			return 0, false, fmt.Errorf("%w: --memory-limit %q: a share is between 0%% and 100%%", errUsage, flag)
		}
		mem := machineMemory()
		if mem == 0 {
			return 0, false, fmt.Errorf("%w: --memory-limit %q: the machine's memory is not known here; give a size, such as 4GiB", errUsage, flag)
		}
		return int64(pct / 100 * float64(mem)), true, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}, {"", 0}}
	for _, u := range units {
		num, ok := strings.CutSuffix(flag, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n <= 0 || n > math.MaxInt64>>u.shift {
			break
		}
		return n << u.shift, true, nil
	}
	return 0, false, fmt.Errorf("%w: --memory-limit %q: give a size (512MiB, 4GiB), a share (70%%) or off", errUsage, flag)
}

// machineMemory is the memory this process may use at most: the lower of
// the machine's and its cgroup's limit, as Linux tells them; 0 where they
// are not known.
func machineMemory() int64 {
	total := int64(0)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			// MemTotal:       24555148 kB
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					total = kb << 10
				}
			}
		}
	}
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// "max", or a value near 2^63 in cgroup v1, means no limit.
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}
