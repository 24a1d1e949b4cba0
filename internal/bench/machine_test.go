package bench

import (
	"strings"
	"testing"
)

func TestCPUModel(t *testing.T) {
	tests := []struct {
		name, cpuinfo, want string
	}{
		{"x86", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz\n", "Intel(R) Xeon(R) CPU @ 2.20GHz"},
		{"arm board", "processor\t: 0\nBogoMIPS\t: 108.00\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n", "Raspberry Pi 4 Model B Rev 1.4"},
		{"arm without a model", "processor\t: 0\nHardware\t: BCM2835\n", "BCM2835"},
		{"nothing known", "processor\t: 0\nflags\t: fpu\n", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cpuModel(strings.NewReader(tt.cpuinfo)); got != tt.want {
				t.Errorf("cpuModel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadMachine(t *testing.T) {
	m := ReadMachine()
	if m.OS == "" || m.Arch == "" || m.CPUs < 1 || m.GOMAXPROCS < 1 || m.CPU == "" || !strings.HasPrefix(m.GoVersion, "go") {
		t.Errorf("ReadMachine() = %+v: want every field filled", m)
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name, status string
		want         Memory
		wantErr      bool
	}{
		{"linux", "Name:\tmemoria\nVmPeak:\t  900000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nThreads:\t8\n", Memory{RSS: 1 << 20, Peak: 2 << 20}, false},
		{"linux, with its parts", "VmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nRssAnon:\t     768 kB\nRssFile:\t     256 kB\n", Memory{RSS: 1 << 20, Peak: 2 << 20, Anon: 768 << 10}, false},
		{"no peak", "VmRSS:\t    1024 kB\n", Memory{}, true},
		{"not in kB", "VmHWM:\t 2 MB\nVmRSS:\t 1 MB\n", Memory{}, true},
		{"not a number", "VmHWM:\t x kB\nVmRSS:\t 1 kB\n", Memory{}, true},
		{"empty", "", Memory{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatus(strings.NewReader(tt.status))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseStatus = %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestReadMemory(t *testing.T) {
	if _, err := ReadMemory(); err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if err := ResetPeak(); err != nil {
		t.Logf("ResetPeak: %v (old kernels and some sandboxes refuse it)", err)
	}
	m, err := ReadMemory()
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS <= 0 || m.Peak < m.RSS {
		t.Errorf("ReadMemory() = %+v: want a resident size and a peak at least as large", m)
	}
}
