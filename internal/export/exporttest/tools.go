package exporttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Need returns the path of an external tool, or skips the test when it is
// missing (fails it in CI).
func Need(tb testing.TB, tool string) string {
	tb.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		missing(tb, "%s is not installed", tool)
	}
	return path
}

func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s: CI must run this check (.ci/run installs the readers)", msg)
	}
	tb.Skipf("%s: skipping this check; .ci/run shows how to install the readers", msg)
}

// testdata is internal/export/testdata, found from this file's place so
// that tests of any package can use it.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

func run(tb testing.TB, name string, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, trim(stderr.String()))
	}
	return stdout.Bytes()
}

func trim(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

// python runs a script of testdata/python with Debian's Python, which has
// NetworkX and rdflib (the python3 first on PATH may be another), and
// returns what it printed.
func python(tb testing.TB, script string, args ...string) []byte {
	tb.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		missing(tb, "%s is not installed", py)
	}
	if module := map[string]string{"networkx_check.py": "networkx", "rdf_check.py": "rdflib"}[script]; module != "" {
		if err := exec.Command(py, "-c", "import "+module).Run(); err != nil {
			missing(tb, "the Python module %s is not installed (Debian: python3-%s)", module, module)
		}
	}
	return run(tb, py, append([]string{filepath.Join(testdata(), "python", script)}, args...)...)
}

func networkx(tb testing.TB, format, file string) found {
	tb.Helper()
	return decode(tb, python(tb, "networkx_check.py", format, file))
}

// javascript loads a JSON export with Cytoscape.js or graphology.
func javascript(tb testing.TB, format, file string) found {
	tb.Helper()
	node := Need(tb, "node")
	dir := filepath.Join(testdata(), "js")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "cytoscape")); err != nil {
		missing(tb, "the JavaScript readers are not installed (run npm ci in %s)", dir)
	}
	return decode(tb, run(tb, node, filepath.Join(dir, "check.mjs"), format, file))
}
