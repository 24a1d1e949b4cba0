package export

import (
	"encoding/xml"
	"strings"
)

// xmlw writes indented XML by hand, element by element, so that a
// document streams however large it is. Attributes come in name, value
// pairs; a pair whose value is empty is left out.
type xmlw struct {
	o     *out
	depth int
}

func (x *xmlw) indent() { x.o.str(strings.Repeat("  ", x.depth)) }

func (x *xmlw) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		x.o.str(" ", kv[i], `="`)
		x.escape(kv[i+1])
		x.o.str(`"`)
	}
}

// escape writes s escaped for text and attribute values; characters XML
// cannot hold become U+FFFD.
func (x *xmlw) escape(s string) {
	if x.o.err == nil {
		x.o.err = xml.EscapeText(x.o, []byte(s))
	}
}

// open writes a start tag on a line of its own and indents what follows.
func (x *xmlw) open(name string, kv ...string) {
	x.indent()
	x.o.str("<", name)
	x.attrs(kv)
	x.o.str(">\n")
	x.depth++
}

// close ends the element open opened.
func (x *xmlw) close(name string) {
	x.depth--
	x.indent()
	x.o.str("</", name, ">\n")
}

// empty writes an element with no content.
func (x *xmlw) empty(name string, kv ...string) {
	x.indent()
	x.o.str("<", name)
	x.attrs(kv)
	x.o.str("/>\n")
}

// text writes an element holding text.
func (x *xmlw) text(name, text string, kv ...string) {
	x.indent()
	x.o.str("<", name)
	x.attrs(kv)
	x.o.str(">")
	x.escape(text)
	x.o.str("</", name, ">\n")
}
