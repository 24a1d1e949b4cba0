package ingest

import (
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		in     string
		title  string
		paras  []string
	}{
		{"text", Text, "A Title\n\nFirst line\nsecond line.\n\n\n  Next one.  \n", "A Title", []string{"First line second line.", "Next one."}},
		{"markdown", Markdown, "# The Title\n\nSome *emphasis* and a [link](http://x) to `code`.\n\n- item one\n- item **two**\n\n```\ncode block\n```\n\n> quoted\n> text\n\nSetext\n---\n", "The Title",
			[]string{"Some emphasis and a link to code.", "item one", "item two", "quoted text", "Setext"}},
		{"markdown keeps apostrophes and snake_case", Markdown, "T\n\nZinov'ev's snake_case _x_", "T", []string{"Zinov'ev's snake_case x"}},
		{"html", HTML, "<html><head><title>T</title><style>p{}</style></head><body><h1>Head</h1><p>One <b>bold</b><br>line</p><script>x()</script><ul><li>A</li><li>B</li></ul></body></html>", "T",
			[]string{"Head", "One bold line", "A", "B"}},
		{"html without title", HTML, "<h1>Head</h1><p>Text &amp; more</p>", "Head", []string{"Text & more"}},
		{"nfc", Text, "T\n\nZe\u0301ro", "T", []string{"Z\u00e9ro"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read([]byte(tt.in), tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || !slices.Equal(d.Paragraphs, tt.paras) {
				t.Errorf("got %q %q, want %q %q", d.Title, d.Paragraphs, tt.title, tt.paras)
			}
			if got := history.Paragraphs(d.Text()); !slices.Equal(got, d.Paragraphs) {
				t.Errorf("Text() paragraphs %q, want %q", got, d.Paragraphs)
			}
		})
	}
}

func TestReadRefusesInvalidUTF8(t *testing.T) {
	if _, err := Read([]byte("T\n\nab\xffc"), Text); err == nil {
		t.Fatal("no error for invalid UTF-8")
	}
}
