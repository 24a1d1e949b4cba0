package server

import (
	"strings"

	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/history"
)

// QueryLimits bound the shape of a GraphQL document. They are checked
// before graphql-go validates it, because graphql-go's validation has no
// limits of its own: a deep list value or a long chain of selections costs
// it seconds and gigabytes, and a cycle of fragment spreads overflows its
// stack and kills the process.
type QueryLimits struct {
	MaxBytes   int // length of the query text
	MaxTokens  int // lexical tokens in the query text
	MaxNesting int // brackets ({, [, () open at once, counted before parsing
	MaxDepth   int // nested field selections, counted through fragments
	MaxFields  int // field selections with every fragment spread expanded
	MaxErrors  int // validation errors returned to the client
	// MaxIntrospectionLists bounds introspection, which MaxDepth does not
	// count (introspect.go): how deep its lists of fields, interfaces,
	// possible types and input fields may nest.
	MaxIntrospectionLists int
}

// DefaultQueryLimits returns the limits used when Options leaves them zero.
// They admit every query the console's examples make, with room to spare.
func DefaultQueryLimits() QueryLimits {
	return QueryLimits{MaxBytes: 32 << 10, MaxTokens: 4000, MaxNesting: 40, MaxDepth: 12, MaxFields: 2000, MaxErrors: 20, MaxIntrospectionLists: 3}
}

// scanTokens counts the lexical tokens of a query and the deepest nesting of
// brackets without building anything, so that an abusive document is
// refused in linear time before the parser (which recurses) sees it. It
// understands strings, block strings and comments well enough not to count
// brackets inside them.
func scanTokens(q string, lim QueryLimits) error {
	if len(q) > lim.MaxBytes {
		return history.Errorf(history.CodeQueryTooLarge, "the query is %d bytes; at most %d are allowed", len(q), lim.MaxBytes)
	}
	tokens, depth, deepest := 0, 0, 0
	for i := skipIgnored(q, 0); i < len(q); i = skipIgnored(q, i) {
		switch q[i] {
		case '{', '[', '(':
			depth++
			deepest = max(deepest, depth)
		case '}', ']', ')':
			depth--
		}
		i = tokenEnd(q, i)
		tokens++
		if tokens > lim.MaxTokens {
			return history.Errorf(history.CodeQueryTooLarge, "the query has more than %d tokens", lim.MaxTokens)
		}
		if deepest > lim.MaxNesting {
			return history.Errorf(history.CodeQueryTooDeep, "the query nests brackets more than %d deep", lim.MaxNesting)
		}
	}
	return nil
}

// skipIgnored returns the index of the first byte from i on that begins a
// token: it passes over what GraphQL's lexer ignores between tokens, white
// space, commas, the bytes of a byte-order mark and comments.
func skipIgnored(q string, i int) int {
	for i < len(q) {
		switch c := q[i]; {
		case c == '#':
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
				i++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == 0xEF || c == 0xBB || c == 0xBF:
			i++
		default:
			return i
		}
	}
	return i
}

// tokenEnd returns the index just past the token that begins at i: a
// string, a block string, a name or a number, a spread, or any other byte
// as a punctuator of its own. An unterminated string runs to the end.
func tokenEnd(q string, i int) int {
	switch c := q[i]; {
	case strings.HasPrefix(q[i:], `"""`):
		return blockStringEnd(q, i+3)
	case c == '"':
		return stringEnd(q, i+1)
	case isNameByte(c) || c == '-' || isDigit(c):
		return wordEnd(q, i)
	case strings.HasPrefix(q[i:], "..."):
		return i + 3
	}
	return i + 1
}

// blockStringEnd returns the index just past the """ that closes a block
// string whose text begins at i; an escaped \""" does not close it.
func blockStringEnd(q string, i int) int {
	for i < len(q) {
		switch {
		case q[i] == '\\' && strings.HasPrefix(q[i+1:], `"""`):
			i += 4
		case strings.HasPrefix(q[i:], `"""`):
			return i + 3
		default:
			i++
		}
	}
	return i
}

// stringEnd returns the index just past the quote that closes a string
// whose text begins at i. A string ends at a line break, which the parser
// then reports; a backslash escapes the byte after it.
func stringEnd(q string, i int) int {
	for i < len(q) && q[i] != '"' && q[i] != '\n' {
		if q[i] == '\\' {
			i++
		}
		i++
	}
	return i + 1
}

// wordEnd returns the index just past a name or a number beginning at i,
// taken together, as a number's sign, point and exponent may be.
func wordEnd(q string, i int) int {
	for i < len(q) && (isNameByte(q[i]) || isDigit(q[i]) || q[i] == '-' || q[i] == '+' || q[i] == '.') {
		i++
	}
	return i
}

func isNameByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// checkDocument refuses cycles of fragment spreads, selections nested
// deeper than MaxDepth and documents whose field selections, with every
// fragment spread expanded, exceed MaxFields. The count stops at the budget,
// so a document built to fan out exponentially costs no more than one that
// just reaches it.
func checkDocument(doc *ast.Document, lim QueryLimits) error {
	fragments := map[string]*ast.FragmentDefinition{}
	var operations []*ast.OperationDefinition
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.FragmentDefinition:
			if d.Name != nil {
				fragments[d.Name.Value] = d
			}
		case *ast.OperationDefinition:
			operations = append(operations, d)
		}
	}
	if err := fragmentCycles(fragments); err != nil {
		return err
	}
	w := walker{fragments: fragments, lim: lim}
	for _, op := range operations {
		if err := w.selections(op.SelectionSet, 1); err != nil {
			return err
		}
	}
	// Fragments no operation uses are still validated by graphql-go: bound
	// them too.
	for _, f := range fragments {
		var err error
		if onIntrospectionType(f) {
			err = w.introspection(f.SelectionSet, 0)
		} else {
			err = w.selections(f.SelectionSet, 1)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type walker struct {
	fragments map[string]*ast.FragmentDefinition
	lim       QueryLimits
	fields    int
}

func (w *walker) selections(set *ast.SelectionSet, depth int) error {
	if set == nil {
		return nil
	}
	if depth > w.lim.MaxDepth {
		return history.Errorf(history.CodeQueryTooDeep, "the query nests selections more than %d deep", w.lim.MaxDepth)
	}
	for _, sel := range set.Selections {
		// Spreads count like fields: fragments made only of spreads of
		// other fragments would otherwise fan out for free.
		w.fields++
		if w.fields > w.lim.MaxFields {
			return history.Errorf(history.CodeQueryTooComplex, "the query selects more than %d fields, counting every fragment where it is spread", w.lim.MaxFields)
		}
		switch s := sel.(type) {
		case *ast.Field:
			var err error
			if s.Name != nil && isIntrospectionRoot(s.Name.Value) {
				err = w.introspection(s.SelectionSet, 0)
			} else {
				err = w.selections(s.SelectionSet, depth+1)
			}
			if err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.selections(s.SelectionSet, depth); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if s.Name == nil {
				continue
			}
			if f, ok := w.fragments[s.Name.Value]; ok {
				if err := w.selections(f.SelectionSet, depth); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// fragmentCycles finds a fragment that spreads itself, directly or through
// others. It is iterative, so no document can overflow its stack.
func fragmentCycles(fragments map[string]*ast.FragmentDefinition) error {
	const (
		unvisited = iota
		onPath
		done
	)
	state := map[string]int{}
	type frame struct {
		name    string
		spreads []string
	}
	for start := range fragments {
		if state[start] != unvisited {
			continue
		}
		stack := []frame{{start, spreadsOf(fragments[start].SelectionSet)}}
		state[start] = onPath
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if len(top.spreads) == 0 {
				state[top.name] = done
				stack = stack[:len(stack)-1]
				continue
			}
			next := top.spreads[0]
			top.spreads = top.spreads[1:]
			f, ok := fragments[next]
			if !ok {
				continue // an unknown fragment is graphql-go's to report
			}
			switch state[next] {
			case onPath:
				return history.Errorf(history.CodeValidationFailed, "fragment %q spreads itself (through %s): fragment spreads must not form cycles", next, top.name)
			case unvisited:
				state[next] = onPath
				stack = append(stack, frame{next, spreadsOf(f.SelectionSet)})
			}
		}
	}
	return nil
}

// spreadsOf lists the fragment names spread anywhere inside a selection set
// (not following the spreads themselves).
func spreadsOf(set *ast.SelectionSet) []string {
	var out []string
	sets := []*ast.SelectionSet{set}
	for len(sets) > 0 {
		s := sets[len(sets)-1]
		sets = sets[:len(sets)-1]
		if s == nil {
			continue
		}
		for _, sel := range s.Selections {
			switch x := sel.(type) {
			case *ast.Field:
				sets = append(sets, x.SelectionSet)
			case *ast.InlineFragment:
				sets = append(sets, x.SelectionSet)
			case *ast.FragmentSpread:
				if x.Name != nil {
					out = append(out, x.Name.Value)
				}
			}
		}
	}
	return out
}
