package ingest

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/memoria-history/memoria/internal/history"
)

// FuzzRead reads anything as each format: no panic, an error only for
// text that is not UTF-8, and a document whose paragraphs are one line
// each, non-empty, and what history.Paragraphs reads back from its text.
// A plain text's paragraphs hold all its words, in order.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"Title\n\nOne.\n\nTwo\nlines.", "# T\n\n- a\n- *b*\n\n```\nx\n```\n> q", "<html><title>T</title><p>a<br>b</p><script>x</script><li>c",
		"", "\n\n\n", "Ze\u0301ro", "<p>&amp;&lt;</p>", "[a](b) ![c](d) <http://e>", "Setext\n===\n\ntext", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, format := range []Format{Text, Markdown, HTML} {
			d, err := Read([]byte(s), format)
			if !utf8.ValidString(s) {
				if err == nil {
					t.Fatalf("%s: no error for text that is not UTF-8", format)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if strings.ContainsAny(d.Title, "\n\r") || d.Title == "" {
				t.Fatalf("%s: title %q", format, d.Title)
			}
			for _, p := range d.Paragraphs {
				if p == "" || strings.ContainsAny(p, "\n\r") || p != strings.TrimSpace(p) {
					t.Fatalf("%s: paragraph %q", format, p)
				}
			}
			if got := history.Paragraphs(d.Text()); !slices.Equal(got, d.Paragraphs) && len(d.Paragraphs) > 0 {
				t.Fatalf("%s: the text reads back as %q, not %q", format, got, d.Paragraphs)
			}
			if format == Text {
				all := strings.Fields(d.Title + " " + strings.Join(d.Paragraphs, " "))
				if want := strings.Fields(oneLine(norm.NFC.String(strings.TrimPrefix(s, "\uFEFF")))); !slices.Equal(all, want) && len(want) > 0 {
					t.Fatalf("text: the paragraphs hold %q, the text %q", all, want)
				}
			}
		}
	})
}
