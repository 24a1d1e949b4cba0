package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/store"
)

// TestLoadWriters loads one generated dataset with Memoria's bulk writer
// and with Cayley's QuadWriter, and expects the two stores to say the same
// in stats; an unknown writer is a usage error.
func TestLoadWriters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	if code, _, errOut := cli(t, nil, "gen", "--people", "200", "-o", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, errOut)
	}
	stats := map[string]string{}
	for _, writer := range []string{"memoria", "cayley"} {
		db := "bbolt:" + filepath.Join(t.TempDir(), writer+".db")
		code, out, errOut := cli(t, nil, "--db", db, "load", "--writer", writer, dir)
		if code != 0 {
			t.Fatalf("load --writer %s: exit %d\n%s", writer, code, errOut)
		}
		if !strings.Contains(out, "new quads") || !strings.Contains(errOut, "load: ") {
			t.Errorf("load --writer %s printed %q, progress %q", writer, out, errOut)
		}
		code, out, errOut = cli(t, nil, "--db", db, "stats", "--json")
		if code != 0 {
			t.Fatalf("stats: exit %d\n%s", code, errOut)
		}
		stats[writer] = strings.ReplaceAll(out, db, "DB")
	}
	if stats["memoria"] != stats["cayley"] {
		t.Errorf("stats differ:\nmemoria: %s\ncayley:  %s", stats["memoria"], stats["cayley"])
	}
	code, _, errOut := cli(t, nil, "--db", "memory:", "load", "--writer", "fast", dir)
	if code != 2 || !strings.Contains(errOut, "--writer is memoria or cayley") {
		t.Errorf("--writer fast: exit %d, %q", code, errOut)
	}
}

func TestOrderHint(t *testing.T) {
	cases := []struct {
		name string
		n    int
		want string // in the hint; "" for no hint
	}{
		{"none", 0, ""},
		{"too few to matter", orderHintAt - 1, ""},
		{"enough to advise", orderHintAt, "1000000 references named records of later files"},
		{"says the order", 7_000_000, "sources, places, groups and people"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := orderHint(tc.n)
			if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
				t.Errorf("orderHint(%d) = %q, want it to say %q", tc.n, got, tc.want)
			}
		})
	}
}

func TestLoadSummary(t *testing.T) {
	cases := []struct {
		name string
		res  store.LoadResult
		want string
	}{
		{"all new", store.LoadResult{QuadsAdded: 120, Records: 10}, "loaded 10 people; 120 new quads"},
		{"some stored already", store.LoadResult{QuadsAdded: 36, Records: 3, Unchanged: 7}, "loaded 10 people; 36 new quads (3 records new, 7 already stored as they are)"},
		{"all stored already", store.LoadResult{Unchanged: 10}, "loaded 10 people; 0 new quads (0 records new, 10 already stored as they are)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := loadSummary("10 people", tc.res); got != tc.want {
				t.Errorf("loadSummary = %q, want %q", got, tc.want)
			}
		})
	}
}
