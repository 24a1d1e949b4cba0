package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Memory is how much memory the process holds, in bytes.
type Memory struct {
	RSS  int64 // resident now (VmRSS)
	Peak int64 // the most resident since start or the last ResetPeak (VmHWM)
	// Anon is the part of RSS that is the process's own memory (RssAnon):
	// the rest is mostly files mapped, such as a bolt store's pages,
	// which the system may drop. 0 where Linux does not say.
	Anon int64
}

// ReadMemory reads the process's resident memory from /proc/self/status.
// It fails where there is no such file (other systems than Linux); a
// report then says "unknown".
func ReadMemory() (Memory, error) { return readStatus("self") }

// ReadMemoryOf reads the resident memory of the process pid, such as a
// server the benchmark started, as ReadMemory reads its own.
func ReadMemoryOf(pid int) (Memory, error) { return readStatus(strconv.Itoa(pid)) }

func readStatus(proc string) (Memory, error) {
	f, err := os.Open("/proc/" + proc + "/status")
	if err != nil {
		return Memory{}, fmt.Errorf("read memory use: %w", err)
	}
	defer f.Close()
	return parseStatus(f)
}

// ResetPeak starts a new peak: Linux resets VmHWM to the current RSS when
// "5" is written to /proc/self/clear_refs, so that each phase of a
// benchmark reports its own peak rather than the largest so far.
func ResetPeak() error { return resetPeak("self") }

// ResetPeakOf starts a new peak for the process pid, which must be this
// user's.
func ResetPeakOf(pid int) error { return resetPeak(strconv.Itoa(pid)) }

func resetPeak(proc string) error {
	if err := os.WriteFile("/proc/"+proc+"/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset the peak of memory use: %w", err)
	}
	return nil
}

// parseStatus reads VmRSS and VmHWM from a /proc/PID/status file.
func parseStatus(r io.Reader) (Memory, error) {
	var m Memory
	found := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		var dst *int64
		switch {
		case !ok:
			continue
		case key == "VmRSS":
			dst = &m.RSS
		case key == "VmHWM":
			dst = &m.Peak
		case key == "RssAnon":
			if n, err := kibibytes(value); err == nil {
				m.Anon = n
			}
			continue
		default:
			continue
		}
		n, err := kibibytes(value)
		if err != nil {
			return Memory{}, fmt.Errorf("read memory use: %s: %w", key, err)
		}
		*dst = n
		found++
	}
	if err := sc.Err(); err != nil {
		return Memory{}, fmt.Errorf("read memory use: %w", err)
	}
	if found < 2 {
		return Memory{}, errors.New("read memory use: no VmRSS and VmHWM in the status file")
	}
	return m, nil
}

// kibibytes parses a status value such as "  123456 kB" into bytes.
func kibibytes(s string) (int64, error) {
	f := strings.Fields(s)
	if len(f) != 2 || f[1] != "kB" {
		return 0, fmt.Errorf("%q is not a size in kB", strings.TrimSpace(s))
	}
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size in kB", strings.TrimSpace(s))
	}
	return n << 10, nil
}
