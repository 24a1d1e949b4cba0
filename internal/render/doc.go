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
// Renderer runs one Graphviz at a time and a program makes one Renderer.
//
// A layout cannot be interrupted, and in WebAssembly Graphviz is slow:
// neato took 6 to 8 s for a neighbourhood of 300 nodes and 615 edges,
// most of it removing overlaps and routing splines, and circo took two
// minutes. So a graph of more than PlacedAbove nodes laid out with neato
// is placed in Go (stress.go: the stress majorization neato does, then
// the boxes pushed apart), tens of milliseconds outside the lock, and
// Graphviz only draws it where it was placed, with straight edges (its
// nop layout); circo refuses more than MaxCircoNodes. Reading the DOT
// for that is done in Go too (dot.go): each call into go-graphviz costs
// some 40 µs.
//
// SVG is Graphviz's own. PNG is drawn in Go from that SVG, not by
// go-graphviz (whose PNG renderer fills edges as if they were closed
// shapes): png.go draws the small part of SVG that Graphviz writes with
// fogleman/gg, and the labels with the Go fonts, which cover Latin, Greek
// and Cyrillic, so the same document gives the same pixels on every
// machine. A picture is drawn at twice its size in points, or smaller to
// fit a budget of pixels that grows with its nodes (4 to 24 megapixels),
// and encoded with one filter at zlib's best speed (pngenc.go): image/png
// tries five filters on every row, which took more time than drawing.
//
// That drawing is written here, not left to a general SVG rasteriser,
// because the one at hand does not draw Graphviz's output correctly nor
// fast enough. github.com/srwiley/oksvg with rasterx (2022, their latest)
// was tried on the export fixture, the README's picture and a
// neighbourhood of 300 nodes: it leaves out two-point polylines (the folds
// of note and folder shapes), strokes outlines and dashes at their width
// in pixels whatever the scale, takes 2 where SVG's default stroke width
// is 1, and draws no text; and its scanner covers the whole canvas for
// every path, so it took 7 times as long on the fixture (0.35 s), 10 times
// on the README's picture (0.84 s), and an estimated 11 minutes on the 300
// nodes (BenchmarkRasterize).
package render
