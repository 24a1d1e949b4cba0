package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlocks reads an HTML document's text: each block element (a
// paragraph, a heading, a list item, a table cell, a quotation) is a
// paragraph, line breaks within one are spaces, and scripts, styles and
// the head are left out. The title is the document's <title>, else its
// first <h1>, which is then not a paragraph too.
func htmlBlocks(text string) (blocks []string, title string) {
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// html.Parse recovers from any markup; it fails only on a read
		// error, which a string cannot give.
		return textBlocks(text), ""
	}
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			blocks = append(blocks, s)
		}
		cur.Reset()
	}
	var h1 string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math:
				return
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(textOf(n))
				}
				return
			case atom.Head:
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.DataAtom == atom.Title {
						walk(c)
					}
				}
				return
			case atom.Br:
				cur.WriteByte(' ')
				return
			case atom.Img:
				return
			}
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			flush()
		}
		if n.DataAtom == atom.H1 && h1 == "" && title == "" {
			h1 = strings.TrimSpace(textOf(n))
			if h1 != "" {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(root)
	flush()
	if title == "" {
		title = h1
	} else if h1 != "" {
		blocks = append([]string{h1}, blocks...)
	}
	return blocks, title
}

// textOf is the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isBlock tells the elements whose text is a paragraph of its own.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li,
		atom.Blockquote, atom.Pre, atom.Td, atom.Th, atom.Tr, atom.Dt, atom.Dd, atom.Section,
		atom.Article, atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Figcaption,
		atom.Caption, atom.Hr, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Main, atom.Address,
		atom.Body:
		return true
	}
	return false
}
