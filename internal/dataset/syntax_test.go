package dataset

import (
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestSyntaxErrorLine puts YAML syntax errors on known lines, several
// below the start of the construct they are in, where the YAML library
// reports them, and expects each problem on its own line.
func TestSyntaxErrorLine(t *testing.T) {
	const head = "people:\n  - id: person/a\n    name: A\n    cite: source/s ¶1\n  - id: person/b\n" // lines 1-5
	tests := []struct {
		name string
		yaml string
		line int
		text string
	}{
		{"indentation slip", head + "   name: B\n", 6, "did not find expected '-' indicator"},
		{"unclosed flow sequence", head + "    name: [B\n", 6, "did not find expected ',' or ']'"},
		{"unclosed flow mapping, then more lines", head + "    names: {text: B\n    cite: x\n", 6, "did not find expected ',' or '}'"},
		{"unclosed double quote", head + "    name: \"B\n", 6, "found unexpected end of stream"},
		{"unclosed single quote, then a blank line", head + "    name: 'B\n\n", 6, "found unexpected end of stream"},
		{"mapping value inside a plain value", head + "    name: B: C\n", 6, "mapping values are not allowed in this context"},
		{"tab for indentation", head + "\tname: B\n", 6, "found a tab character"},
		{"a key without a value", head + "    name: B\n  nothing\n", 7, "could not find expected ':'"},
		{"unknown alias", head + "    name: B\n    names: [*nope]\n", 7, "unknown anchor 'nope' referenced"},
		{"error on the first line", "people: [\n", 1, "did not find expected node content"},
		{"no newline at the end", head + "    name: [B", 6, "did not find expected ',' or ']'"},
		{"error in a second document", head + "    name: B\n---\npeople: [\n", 8, ""},
		{"error far down", head + strings.Repeat("    description: D\n", 200) + "   name: B\n", 206, "did not find expected '-' indicator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ReadFile(&history.Dataset{}, "t.yaml", []byte(tt.yaml))
			if len(ps) != 1 {
				t.Fatalf("%d problems, want one:\n%v", len(ps), ps)
			}
			p := ps[0]
			if p.At.Line != tt.line || !strings.Contains(p.Message, "YAML syntax error") || !strings.Contains(p.Message, tt.text) {
				t.Errorf("problem %q at line %d; want a YAML syntax error at line %d saying %q", p.Message, p.At.Line, tt.line, tt.text)
			}
			if strings.Contains(p.Message, "line ") {
				t.Errorf("problem %q repeats the YAML library's line, which is not where the error is", p.Message)
			}
		})
	}
}
