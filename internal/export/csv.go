package export

import (
	"archive/zip"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSVPart names one of the two files of the CSV export.
type CSVPart string

// The parts of the CSV export.
const (
	PartNodes         CSVPart = "nodes"
	PartRelationships CSVPart = "relationships"
)

// The CSV headers, in the notation of neo4j-admin database import: a
// column's name, then a colon and its type or role (ID, LABEL, START_ID,
// END_ID, TYPE). Spreadsheets read them as plain column names.
func csvNodeHeader() []string {
	return []string{"id:ID", "name", ":LABEL", "category", "wikidata", "time", "earliest", "latest", "uncertain:boolean", "ended", "timeCitations:string[]", "description"}
}

func csvEdgeHeader() []string {
	return []string{":START_ID", ":END_ID", ":TYPE", "statement", "relation", "role", "label", "time", "earliest", "latest", "uncertain:boolean", "timeCitations:string[]", "endDerivedFrom", "citations", "sources:string[]", "citationCount:int"}
}

// writeCSV writes the nodes and relationships files that Neo4j's bulk
// import reads, and that spreadsheets open: as one zip holding
// nodes.csv and relationships.csv (one download, one stream), or one of
// the two as plain CSV when part names it (for Cypher's LOAD CSV FROM a
// URL, or a spreadsheet's import from a URL). Dates are ISO 8601 strings
// (earliest and latest sort as text); citations are one string in the
// dataset's notation; sources is a string array with Neo4j's default
// delimiter, the semicolon, which no source id contains.
func writeCSV(o *out, g Graph, part CSVPart) error {
	switch part {
	case PartNodes:
		return csvNodes(o, o, g)
	case PartRelationships:
		return csvEdges(o, o, g)
	}
	zw := zip.NewWriter(o)
	// Every entry has the same time, the earliest a zip header can hold, so
	// that the same graph gives the same bytes.
	modified := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []struct {
		name  string
		write func(*out, io.Writer, Graph) error
	}{{"nodes.csv", csvNodes}, {"relationships.csv", csvEdges}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if err := f.write(o, w, g); err != nil {
			return err
		}
	}
	return zw.Close()
}

func csvNodes(o *out, w io.Writer, g Graph) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvNodeHeader()); err != nil {
		return err
	}
	for n := range g.Nodes {
		earliest, latest := bounds(n.Time)
		if err := cw.Write([]string{string(n.ID), label(n), neo4jLabel(string(n.Kind)), n.Category, n.Wikidata, n.Time.EDTF,
			earliest, latest, strconv.FormatBool(uncertain(n.Time)), n.Ended.EDTF, strings.Join(cites(n.TimeCitations), ";"), n.Description}); err != nil {
			return err
		}
		if err := o.tick(); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvEdges(o *out, w io.Writer, g Graph) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvEdgeHeader()); err != nil {
		return err
	}
	for e := range g.Edges {
		earliest, latest := bounds(e.Time)
		if err := cw.Write([]string{string(e.From), string(e.To), neo4jType(e.Relation), string(e.ID), e.Relation, string(e.Role), caption(e),
			e.Time.EDTF, earliest, latest, strconv.FormatBool(uncertain(e.Time)),
			strings.Join(cites(e.TimeCitations), ";"), string(e.EndDerivedFrom), citeText(e.Citations), strings.Join(sources(e.Citations), ";"), strconv.Itoa(len(e.Citations))}); err != nil {
			return err
		}
		if err := o.tick(); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neo4jLabel writes a kind as Neo4j names labels: Person, Event.
func neo4jLabel(kind string) string {
	if kind == "" {
		return ""
	}
	return strings.ToUpper(kind[:1]) + kind[1:]
}

// neo4jType writes a relation as Neo4j names relationship types:
// DEPUTY_OF, PARTICIPANT.
func neo4jType(relation string) string {
	return strings.ToUpper(strings.ReplaceAll(relation, "-", "_"))
}
