package render

import (
	"errors"
	"maps"
	"strconv"
	"strings"
)

// Reading DOT in Go: what a picture needs (the nodes and edges with
// their attributes, and the graph's), without asking go-graphviz, whose
// every call into WebAssembly costs some 40 µs: reading 300 nodes and 615
// edges through it took 130 ms. It reads the flat graphs Memoria writes,
// graphs like them, and what Graphviz writes of them once laid out (-Tdot:
// the same with positions); a document it does not understand
// (subgraphs, HTML labels) is drawn by Graphviz alone.

// errUnread says that readDOT met DOT it does not read.
var errUnread = errors.New("render: DOT beyond what the placement reads")

// dotNode is a node of a DOT document.
type dotNode struct {
	name  string
	token string // its id as written, quoted or not, to name it again
	// attrs are its attributes: the node defaults in force where it first
	// appeared, and its own.
	attrs map[string]string
}

// dotEdge is an edge, with the edge defaults in force where it appeared
// and its own attributes.
type dotEdge struct {
	from, to int // indices into the nodes
	attrs    map[string]string
}

// dotGraph is what readDOT reads of a document.
type dotGraph struct {
	name     string
	directed bool
	attrs    map[string]string // the graph's
	nodes    []dotNode
	edges    []dotEdge
}

// readDOT reads the nodes and edges of a graph without subgraphs. A node
// takes the node defaults in force where it first appears, and an edge
// the edge defaults where it is, as in Graphviz.
func readDOT(doc []byte) (*dotGraph, error) {
	s := &dotScanner{src: string(doc)}
	g := &dotGraph{attrs: map[string]string{}}
	index := map[string]int{}
	defaults := map[string]map[string]string{"node": {}, "edge": {}}
	node := func(tok token) int {
		if i, ok := index[tok.text]; ok {
			return i
		}
		index[tok.text] = len(g.nodes)
		g.nodes = append(g.nodes, dotNode{name: tok.text, token: tok.raw, attrs: maps.Clone(defaults["node"])})
		return len(g.nodes) - 1
	}
	// The header: [strict] graph|digraph [ID] {
	t := s.next()
	if t.is("strict") {
		t = s.next()
	}
	if !t.is("graph") && !t.is("digraph") {
		return nil, errUnread
	}
	g.directed = t.is("digraph")
	if t = s.next(); t.kind == tokID {
		g.name = t.text
		t = s.next()
	}
	if !t.punct("{") {
		return nil, errUnread
	}
	for {
		t = s.next()
		switch {
		case t.kind == tokEOF || t.kind == tokBad:
			return nil, errUnread
		case t.punct("}"):
			return g, nil
		case t.punct(";"):
			continue
		case t.is("subgraph") || t.punct("{"):
			return nil, errUnread
		case t.is("node") || t.is("edge") || t.is("graph"):
			attrs, err := s.attrList()
			if err != nil {
				return nil, err
			}
			into := g.attrs
			if !t.is("graph") {
				into = defaults[strings.ToLower(t.text)]
			}
			maps.Copy(into, attrs)
			continue
		case t.kind != tokID:
			return nil, errUnread
		}
		// ID = ID, ID [attrs], or ID -> ID ... [attrs]
		first := t
		s.port()
		if s.peek().punct("=") {
			s.next()
			v := s.next()
			if v.kind != tokID {
				return nil, errUnread
			}
			g.attrs[first.text] = v.text
			continue
		}
		ends := []int{node(first)}
		for s.peek().punct("->") || s.peek().punct("--") {
			s.next()
			t = s.next()
			if t.kind != tokID {
				return nil, errUnread
			}
			s.port()
			ends = append(ends, node(t))
		}
		attrs, err := s.attrList()
		if err != nil {
			return nil, err
		}
		if len(ends) == 1 {
			maps.Copy(g.nodes[ends[0]].attrs, attrs)
			continue
		}
		for i := 1; i < len(ends); i++ {
			a := maps.Clone(defaults["edge"])
			maps.Copy(a, attrs)
			g.edges = append(g.edges, dotEdge{from: ends[i-1], to: ends[i], attrs: a})
		}
	}
}

// fontsize is a node's, an edge's or the graph's font size in points:
// Graphviz's 14 unless fontsize says otherwise.
func fontsize(attrs map[string]string) float64 {
	if f, err := strconv.ParseFloat(attrs["fontsize"], 64); err == nil && f > 0 && f < 1000 {
		return f
	}
	return 14
}

// lines returns the lines of a node's label as Graphviz draws them: \N
// is the node's name; \n, \l and \r end lines.
func (n dotNode) lines() []string {
	label, ok := n.attrs["label"]
	if !ok {
		label = `\N`
	}
	return labelLines(label, n.name)
}

// labelLines splits a label into lines; \N in it is name.
func labelLines(label, name string) []string {
	var lines []string
	var b strings.Builder
	for i := 0; i < len(label); i++ {
		if label[i] != '\\' || i+1 == len(label) {
			b.WriteByte(label[i])
			continue
		}
		i++
		switch label[i] {
		case 'N':
			b.WriteString(name)
		case 'n', 'l', 'r':
			lines = append(lines, b.String())
			b.Reset()
		default:
			b.WriteByte(label[i])
		}
	}
	return append(lines, b.String())
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokID
	tokPunct
	tokBad
)

// token is a DOT token: an ID (its value in text, as written in raw) or
// punctuation.
type token struct {
	kind      tokenKind
	text, raw string
	at        int // the offset of raw in the document
}

func (t token) is(keyword string) bool {
	return t.kind == tokID && t.raw[0] != '"' && strings.EqualFold(t.text, keyword)
}

func (t token) punct(p string) bool { return t.kind == tokPunct && t.text == p }

type dotScanner struct {
	src    string
	i      int
	peeked *token
}

func (s *dotScanner) peek() token {
	if s.peeked == nil {
		t := s.scan()
		s.peeked = &t
	}
	return *s.peeked
}

func (s *dotScanner) next() token {
	t := s.peek()
	s.peeked = nil
	return t
}

// port skips a node's port, :port or :port:compass.
func (s *dotScanner) port() {
	for s.peek().punct(":") {
		s.next()
		s.next()
	}
}

// attrList reads any number of [a=b, c=d; ...] lists.
func (s *dotScanner) attrList() (map[string]string, error) {
	attrs := map[string]string{}
	for s.peek().punct("[") {
		s.next()
		for {
			t := s.next()
			switch {
			case t.punct("]"):
			case t.punct(",") || t.punct(";"):
				continue
			case t.kind == tokID:
				if !s.next().punct("=") {
					return nil, errUnread
				}
				v := s.next()
				if v.kind != tokID {
					return nil, errUnread
				}
				attrs[t.text] = v.text
				continue
			default:
				return nil, errUnread
			}
			break
		}
	}
	return attrs, nil
}

func (s *dotScanner) scan() token {
	s.skip()
	if s.i >= len(s.src) {
		return token{kind: tokEOF, at: s.i}
	}
	start := s.i
	c := s.src[s.i]
	switch {
	case c == '"':
		text, ok := s.quoted()
		for ok {
			// "a" + "b" is one ID.
			save := s.i
			s.skip()
			if s.i < len(s.src) && s.src[s.i] == '+' {
				s.i++
				s.skip()
				if s.i < len(s.src) && s.src[s.i] == '"' {
					var more string
					more, ok = s.quoted()
					text += more
					continue
				}
			}
			s.i = save
			break
		}
		if !ok {
			return token{kind: tokBad}
		}
		return token{kind: tokID, text: text, raw: s.src[start:s.i], at: start}
	case c == '<':
		return token{kind: tokBad} // an HTML label
	case c == '-' && s.i+1 < len(s.src) && (s.src[s.i+1] == '>' || s.src[s.i+1] == '-'):
		s.i += 2
		return token{kind: tokPunct, text: s.src[start:s.i], at: start}
	case idByte(c) || c == '-' || c == '.':
		s.i++
		for s.i < len(s.src) && (idByte(s.src[s.i]) || s.src[s.i] == '.') {
			s.i++
		}
		return token{kind: tokID, text: s.src[start:s.i], raw: s.src[start:s.i], at: start}
	case strings.IndexByte("{}[];,=:", c) >= 0:
		s.i++
		return token{kind: tokPunct, text: s.src[start:s.i], at: start}
	}
	return token{kind: tokBad}
}

// quoted reads a quoted string from its opening quote: Graphviz keeps
// every backslash but the one before a quote, and joins lines ended by
// a backslash.
func (s *dotScanner) quoted() (string, bool) {
	var b strings.Builder
	for s.i++; s.i < len(s.src); s.i++ {
		c := s.src[s.i]
		switch {
		case c == '"':
			s.i++
			return b.String(), true
		case c == '\\' && s.i+1 < len(s.src) && s.src[s.i+1] == '"':
			b.WriteByte('"')
			s.i++
		case c == '\\' && s.i+1 < len(s.src) && s.src[s.i+1] == '\n':
			s.i++
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// skip passes white space and comments: //, /* */ and lines that begin
// with #.
func (s *dotScanner) skip() {
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			s.i++
		case c == '#' && (s.i == 0 || s.src[s.i-1] == '\n'):
			s.line()
		case strings.HasPrefix(s.src[s.i:], "//"):
			s.line()
		case strings.HasPrefix(s.src[s.i:], "/*"):
			end := strings.Index(s.src[s.i+2:], "*/")
			if end < 0 {
				s.i = len(s.src)
				return
			}
			s.i += end + 4
		default:
			return
		}
	}
}

func (s *dotScanner) line() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

func idByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
