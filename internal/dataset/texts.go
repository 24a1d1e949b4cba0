package dataset

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// concordanceHeader opens a concordance file; a text file is anything
// else.
const concordanceHeader = "# memoria concordance"

// Text is a source's text as a dataset ships it: its concordance, and the
// checksum of the text it was made from.
type Text struct {
	Concordance *history.Concordance
	// SHA256 is the hex SHA-256 of the text, with its line endings made
	// "\n", so that a text given later can be matched with a concordance.
	SHA256 string
	// Full is whether the file was the text itself rather than its
	// concordance.
	Full bool
}

// TextSum returns the checksum a concordance records of its text.
func TextSum(text []byte) string {
	sum := sha256.Sum256(bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// ParseText reads a source's text file: a concordance (made by
// WriteConcordance) or the text itself, which is split into paragraphs as
// history.Paragraphs says.
func ParseText(data []byte) (*Text, error) {
	if !bytes.HasPrefix(data, []byte(concordanceHeader)) {
		return &Text{Concordance: history.NewConcordance(string(data)), SHA256: TextSum(data), Full: true}, nil
	}
	t := &Text{Concordance: &history.Concordance{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), MaxFileSize)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if sum, ok := strings.CutPrefix(s, "# text sha256 "); ok {
			t.SHA256 = strings.TrimSpace(sum)
			continue
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if err := t.paragraph(s); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
	return t, sc.Err()
}

// paragraph reads one paragraph's line: "¶N words ... | numbers ...".
func (t *Text) paragraph(s string) error {
	c := t.Concordance
	want := "¶" + strconv.Itoa(len(c.Words)+1)
	loc, rest, _ := strings.Cut(s, " ")
	if loc != want {
		return fmt.Errorf("want paragraph %s, got %q", want, loc)
	}
	words, numbers, _ := strings.Cut(rest, "|")
	var ns []float64
	for _, f := range strings.Fields(numbers) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number", loc, f)
		}
		ns = append(ns, v)
	}
	c.Words = append(c.Words, strings.Fields(words))
	c.Numbers = append(c.Numbers, ns)
	return nil
}

// WriteConcordance writes the concordance of text in the form ParseText
// reads: a header with the text's checksum, then a line per paragraph,
// "¶N", its words in alphabetical order, "|" and its numbers in
// increasing order. The words of a paragraph sorted and without repeats
// let a reader check that it names someone or gives a figure, and not read
// it.
func WriteConcordance(w io.Writer, text []byte) error {
	c := history.NewConcordance(string(text))
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s: the distinct words and numbers of each paragraph of a text, sorted; ¶1 is the first paragraph after the title.\n", concordanceHeader)
	fmt.Fprintf(bw, "# Made by memoria concordance, for memoria validate to check citations of the text's paragraphs.\n")
	fmt.Fprintf(bw, "# text sha256 %s\n", TextSum(text))
	for i, ws := range c.Words {
		fmt.Fprintf(bw, "¶%d %s |", i+1, strings.Join(ws, " "))
		for _, n := range c.Numbers[i] {
			bw.WriteString(" " + strconv.FormatFloat(n, 'f', -1, 64))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// Texts reads the text or concordance that each source of ds declares,
// from fsys, where the dataset's directory is dir. A source's text path is
// relative to that directory and may not leave it. Each problem names the
// source and its text field.
func Texts(fsys fs.FS, dir string, ds *history.Dataset) (map[history.ID]*Text, history.Problems) {
	out := map[history.ID]*Text{}
	var problems history.Problems
	for _, s := range ds.Sources {
		if s.Text == "" {
			continue
		}
		fail := func(format string, args ...any) {
			problems = append(problems, history.Problem{At: s.At, Record: s.ID, Field: "text", Message: fmt.Sprintf(format, args...)})
		}
		if path.IsAbs(s.Text) || !fs.ValidPath(path.Clean(s.Text)) || strings.HasPrefix(path.Clean(s.Text), "../") {
			fail("%q is not a path inside the dataset's directory: give it relative to the directory, such as texts/essay.txt", s.Text)
			continue
		}
		name := path.Join(dir, path.Clean(s.Text))
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			fail("read the source's text: %v", errMessage(err))
			continue
		}
		if len(data) > MaxFileSize {
			fail("the text is larger than %d MiB", MaxFileSize>>20)
			continue
		}
		t, err := ParseText(data)
		if err != nil {
			fail("read the concordance %s: %v", s.Text, err)
			continue
		}
		out[s.ID] = t
	}
	return out, problems
}
