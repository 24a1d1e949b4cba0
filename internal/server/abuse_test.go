package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/server"
)

// abusiveQueries are documents built to exhaust graphql-go, each with the
// error code that must refuse it. The comment says what each would do
// without the guards (measured, see the project notes).
func abusiveQueries() []struct{ name, query, code string } {
	nest := func(depth int, open, inner, close string) string {
		return strings.Repeat(open, depth) + inner + strings.Repeat(close, depth)
	}
	var aliases strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&aliases, "a%d: sources { id } ", i)
	}
	// Each fragment spreads the one below it ten times: 10^8 fields.
	var laughs strings.Builder
	laughs.WriteString("{ sources { ...F0 } }\n")
	for i := range 8 {
		fmt.Fprintf(&laughs, "fragment F%d on Source { %s }\n", i, strings.Repeat(fmt.Sprintf("...F%d ", i+1), 10))
	}
	laughs.WriteString("fragment F8 on Source { id title }\n")
	return []struct{ name, query, code string }{
		// graphql-go: several seconds and hundreds of MB at depth 12.
		{"deep selections", "{ node(id: \"person/lavrentiy-beria\") { ... on Person " + nest(20, "{ relations { other ", "{ id }", "} } ") + "} }", "QUERY_TOO_DEEP"},
		// the same depth reached through fragments
		{"deep through fragments", "{ node(id: \"group/nkvd\") { ...A } } fragment A on Group { relations { other { ...B } } } fragment B on Entity { relations { other { ...C } } } fragment C on Entity { relations { other { ...D } } } fragment D on Entity { relations { other { ...E } } } fragment E on Entity { relations { other { ...G } } } fragment G on Entity { relations { other { ...H } } } fragment H on Entity { relations { other { id } } }", "QUERY_TOO_DEEP"},
		// graphql-go: fatal stack overflow; recover() cannot catch it.
		{"fragment cycle", "{ sources { ...A } } fragment A on Source { id ...B } fragment B on Source { title ...A }", "GRAPHQL_VALIDATION_FAILED"},
		{"fragment spreads itself", "{ sources { ...A } } fragment A on Source { ...A }", "GRAPHQL_VALIDATION_FAILED"},
		// graphql-go: 45 s of CPU and 11 GB at 1,000 levels; the parser
		// overflows its stack at 100,000.
		{"deep list value", "{ nodes(ids: " + nest(100000, "[", "\"x\"", "]") + ") { id } }", "QUERY_TOO_LARGE"},
		{"nested list value within size", "{ nodes(ids: " + nest(1000, "[", "\"x\"", "]") + ") { id } }", "QUERY_TOO_DEEP"},
		// graphql-go: errors grow quadratically with thousands of aliases.
		{"ten thousand aliases", "{ " + aliases.String() + "}", "QUERY_TOO_LARGE"},
		// graphql-go: 600k resolver calls and 500 MB from 1.8 KB.
		{"fragment fan-out", laughs.String(), "QUERY_TOO_COMPLEX"},
		{"long single branch", "{ " + nest(500, "a { ", "b", " } ") + " }", "QUERY_TOO_DEEP"},
	}
}

// TestAbusiveQueriesAreRefused runs each abusive query in a child process,
// so that a regression that crashes graphql-go (a stack overflow cannot be
// recovered) fails this test instead of killing the test binary; the child
// then checks that the server still answers a normal query.
func TestAbusiveQueriesAreRefused(t *testing.T) {
	if name := os.Getenv("MEMORIA_ABUSE_CASE"); name != "" {
		runAbuseChild(t, name)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range abusiveQueries() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// A guard that regressed may also show as a child that runs for
			// minutes; the deadline turns that into a failure.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "-test.run=^TestAbusiveQueriesAreRefused$", "-test.v")
			cmd.Env = append(os.Environ(), "MEMORIA_ABUSE_CASE="+c.name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				tail := string(out)
				if len(tail) > 2000 {
					tail = tail[:2000]
				}
				t.Fatalf("the child process serving %q failed (%v); a crash here means a guard regressed:\n%s", c.name, err, tail)
			}
			if !strings.Contains(string(out), "refused with "+c.code) {
				t.Errorf("child output lacks %q:\n%s", "refused with "+c.code, out)
			}
		})
	}
}

func runAbuseChild(t *testing.T, name string) {
	h := newHandler(t, server.Options{})
	for _, c := range abusiveQueries() {
		if c.name != name {
			continue
		}
		start := time.Now()
		status, resp := post(t, h, c.query, nil)
		if got := resp.code(); got != c.code {
			t.Fatalf("%s: status %d, code %q, want %q; errors %+v", c.name, status, got, c.code, resp.Errors)
		}
		if status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", c.name, status)
		}
		fmt.Printf("refused with %s in %s\n", c.code, time.Since(start))
		// The same handler still serves.
		var ok struct{ Sources []struct{ ID string } }
		query(t, h, "{ sources { id } }", &ok)
		if len(ok.Sources) == 0 {
			t.Fatal("the server stopped answering after the abusive query")
		}
		return
	}
	t.Fatalf("no abusive query named %q", name)
}

func TestExecutionStopsAtTheDeadline(t *testing.T) {
	h := newHandler(t, server.Options{Timeout: time.Nanosecond})
	status, resp := post(t, h, `{ neighborhood(id: "person/joseph-stalin", hops: 4, limit: 2000) { nodes { id relations { other { id } } } } }`, nil)
	if got := resp.code(); got != "TIMEOUT" {
		t.Errorf("status %d, code %q, want TIMEOUT: %+v", status, got, resp.Errors)
	}
}

func TestErrorsHideInternals(t *testing.T) {
	h := newHandler(t, server.Options{})
	_, resp := post(t, h, `{ nodes(ids: ["a","b"]) { id } path(from: "person/nobody", to: "person/x") { length } }`, nil)
	raw, _ := json.Marshal(resp)
	for _, leak := range []string{".go:", "goroutine", "panic", "/work/", "runtime."} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("response leaks %q: %s", leak, raw)
		}
	}
}
