package export

import (
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Format is an export format, named as in `memoria export --format` and
// /export/{format}.
type Format string

// The formats.
const (
	GEXF          Format = "gexf"       // GEXF 1.3, for Gephi
	GraphML       Format = "graphml"    // GraphML with yEd's graphics
	DOT           Format = "dot"        // Graphviz DOT
	SVG           Format = "svg"        // a picture laid out by Graphviz
	PNG           Format = "png"        // the same picture as pixels
	CytoscapeJSON Format = "cyjs"       // Cytoscape desktop and Cytoscape.js
	Graphology    Format = "graphology" // graphology's serialization, for sigma.js
	CSV           Format = "csv"        // Neo4j bulk import and spreadsheets: a zip of two files, or one part
	NQuads        Format = "nquads"     // RDF, the citing source in the graph label
	JSONLD        Format = "jsonld"     // RDF as JSON-LD, with the same statements as the N-Quads
	Kumu          Format = "kumu"       // a Kumu blueprint: elements and connections
)

type formatInfo struct {
	media string
	ext   string
	alt   []string // other file extensions that name the format
	drawn bool     // laid out and drawn by a Renderer
}

func (f Format) info() (formatInfo, bool) {
	switch f {
	case GEXF:
		return formatInfo{media: "application/gexf+xml", ext: ".gexf"}, true
	case GraphML:
		return formatInfo{media: "application/graphml+xml", ext: ".graphml"}, true
	case DOT:
		return formatInfo{media: "text/vnd.graphviz; charset=utf-8", ext: ".dot", alt: []string{".gv"}}, true
	case SVG:
		return formatInfo{media: "image/svg+xml", ext: ".svg", drawn: true}, true
	case PNG:
		return formatInfo{media: "image/png", ext: ".png", drawn: true}, true
	case CytoscapeJSON:
		return formatInfo{media: "application/json", ext: ".cyjs"}, true
	case Graphology:
		return formatInfo{media: "application/json", ext: ".json", alt: []string{".graphology", ".graphology.json"}}, true
	case CSV:
		// A file named .csv is one plain CSV (see ParseFile); the pair
		// that neo4j-admin imports comes in a zip.
		return formatInfo{media: "application/zip", ext: ".zip", alt: []string{".csv"}}, true
	case NQuads:
		return formatInfo{media: "application/n-quads", ext: ".nq", alt: []string{".nquads"}}, true
	case JSONLD:
		return formatInfo{media: "application/ld+json", ext: ".jsonld"}, true
	case Kumu:
		return formatInfo{media: "application/json", ext: ".kumu.json", alt: []string{".kumu"}}, true
	}
	return formatInfo{}, false
}

// Formats lists every format, in the order the usage text gives them.
func Formats() []Format {
	return []Format{GEXF, GraphML, DOT, SVG, PNG, CytoscapeJSON, Graphology, CSV, NQuads, JSONLD, Kumu}
}

// ParseFormat reads a format by its name ("gexf"), or by a file name that
// ends in one of its extensions ("beria.graphml", "out.nq"), so that a
// URL can end in the extension tools look for. ParseFile says, besides,
// which CSV file a name asks for.
func ParseFormat(s string) (Format, error) {
	f, _, err := ParseFile(s)
	return f, err
}

// ParseFile reads what a format's name or a file name asks for: the
// format, and for a file named .csv the one plain CSV file it holds (the
// relationships when the name ends in "relationships", such as
// relationships.csv or beria-relationships.csv; else the nodes), which a
// spreadsheet opens, where the format's name and a .zip ask for the zip
// of both files that neo4j-admin imports. The longest extension that
// ends the name decides, so that beria.kumu.json is Kumu's and
// beria.json graphology's.
func ParseFile(s string) (Format, CSVPart, error) {
	if _, ok := Format(s).info(); ok {
		return Format(s), "", nil
	}
	lower := strings.ToLower(s)
	var found Format
	longest := 0
	for _, f := range Formats() {
		fi, _ := f.info()
		for _, ext := range append([]string{fi.ext}, fi.alt...) {
			if len(ext) > longest && len(lower) > len(ext) && strings.HasSuffix(lower, ext) {
				found, longest = f, len(ext)
			}
		}
	}
	if found == "" {
		names := make([]string, 0, len(Formats()))
		for _, f := range Formats() {
			names = append(names, string(f))
		}
		return "", "", history.Errorf(history.CodeNotFound, "unknown export format %q: choose one of %s, or a file name with one of their extensions", s, strings.Join(names, ", "))
	}
	var part CSVPart
	if found == CSV && strings.HasSuffix(lower, ".csv") {
		part = PartNodes
		if strings.HasSuffix(strings.TrimSuffix(lower, ".csv"), string(PartRelationships)) {
			part = PartRelationships
		}
	}
	return found, part, nil
}

// Extensions returns the file extensions that name f, the one FileName
// gives first.
func (f Format) Extensions() []string {
	fi, _ := f.info()
	return append([]string{fi.ext}, fi.alt...)
}

// Drawn reports whether f is a picture, laid out and drawn by a Renderer.
// A picture is made whole in memory, so callers cap the size of what they
// draw.
func (f Format) Drawn() bool {
	fi, _ := f.info()
	return fi.drawn
}

// MediaType returns the media type of what Write writes in format f with
// opts.
func MediaType(f Format, opts Options) string {
	if f == CSV && opts.Part != "" {
		return "text/csv; charset=utf-8"
	}
	fi, _ := f.info()
	return fi.media
}

// FileName returns the name of a file holding an export in format f with
// opts: stem and the format's extension.
func FileName(stem string, f Format, opts Options) string {
	if f == CSV && opts.Part != "" {
		return stem + "-" + string(opts.Part) + ".csv"
	}
	fi, _ := f.info()
	return stem + fi.ext
}
