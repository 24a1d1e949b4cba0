package export

import (
	"encoding/xml"
)

// xmlw writes an indented XML document element by element with
// encoding/xml's Encoder, which streams each token to the output however
// large the document is. Attributes come in name, value pairs; a pair
// whose value is empty is left out. Names are written as given, prefix
// and all ("viz:color"): the documents declare their namespaces on the
// root element themselves. An element without content is written as a
// start and an end tag, since the Encoder has no self-closing form.
type xmlw struct {
	o     *out
	enc   *xml.Encoder
	attrs []xml.Attr // reused from one start tag to the next
}

// newXMLW writes the XML declaration and returns a writer of the
// document's elements after it. The declaration is written by hand: the
// Encoder would put the root element on the same line. The Encoder writes
// into o's buffer and is flushed before end's line break, so what o and
// the Encoder write stays in order.
func newXMLW(o *out) *xmlw {
	o.str(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	enc := xml.NewEncoder(o.Writer)
	enc.Indent("", "  ")
	return &xmlw{o: o, enc: enc}
}

// end ends the document with a line break after the root element.
func (x *xmlw) end() error {
	if x.o.err == nil {
		x.o.err = x.enc.Close()
	}
	x.o.str("\n")
	return x.o.err
}

func (x *xmlw) token(t xml.Token) {
	if x.o.err == nil {
		x.o.err = x.enc.EncodeToken(t)
	}
}

// open writes a start tag on a line of its own and indents what follows.
func (x *xmlw) open(name string, kv ...string) {
	x.attrs = x.attrs[:0]
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			x.attrs = append(x.attrs, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
		}
	}
	x.token(xml.StartElement{Name: xml.Name{Local: name}, Attr: x.attrs})
}

// close ends the element open opened.
func (x *xmlw) close(name string) { x.token(xml.EndElement{Name: xml.Name{Local: name}}) }

// empty writes an element with no content.
func (x *xmlw) empty(name string, kv ...string) {
	x.open(name, kv...)
	x.close(name)
}

// text writes an element holding text.
func (x *xmlw) text(name, text string, kv ...string) {
	x.open(name, kv...)
	x.token(xml.CharData(text))
	x.close(name)
}
