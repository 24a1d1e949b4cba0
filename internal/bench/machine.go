package bench

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strings"
)

// Machine says what a benchmark ran on, for a report that others can
// compare with their own.
type Machine struct {
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	CPU        string `json:"cpu"` // the model, from /proc/cpuinfo; "unknown" elsewhere
	GoVersion  string `json:"go_version"`
}

// ReadMachine describes the machine the process runs on.
func ReadMachine() Machine {
	m := Machine{
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPUs:       runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		CPU:        "unknown",
		GoVersion:  runtime.Version(),
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		if model := cpuModel(f); model != "" {
			m.CPU = model
		}
	}
	return m
}

// cpuModel returns the processor's name from /proc/cpuinfo: "model name"
// on x86, "Model" or "Hardware" on some ARM boards, the first found.
func cpuModel(r io.Reader) string {
	found := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if ok && value != "" && found[key] == "" {
			found[key] = value
		}
	}
	for _, key := range []string{"model name", "Model", "Hardware", "cpu model", "cpu"} {
		if v := found[key]; v != "" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}
