package browsertest

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/webui"
)

// TestRealClients starts one server and has each client use it.
func TestRealClients(t *testing.T) {
	base := startMemoria(t)
	t.Run("console in chromium", func(t *testing.T) { testConsole(t, base) })
	t.Run("explorer in chromium", func(t *testing.T) { testExplorer(t, base) })
	t.Run("graphql-js introspection", func(t *testing.T) { testGraphQLJS(t, base) })
	t.Run("graphql-core introspection", func(t *testing.T) { testGraphQLCore(t, base) })
}

// pageReport is what page.mjs saw of a page, in every script's report.
type pageReport struct {
	Foreign       []string // requests to another host, refused
	ConsoleErrors []string // errors the page logged, CSP violations among them
	PageErrors    []string // uncaught exceptions
	CSPViolations []string // what the Content-Security-Policy refused
}

// check fails the test for each thing a page must not do.
func (r pageReport) check(t *testing.T, page string) {
	t.Helper()
	if len(r.Foreign) > 0 {
		t.Errorf("the %s asked another host than the server for %v", page, r.Foreign)
	}
	if len(r.CSPViolations) > 0 {
		t.Errorf("the Content-Security-Policy refused %q", r.CSPViolations)
	}
	if len(r.ConsoleErrors) > 0 || len(r.PageErrors) > 0 {
		t.Errorf("the page logged errors %q and threw %q", r.ConsoleErrors, r.PageErrors)
	}
}

// consoleReport is what console.mjs prints.
type consoleReport struct {
	pageReport
	Steps map[string]struct {
		OK                       bool
		Error                    string
		MS                       int
		LoadMS, EditorMS, IdleMS int
		Tabs                     []string
		Result, Text             string
	}
}

// drive runs a script that drives chromium through a page and decodes
// its report into v; the screenshots go to artifacts.
func drive(t *testing.T, v any, script, base string) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	need(t, "chromium (apt-get install chromium)", err == nil)
	shots := artifacts(t)
	runNode(t, v, script, base, chromium, t.TempDir(), shots)
	t.Logf("screenshots in %s", shots)
}

func testConsole(t *testing.T, base string) {
	var r consoleReport
	drive(t, &r, "console.mjs", base)
	r.check(t, "console")
	for _, name := range []string{"open", "run", "docs"} {
		if s := r.Steps[name]; !s.OK {
			t.Errorf("step %s failed: %s", name, s.Error)
		}
	}
	open := r.Steps["open"]
	t.Logf("console: load event after %d ms, editor after %d ms, all requests done after %d ms", open.LoadMS, open.EditorMS, open.IdleMS)
	var want []string
	for _, ex := range webui.Examples() {
		want = append(want, regexp.MustCompile(`(?m)^query (\w+)`).FindStringSubmatch(ex.Query)[1])
	}
	if !slices.Equal(open.Tabs, want) {
		t.Errorf("tabs %q, want the examples' operations %q", open.Tabs, want)
	}
	if strings.Trim(open.Result, " \n\u200b") != "" {
		t.Errorf("the result pane is not empty when the console opens:\n%s", open.Result)
	}
	if run := r.Steps["run"].Result; !strings.Contains(run, `"data"`) || strings.Contains(run, `"errors"`) {
		t.Errorf("the first example answered:\n%s", run)
	}
	docs := r.Steps["docs"].Text
	for _, field := range []string{"path", "timeline", "neighborhood", "search", "claims"} {
		if !strings.Contains(docs, field) {
			t.Errorf("the Docs panel lacks Query.%s:\n%s", field, docs)
		}
	}
}

// contractFile is the schema the server must describe: the writable one,
// since the server the tests start serves a store it may write.
func contractFile(tb testing.TB) string {
	tb.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "..", "schema", "writable.graphql"))
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

func testGraphQLJS(t *testing.T, base string) {
	var r struct {
		Status           int
		Errors           []any
		BuildError       string
		Client, Contract string
	}
	runNode(t, &r, "introspect.mjs", base+"/graphql", contractFile(t))
	if r.Status != 200 || len(r.Errors) > 0 || r.BuildError != "" {
		t.Fatalf("status %d, errors %v, buildClientSchema: %s", r.Status, r.Errors, r.BuildError)
	}
	if r.Client != r.Contract {
		t.Errorf("the schema graphql-js builds from introspection differs from schema/writable.graphql:\n%s", firstLineApart(r.Contract, r.Client))
	}
}

func testGraphQLCore(t *testing.T, base string) {
	var pythons []string
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(p)
		if err != nil || slices.Contains(pythons, path) {
			continue
		}
		if exec.Command(path, "-c", "import graphql").Run() == nil {
			pythons = append(pythons, path)
		}
	}
	need(t, "a python3 with graphql-core (apt-get install python3-graphql-core)", len(pythons) > 0)
	for _, python := range pythons {
		var r struct {
			Version    string
			Status     int
			Errors     []any
			Built      bool
			BuildError string
			Equal      bool
			Differ     []string
		}
		run(t, &r, python, "introspect.py", base+"/graphql", contractFile(t))
		t.Logf("%s: graphql-core %s", python, r.Version)
		if r.Status != 200 || len(r.Errors) > 0 || !r.Built {
			t.Errorf("graphql-core %s: status %d, errors %v, build_client_schema: %s", r.Version, r.Status, r.Errors, r.BuildError)
		}
		if !r.Equal {
			t.Errorf("graphql-core %s: the introspection of %v differs from schema/writable.graphql's", r.Version, r.Differ)
		}
	}
}

// firstLineApart shows where two texts part.
func firstLineApart(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\n want " + w[i] + "\n got  " + g[i]
		}
	}
	return "one is a prefix of the other"
}
