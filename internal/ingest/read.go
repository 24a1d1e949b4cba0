package ingest

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/memoria-history/memoria/internal/history"
)

// Format is the kind of document a text is read as.
type Format string

// The formats a document may have.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	HTML     Format = "html"
)

// FormatOf names the format of a file by its extension: .md and .markdown
// are Markdown, .html and .htm HTML, anything else plain text.
func FormatOf(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	return Text
}

// Document is a text as a source record holds it: a title and the
// paragraphs after it, each one line, numbered from ¶1 as locators count
// them.
type Document struct {
	Title      string
	Paragraphs []string
}

// Text is the document as the text of a source: the title, then each
// paragraph, separated by blank lines, so that history.Paragraphs gives
// back Paragraphs.
func (d *Document) Text() string {
	var b strings.Builder
	b.WriteString(d.Title)
	for _, p := range d.Paragraphs {
		b.WriteString("\n\n")
		b.WriteString(p)
	}
	b.WriteString("\n")
	return b.String()
}

// Read reads a document of the given format. It must be UTF-8; it is
// normalised to NFC, so that a name typed with combining accents matches
// one typed precomposed at the same offsets.
func Read(data []byte, f Format) (*Document, error) {
	if !utf8.Valid(data) {
		return nil, history.Errorf(history.CodeInvalid, "read document: not UTF-8 text (at byte %d)", invalidAt(data))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := norm.NFC.String(string(data))
	var blocks []string
	title := ""
	switch f {
	case HTML:
		blocks, title = htmlBlocks(text)
	case Markdown:
		blocks, title = markdownBlocks(text)
	default:
		blocks = textBlocks(text)
	}
	return document(blocks, title), nil
}

// document makes a document of blocks of text: each block becomes a
// paragraph of one line (blank ones dropped); the first is the title
// unless one is given.
func document(blocks []string, title string) *Document {
	var paras []string
	for _, b := range blocks {
		if p := oneLine(b); p != "" {
			paras = append(paras, p)
		}
	}
	d := &Document{Title: oneLine(title)}
	if d.Title == "" && len(paras) > 0 {
		d.Title, paras = paras[0], paras[1:]
	}
	if d.Title == "" {
		d.Title = "Untitled"
	}
	d.Paragraphs = paras
	return d
}

// textBlocks splits plain text into paragraphs at blank lines, the title
// included, as locators count them.
func textBlocks(text string) []string {
	// history.Paragraphs leaves out the first paragraph, the title: a
	// placeholder before the text keeps it.
	return history.Paragraphs("-\n\n" + text)
}

// oneLine joins the lines of s with single spaces, dropping control
// characters, so that a paragraph is one line of the source's text.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
