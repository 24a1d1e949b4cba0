// Package render lays out Graphviz DOT documents and draws them as SVG or
// PNG, in process: github.com/goccy/go-graphviz runs Graphviz 12 compiled to
// WebAssembly (with wazero), so no Graphviz needs to be installed. It is the
// only package that imports go-graphviz.
//
// Costs to know: go-graphviz compiles its WebAssembly module when the
// program starts (package initialisation), about a second on a cold
// machine, and caches the compiled code in $TMPDIR/go-graphviz, after
// which start-up costs some 50 ms; the instance holds some 40 MB. It keeps
// one instance for the whole process, which cannot run two layouts at
// once, so Render draws one picture at a time, and a layout cannot be
// interrupted: callers cap the size of what they draw.
//
// PNG is drawn by go-graphviz's own rasterizer, with the Go fonts (which
// cover Latin, Greek and Cyrillic), so the same document gives the same
// pixels on every machine; it fills shapes but draws no outlines around
// filled ones. SVG is Graphviz's own.
package render
