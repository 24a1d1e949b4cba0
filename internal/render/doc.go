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
// the boxes pushed apart), tens of milliseconds outside the lock, with
// straight edges and no Graphviz at all; circo refuses more than
// MaxCircoNodes. Reading DOT is done in Go too (dot.go): each call into
// go-graphviz costs some 40 µs.
//
// The pictures are drawn here, not by Graphviz: Graphviz puts an edge's
// label where it may lie under a node, and its PNG renderer fills edges
// as if they were closed shapes. A graph is laid out (by Graphviz, which
// writes it back as DOT with every position, or in Go) into a scene
// (scene.go, layout.go, place.go); each edge's label is put where it
// hides nothing, or becomes the edge's tooltip (labels.go); and the scene
// is written as SVG in Graphviz's structure (svg.go) or drawn as PNG
// (draw.go) with fogleman/gg and the Go fonts, which cover Latin, Greek
// and Cyrillic and in which every label was measured, so both show the
// same picture and the same document gives the same bytes on every
// machine. A document the scene does not read (subgraphs, HTML labels,
// other shapes) is drawn by Graphviz alone, and its PNG from Graphviz's
// SVG (png.go). A PNG is drawn at twice its size in points, or smaller
// to fit a budget of pixels that grows with its nodes (4 to 24
// megapixels), though not so small that its smallest label is less than
// 12 pixels high while 24 megapixels hold it, and encoded with one filter at zlib's best speed
// (pngenc.go): image/png tries five filters on every row, which took
// more time than drawing.
//
// Graphviz's SVG is drawn here, not left to a general SVG rasteriser,
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
