package dataset

import (
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// secret is a file that is not a dataset, as a link to /etc/passwd or a
// key would put in one: read as YAML, it is one long string.
var secret = "root:x:0:0:root:/root:/bin/bash\n" + strings.Repeat("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin SECRET-LINE\n", 40)

// TestProblemsQuoteAnExcerpt gives the reader bad inputs far longer than
// a message should quote, and expects no problem to print more than a
// short excerpt of any of them.
func TestProblemsQuoteAnExcerpt(t *testing.T) {
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name string
		yaml string
	}{
		{"a file that is one string", secret},
		{"a long value that is not a number", "claims:\n  - id: claim/a\n    value: " + long + "\n"},
		{"a long value that is not a boolean", "claims:\n  - id: claim/a\n    approximate: " + long + "\n"},
		{"a long date", "people:\n  - id: person/a\n    born: " + long + "\n"},
		{"a long citation without a locator", "people:\n  - id: person/a\n    cite: " + long + "\n"},
		{"a long unknown field", "people:\n  - id: person/a\n    " + long + ": 1\n"},
		{"a long id", "people:\n  - id: person/" + long + "\n    nmae: A\n"},
		{"a long qualifier", "claims:\n  - id: claim/a\n    qualifiers: {" + long + ": [a]}\n"},
		{"a long section that is not a list", "people: " + long + "\n"},
		{"a long record that is not a mapping", "people:\n  - " + long + "\n"},
		{"a long syntax error", "people: [\"" + long + "\", " + long + ": x]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ReadFile(&history.Dataset{}, "t.yaml", []byte(tt.yaml))
			if len(ps) == 0 {
				t.Fatal("no problem")
			}
			for _, p := range ps {
				s := p.String()
				if len(s) > 400 || strings.Contains(s, "SECRET") || strings.Contains(s, strings.Repeat("x", maxExcerpt+1)) {
					t.Errorf("a problem quotes too much of its input (%d bytes):\n%.600s", len(s), s)
				}
			}
			t.Logf("%v", ps)
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", `"short"`},
		{strings.Repeat("a", maxExcerpt), `"` + strings.Repeat("a", maxExcerpt) + `"`},
		{strings.Repeat("a", 100), `"` + strings.Repeat("a", maxExcerpt) + `"... (100 bytes)`},
		// A cut never splits a letter: Ж is two bytes.
		{strings.Repeat("Ж", 30), `"` + strings.Repeat("Ж", maxExcerpt/2) + `"... (60 bytes)`},
	}
	for _, tt := range tests {
		if got := excerpt(tt.in); got != tt.want {
			t.Errorf("excerpt(%.20q...) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
