// Package render lays out Graphviz DOT documents and draws them as SVG or
// PNG, in process: github.com/goccy/go-graphviz runs Graphviz 12 compiled to
// WebAssembly (with wazero), so no Graphviz needs to be installed. It is the
// only package that imports go-graphviz.
//
// go-graphviz compiles its WebAssembly to machine code while the program
// initialises, in every command, whether it draws or not: about a second,
// or some 50 ms when the compiled code is in its cache. Package cachedir
// keeps that cache in a directory of the user's own
// (os.UserCacheDir()/memoria/go-graphviz), not in a /tmp/go-graphviz
// shared with other users. The instance holds some 40 MB. There is one
// for the whole process, and it cannot run two layouts at once, so a
// Renderer draws one picture at a time and a program makes one Renderer;
// a layout cannot be interrupted, so callers cap the size of what they
// draw.
//
// SVG is Graphviz's own. PNG is drawn in Go from that SVG, not by
// go-graphviz (whose PNG renderer fills edges as if they were closed
// shapes), with the Go fonts, which cover Latin, Greek and Cyrillic, so
// the same document gives the same pixels on every machine.
package render
