package dataset

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The YAML library turns a large generated file into nodes at a few
// megabytes a second, most of a load's reading. Generated files, and most
// hand-written ones, keep to a plain subset of YAML: block mappings and
// lists, one-line flow mappings and lists, one-line plain or quoted
// scalars, comments. plainYAML reads that subset into the nodes the
// library would make, and gives up, leaving the file to the library,
// wherever a file steps outside it: anchors, tags, block or multi-line
// scalars, escapes other than \" and \\, tabs, carriage returns, document
// markers, a key with no value, anything it is not sure of. So a file it
// reads gives the same records, and a file with a syntax error always
// gets the library's message. plainyaml_test.go compares its nodes with
// the library's.
//
// The nodes carry what the reader reads and what positions need: kind,
// value, line and column, and a tag only to tell a null ("!!null") from a
// string ("!!str"; the library would also say !!int, !!timestamp and so
// on, which the reader never asks). Comments are not kept.

// plainYAML parses data into a document node, or returns false if data is
// not in the subset (see above).
func plainYAML(data []byte) (*yaml.Node, bool) {
	p := plainParser{keys: map[string]string{}}
	if !p.split(data) || len(p.lines) == 0 {
		return nil, false
	}
	first := p.lines[0]
	root, ok := p.block(first.indent)
	if !ok || p.i != len(p.lines) {
		return nil, false
	}
	doc := p.node(yaml.DocumentNode, "", "", first, first.indent)
	doc.Content = []*yaml.Node{root}
	return doc, true
}

// plainParser reads the lines that hold something, one block at a time.
type plainParser struct {
	lines []plainLine
	i     int // the line being read
	arena []yaml.Node
	// keys holds one copy of each key: a large file repeats a few.
	keys map[string]string
}

// plainLine is a line that holds more than a comment.
type plainLine struct {
	text   []byte // without its line break
	num    int    // from 1
	indent int    // spaces before its text
	ascii  bool   // so columns are byte offsets + 1
}

// split lists the lines that hold something, and fails on whatever the
// subset leaves to the library: invalid UTF-8, characters YAML does not
// allow or reads as line breaks, tabs, carriage returns, a byte order
// mark, directives and document markers.
func (p *plainParser) split(data []byte) bool {
	// As many as the lines, at most: a file has hundreds of thousands.
	p.lines = make([]plainLine, 0, bytes.Count(data, []byte{'\n'})+1)
	num := 0
	for len(data) > 0 {
		num++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		ascii, ok := plainChars(line)
		if !ok {
			return false
		}
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")) {
			return false
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		if indent == len(line) || line[indent] == '#' {
			continue
		}
		p.lines = append(p.lines, plainLine{text: line, num: num, indent: indent, ascii: ascii})
	}
	return true
}

// plainChars says whether line is ASCII and whether its characters are in
// the subset: printable, no tab, no line break of Unicode's.
func plainChars(line []byte) (ascii, ok bool) {
	ascii = true
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f {
				return false, false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(line[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0, r == 0x2028, r == 0x2029,
			r >= 0xd800 && r < 0xe000, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false, false
		}
		i += size
	}
	return ascii, true
}

// node makes a node at byte offset off of line.
func (p *plainParser) node(kind yaml.Kind, tag, value string, line plainLine, off int) *yaml.Node {
	if len(p.arena) == 0 {
		p.arena = make([]yaml.Node, 256)
	}
	n := &p.arena[0]
	p.arena = p.arena[1:]
	col := off + 1
	if !line.ascii {
		col = utf8.RuneCount(line.text[:off]) + 1
	}
	*n = yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line.num, Column: col}
	return n
}

// block reads the block node that starts at offset off of the current
// line: a list or a mapping.
func (p *plainParser) block(off int) (*yaml.Node, bool) {
	rest := p.lines[p.i].text[off:]
	if entry(rest) {
		return p.list(off)
	}
	if _, ok := keyEnd(rest); ok {
		return p.mapping(off)
	}
	return nil, false
}

// entry says whether text starts a list entry.
func entry(text []byte) bool {
	return len(text) > 0 && text[0] == '-' && (len(text) == 1 || text[1] == ' ')
}

// keyEnd finds the end of a plain key at the start of text, returning the
// offset after its colon: the subset's keys are words of letters, digits,
// '_', '-', '.' and '/', shorter than maxPlainKey (YAML reads a longer key
// only in a form the subset leaves out).
func keyEnd(text []byte) (int, bool) {
	if len(text) == 0 || !(isWordByte(text[0]) && text[0] != '-' && text[0] != '.' && text[0] != '/') {
		return 0, false
	}
	for i := 1; i < min(len(text), maxPlainKey); i++ {
		c := text[i]
		if c == ':' {
			return i + 1, i+1 == len(text) || text[i+1] == ' '
		}
		if !isWordByte(c) {
			return 0, false
		}
	}
	return 0, false
}

// maxPlainKey bounds the keys of the subset: YAML takes a key without
// '?' only if its colon is at most 1,024 characters from its start.
const maxPlainKey = 256

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '/'
}

// mapping reads a block mapping whose first key is at offset col of the
// current line and whose other keys start lines indented by col.
func (p *plainParser) mapping(col int) (*yaml.Node, bool) {
	line := p.lines[p.i]
	m := p.node(yaml.MappingNode, "!!map", "", line, col)
	for {
		line = p.lines[p.i]
		end, ok := keyEnd(line.text[col:])
		if !ok {
			return nil, false
		}
		key := p.keyNode(line.text[col:col+end-1], line, col)
		value, ok := p.value(line, col+end, col)
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, key, value)
		if p.i == len(p.lines) {
			return m, true
		}
		next := p.lines[p.i]
		switch {
		case next.indent < col:
			return m, true
		case next.indent > col || entry(next.text[col:]):
			return nil, false
		}
	}
}

// keyNode makes the node of a key, which keyEnd found.
func (p *plainParser) keyNode(b []byte, line plainLine, at int) *yaml.Node {
	if k, ok := p.keys[string(b)]; ok {
		return p.node(yaml.ScalarNode, "!!str", k, line, at)
	}
	n := p.scalar(b, line, at)
	if n.Tag == "!!str" {
		p.keys[n.Value] = n.Value
	}
	return n
}

// value reads the value of a key whose colon ends before offset off of
// line, the key being at offset col: on the same line, or a block on the
// lines after it, more indented, or a list as indented as the key.
func (p *plainParser) value(line plainLine, off, col int) (*yaml.Node, bool) {
	at := skipSpaces(line.text, off)
	if at < len(line.text) && line.text[at] != '#' {
		return p.inlineToEnd(line, at)
	}
	p.i++
	if p.i == len(p.lines) {
		return nil, false // a key with no value: left to the library
	}
	next := p.lines[p.i]
	switch {
	case next.indent > col:
		return p.block(next.indent)
	case next.indent == col && entry(next.text[col:]):
		return p.list(col)
	}
	return nil, false
}

// list reads a block list whose dashes are at offset col.
func (p *plainParser) list(col int) (*yaml.Node, bool) {
	l := p.node(yaml.SequenceNode, "!!seq", "", p.lines[p.i], col)
	for {
		line := p.lines[p.i]
		at := skipSpaces(line.text, col+1)
		var item *yaml.Node
		var ok bool
		switch rest := line.text[at:]; {
		case len(rest) == 0 || rest[0] == '#':
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent <= col {
				return nil, false
			}
			item, ok = p.block(p.lines[p.i].indent)
		case entry(rest):
			return nil, false
		default:
			if _, isKey := keyEnd(rest); isKey {
				item, ok = p.mapping(at)
			} else {
				item, ok = p.inlineToEnd(line, at)
			}
		}
		if !ok {
			return nil, false
		}
		l.Content = append(l.Content, item)
		if p.i == len(p.lines) {
			return l, true
		}
		next := p.lines[p.i]
		switch {
		case next.indent < col:
			return l, true
		case next.indent > col:
			return nil, false
		case !entry(next.text[col:]):
			return l, true
		}
	}
}

func skipSpaces(text []byte, i int) int {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i
}

// inlineToEnd reads the value at offset at of line, which must end the
// line but for a comment, and moves to the next line.
func (p *plainParser) inlineToEnd(line plainLine, at int) (*yaml.Node, bool) {
	var n *yaml.Node
	end := 0
	ok := false
	switch line.text[at] {
	case '{', '[', '"', '\'':
		n, end, ok = p.flowValue(line, at)
	default:
		n, end, ok = p.plainBlockScalar(line, at)
	}
	if !ok {
		return nil, false
	}
	if rest := skipSpaces(line.text, end); rest < len(line.text) && (rest == end || line.text[rest] != '#') {
		return nil, false
	}
	p.i++
	return n, true
}

// plainBlockScalar reads a plain scalar outside flow collections: to the
// end of the line or a comment. One that holds ": " or ends in ':' would
// be a key, and one whose next line is more indented would go on there:
// neither is in the subset (the callers check the next line).
func (p *plainParser) plainBlockScalar(line plainLine, at int) (*yaml.Node, int, bool) {
	text := line.text
	if indicator(text[at]) {
		return nil, 0, false
	}
	end := len(text)
	if i := bytes.Index(text[at:], []byte(" #")); i >= 0 {
		end = at + i
	}
	value := bytes.TrimRight(text[at:end], " ")
	if bytes.Contains(value, []byte(": ")) || value[len(value)-1] == ':' {
		return nil, 0, false
	}
	return p.scalar(value, line, at), at + len(value), true
}

// indicator says whether c may not start a plain scalar in the subset.
// YAML lets '-', '?' and ':' start one when a character other than a
// space follows; the subset leaves those to the library.
func indicator(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return true
	}
	return false
}

// scalar makes a plain scalar's node, null as YAML reads it.
func (p *plainParser) scalar(value []byte, line plainLine, at int) *yaml.Node {
	switch string(value) {
	case "~", "null", "Null", "NULL":
		return p.node(yaml.ScalarNode, "!!null", string(value), line, at)
	}
	return p.node(yaml.ScalarNode, "!!str", string(value), line, at)
}

// flowValue reads a value inside a flow collection, or a flow collection or
// quoted scalar after a key or dash, all on one line, returning the offset
// after it.
func (p *plainParser) flowValue(line plainLine, at int) (*yaml.Node, int, bool) {
	text := line.text
	if at >= len(text) {
		return nil, 0, false
	}
	switch text[at] {
	case '{':
		return p.flowCollection(line, at, yaml.MappingNode, "!!map", '}')
	case '[':
		return p.flowCollection(line, at, yaml.SequenceNode, "!!seq", ']')
	case '"', '\'':
		return p.quoted(line, at)
	}
	if indicator(text[at]) {
		return nil, 0, false
	}
	end := at
	for end < len(text) {
		c := text[end]
		if c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == ':' || c == '#' && text[end-1] == ' ' {
			break
		}
		if c != '-' && c != '#' && indicator(c) {
			// The library refuses some of these inside a flow scalar
			// ("[0?]") where YAML allows them: leave them to it.
			return nil, 0, false
		}
		end++
	}
	if end == len(text) || text[end] == ':' || text[end] == '#' || text[end] == '[' || text[end] == '{' {
		return nil, 0, false
	}
	value := bytes.TrimRight(text[at:end], " ")
	return p.scalar(value, line, at), at + len(value), true
}

// flowCollection reads a flow mapping or list that opens at offset at and
// closes on the same line: a mapping's keys are plain words, each followed
// by ": " and a value; no entry is empty.
func (p *plainParser) flowCollection(line plainLine, at int, kind yaml.Kind, tag string, closing byte) (*yaml.Node, int, bool) {
	text := line.text
	n := p.node(kind, tag, "", line, at)
	n.Style = yaml.FlowStyle
	i := skipSpaces(text, at+1)
	if i < len(text) && text[i] == closing {
		return n, i + 1, true
	}
	for {
		if kind == yaml.MappingNode {
			end, ok := keyEnd(text[i:])
			if !ok || i+end == len(text) {
				return nil, 0, false
			}
			n.Content = append(n.Content, p.keyNode(text[i:i+end-1], line, i))
			i = skipSpaces(text, i+end)
		}
		value, end, ok := p.flowValue(line, i)
		if !ok {
			return nil, 0, false
		}
		n.Content = append(n.Content, value)
		i = skipSpaces(text, end)
		switch {
		case i < len(text) && text[i] == closing:
			return n, i + 1, true
		case i < len(text) && text[i] == ',':
			i = skipSpaces(text, i+1)
			if i == len(text) || text[i] == closing || text[i] == ',' {
				return nil, 0, false
			}
		default:
			return nil, 0, false
		}
	}
}

// quoted reads a scalar in double or single quotes that ends on its
// line. Within single quotes two quotes are one; within double quotes the
// subset reads the escapes \" and \\ only.
func (p *plainParser) quoted(line plainLine, at int) (*yaml.Node, int, bool) {
	text := line.text
	q := text[at]
	var value []byte // if a quote was escaped
	start := at + 1
	for i := start; i < len(text); i++ {
		c := text[i]
		switch {
		case q == '"' && c == '\\':
			if i+1 == len(text) || text[i+1] != '"' && text[i+1] != '\\' {
				return nil, 0, false
			}
		case q == '\'' && c == q && i+1 < len(text) && text[i+1] == q:
		case c == q:
			s := string(text[start:i])
			if value != nil {
				s = string(append(value, text[start:i]...))
			}
			n := p.node(yaml.ScalarNode, "!!str", s, line, at)
			n.Style = yaml.DoubleQuotedStyle
			if q == '\'' {
				n.Style = yaml.SingleQuotedStyle
			}
			return n, i + 1, true
		default:
			continue
		}
		value = append(append(value, text[start:i]...), text[i+1])
		i++
		start = i + 1
	}
	return nil, 0, false
}
