package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
)

const exportHelp = `Writes the graph, or a part of it, for a visualization or graph tool:
  gexf (Gephi), graphml (yEd, Gephi, Cytoscape), dot (Graphviz), svg and png (a picture),
  cyjs (Cytoscape), graphology (sigma.js), csv (Neo4j's bulk import: a zip of nodes.csv
  and relationships.csv; a file named .csv is one of them, for a spreadsheet: the nodes, or
  the relationships if its name ends in relationships, or as --part says), nquads and jsonld
  (RDF), kumu (a Kumu blueprint).
With no selection flag it writes the whole graph. The selection flags are the parameters of
/export/{format} and the arguments of GraphQL's neighborhood (--max-hops is maxHops).`

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runExport(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "export", "", exportHelp)
	format := fs.String("format", "", "the format: "+formatNames()+" (default: from -o's extension)")
	output := fs.String("o", "", "the file to write (default: standard output)")
	part := fs.String("part", "", "csv only: write nodes or relationships, as one plain CSV file (default: the zip of both, or the file -o FILE.csv names)")
	layout := fs.String("layout", export.DefaultLayout, "svg and png: the Graphviz layout: "+strings.Join(export.Layouts(), ", "))
	// Each selection flag is named as its URL parameter, in kebab case.
	fs.Var(&listFlag{}, selection.ParamID, "start from this entity, such as person/lavrentiy-beria (repeat it, or separate ids with commas)")
	fs.String(selection.ParamHops, "", "how many statements away from --id to go (default 1)")
	fs.String(selection.ParamFrom, "", "instead of --id: the shortest path from this entity ...")
	fs.String(selection.ParamTo, "", "... to this one")
	fs.String("max-hops", "", "the longest path to look for (default 6)")
	fs.String(selection.ParamPaths, "", "how many shortest paths (default 1)")
	fs.Var(&listFlag{}, selection.ParamKinds, "only nodes of these kinds: person, group, place, event, work")
	fs.Var(&listFlag{}, selection.ParamVia, "only these links: relation types, participant, place, part-of, caused, or roles")
	fs.String(selection.ParamDuring, "", "only statements that can hold in this EDTF interval, such as 1934/1941")
	fs.String(selection.ParamSource, "", "only the statements this source supports, such as source/essay-special-treatment")
	fs.String(selection.ParamLimit, "", "at most this many nodes, the farthest cut in id order")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: export takes no arguments, got %q; write -o FILE for a file", errUsage, fs.Args())
	}
	f, namedPart, err := exportFormat(*format, *output)
	if err != nil {
		return err
	}
	opts := export.Options{Part: export.CSVPart(*part), Renderer: render.New(), Layout: *layout}
	switch {
	case *part != "" && f != export.CSV:
		return fmt.Errorf("%w: --part is for the csv format", errUsage)
	case *part != "" && opts.Part != export.PartNodes && opts.Part != export.PartRelationships:
		return fmt.Errorf("%w: --part is nodes or relationships, not %q", errUsage, *part)
	case *part != "" && strings.EqualFold(filepath.Ext(*output), ".zip"):
		return fmt.Errorf("%w: --part writes one plain CSV file: name it .csv, or leave --part out for the zip of both", errUsage)
	case !slices.Contains(export.Layouts(), *layout):
		return fmt.Errorf("%w: unknown --layout %q: choose %s", errUsage, *layout, strings.Join(export.Layouts(), ", "))
	}
	if opts.Part == "" {
		opts.Part = namedPart
	}
	query := url.Values{}
	fs.Visit(func(fl *flag.Flag) {
		if name, ok := exportParams()[fl.Name]; ok {
			query[name] = append(query[name], fl.Value.String())
		}
	})
	sel, err := selection.Parse(query)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}

	// The file is begun before the store is read, which takes a minute
	// for a million people: a place it cannot go fails at once.
	var tmp *os.File
	if *output != "" {
		if tmp, err = beginExportFile(*output); err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
	}
	st, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := st.Dataset(ctx)
	if err != nil {
		return err
	}
	ds = ds.Standing() // retracted records are not exported; dump keeps them
	rs := selection.NewResolver(graph.Build(ds), catalog.New(ds))
	out, err := rs.Resolve(ctx, sel, selection.Limits{})
	if err != nil {
		return err
	}
	return writeExport(ctx, e, tmp, *output, f, out, opts)
}

// exportParams maps the selection flags to their URL parameters.
func exportParams() map[string]string {
	m := map[string]string{"max-hops": selection.ParamMaxHops}
	for _, p := range selection.Params() {
		if p != selection.ParamMaxHops {
			m[p] = p
		}
	}
	return m
}

func formatNames() string {
	names := make([]string, 0, len(export.Formats()))
	for _, f := range export.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// exportFormat is --format, or else the format -o's extension names; and
// the CSV file that -o names, if it names one .csv file (see
// export.ParseFile).
func exportFormat(format, output string) (export.Format, export.CSVPart, error) {
	if format == "" && output == "" {
		return "", "", fmt.Errorf("%w: give --format (%s), or -o FILE with a format's extension", errUsage, formatNames())
	}
	var f export.Format
	var part export.CSVPart
	var err error
	if format != "" {
		f, err = export.ParseFormat(format)
	} else {
		f, part, err = export.ParseFile(output)
	}
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", errUsage, err)
	}
	if format != "" && f == export.CSV && output != "" {
		// A file named .csv is one CSV, whatever --format says.
		if named, p, err := export.ParseFile(output); err == nil && named == export.CSV {
			part = p
		}
	}
	return f, part, nil
}

// beginExportFile creates the file an export is written to, beside output
// under another name, so that output appears only once it is whole.
func beginExportFile(output string) (*os.File, error) {
	if info, err := os.Stat(output); err == nil && info.IsDir() {
		return nil, history.Errorf(history.CodeInvalid, "export: -o %s is a directory: name a file in it", output)
	}
	tmp, err := os.CreateTemp(filepath.Dir(output), "."+filepath.Base(output)+".*")
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "export: -o "+output, err)
	}
	return tmp, nil
}

// writeExport writes the export to standard output or, given tmp (from
// beginExportFile), to tmp, which it then renames to output.
func writeExport(ctx context.Context, e env, tmp *os.File, output string, f export.Format, g export.Graph, opts export.Options) error {
	if tmp == nil {
		return export.Write(ctx, e.stdout, f, g, opts)
	}
	if err := export.Write(ctx, tmp, f, g, opts); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return history.Wrap(history.CodeInternal, "export: write "+output, err)
	}
	if err := tmp.Close(); err != nil {
		return history.Wrap(history.CodeInternal, "export: write "+output, err)
	}
	if err := os.Rename(tmp.Name(), output); err != nil {
		return history.Wrap(history.CodeInternal, "export", err)
	}
	return nil
}

// newExporter resolves export selections over the index and records that
// the API answers from, so that /export and GraphQL see the same data.
func newExporter(d api.Data) *selection.Resolver {
	return selection.NewResolver(d.Graph, d.Records)
}
