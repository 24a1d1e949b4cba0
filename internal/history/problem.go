package history

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a dataset: where, which field, and what
// to do about it.
type Problem struct {
	At      Position
	Record  ID     // the record concerned, when it has an id
	Field   string // the field concerned, in the dataset's own spelling
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	if at := p.At.String(); at != "" {
		b.WriteString(at)
		b.WriteString(": ")
	}
	if p.Record != "" {
		b.WriteString(string(p.Record))
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in a dataset. As an error it lists them
// one per line; its Code is CodeInvalid.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line and message, so reports are stable.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.At.File != b.At.File {
			return a.At.File < b.At.File
		}
		if a.At.Line != b.At.Line {
			return a.At.Line < b.At.Line
		}
		return a.Message < b.Message
	})
}

// Err returns ps as an *Error with CodeInvalid, or nil when ps is empty.
func (ps Problems) Err(op string) error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Op: op, Message: fmt.Sprintf("%d problem(s)", len(ps)), Err: ps}
}
