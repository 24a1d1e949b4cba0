package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/ingest"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/internal/store"
)

func runIngest(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "ingest", "FILE -o DIR | --accept DIR", "Reads a document (plain text, Markdown or HTML, UTF-8) and writes a draft dataset to DIR: the\n"+
		"source and its text with paragraphs numbered as locators count them, the known entities each\n"+
		"paragraph names (through the search index of --db, or of the embedded dataset), and the names\n"+
		"that match none, proposed as new records. Every proposal is cited to its paragraph and marked\n"+
		"draft: nothing loads until a person reviews it (see the comment at the top of draft.yaml);\n"+
		"memoria validate DIR lists what is left to review. --accept DIR loads a reviewed draft into\n"+
		"--db, or through the write API of --server with the token in MEMORIA_TOKEN.")
	out := fs.String("o", "", "the directory to write the draft to")
	src := ingest.SourceInfo{}
	fs.Func("source-id", "the new source's id, such as source/a-memoir (required)", func(s string) error { src.ID = history.ID(s); return nil })
	fs.StringVar(&src.Title, "title", "", "the source's title (default: the document's title)")
	fs.StringVar(&src.Author, "author", "", "the source's author")
	kind := fs.String("kind", string(history.SourceOpinionEssay), "the kind of source: "+kindList())
	fs.StringVar(&src.Published, "published", "", "when the source was published (EDTF)")
	fs.StringVar(&src.URL, "url", "", "where the source is published")
	format := fs.String("format", "", "text, markdown or html (default: by the file's extension)")
	acceptDir := fs.String("accept", "", "load the reviewed draft in this directory")
	serverURL := fs.String("server", "", "with --accept: write through the memoria serve at this URL, with the editor token in MEMORIA_TOKEN")
	pos, err := parseInterspersed(e, fs, args)
	if err != nil {
		return err
	}
	if *acceptDir != "" {
		if len(pos) > 0 || *out != "" {
			return fmt.Errorf("%w: ingest --accept DIR takes no FILE and no -o", errUsage)
		}
		return acceptDraft(ctx, e, g, *acceptDir, *serverURL)
	}
	if *serverURL != "" {
		return fmt.Errorf("%w: --server goes with --accept", errUsage)
	}
	if len(pos) != 1 || *out == "" || src.ID == "" {
		return fmt.Errorf("%w: ingest takes one FILE, --source-id and -o DIR", errUsage)
	}
	src.Kind = history.SourceKind(*kind)
	file := pos[0]
	f := ingest.FormatOf(file)
	if *format != "" {
		f = ingest.Format(*format)
		if f != ingest.Text && f != ingest.Markdown && f != ingest.HTML {
			return fmt.Errorf("%w: --format is text, markdown or html, not %q", errUsage, *format)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return history.Wrap(history.CodeInvalid, "ingest", err)
	}
	doc, err := ingest.Read(data, f)
	if err != nil {
		return history.Wrap(history.CodeInvalid, "ingest "+file, err)
	}
	s, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := s.Dataset(ctx)
	if err != nil {
		return err
	}
	entries := search.Entries(ds)
	in := ingest.New(search.NewIndex(entries), entries)
	d, err := in.Draft(ctx, doc, src)
	if err != nil {
		return err
	}
	if err := ingest.WriteDir(*out, d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d paragraphs, %d mentions of known entities, %d new names: draft in %s (review draft.yaml, then memoria ingest --accept %s)\n",
		file, len(d.Paragraphs), len(d.Mentions), len(d.New), *out, *out)
	return s.Close()
}

func kindList() string {
	var ks []string
	for _, k := range history.SourceKinds() {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

// parseInterspersed parses flags that may come after the positional
// arguments too ("ingest FILE -o DIR"), and returns the positional ones.
func parseInterspersed(e env, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(e, fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// acceptDraft loads a reviewed draft: into the store, or through a
// server's write API.
func acceptDraft(ctx context.Context, e env, g globals, dir, serverURL string) error {
	files, err := dataset.OpenDir(dir, false)
	if err != nil {
		return history.Wrap(history.CodeInvalid, "accept draft", err)
	}
	defer files.Close()
	if !ingest.IsDraft(files) {
		return history.Errorf(history.CodeInvalid, "accept draft: %s holds no %s: it is not a draft memoria ingest wrote", dir, ingest.DraftFile)
	}
	rv, err := reviewed(e, files, dir)
	if err != nil {
		return err
	}
	if serverURL != "" {
		return acceptRemote(ctx, e, dir, serverURL, rv)
	}
	s, ch, err := openReviewed(ctx, e, g, openStore, rv, dir)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.Apply(ctx, ch, store.ChangeMeta{Author: commandAuthor(e), Operation: "ingest", Note: dir, LastWriteWins: true})
	if err != nil {
		return explain(e.stderr, err)
	}
	fmt.Fprintf(e.stdout, "%s: revision %d, %d records written (%d citations of known records added)\n", dir, c.Revision, c.After.Len(), len(rv.Citations))
	return s.Close()
}

// reviewed reads a draft as its curator left it, and says what is left
// to review, if anything is.
func reviewed(e env, files fs.FS, dir string) (*ingest.Reviewed, error) {
	rv, problems, err := ingest.Review(files)
	if err != nil {
		return nil, explain(e.stderr, err)
	}
	if len(problems) > 0 {
		return nil, explain(e.stderr, reviewProblems(problems, dir))
	}
	return rv, nil
}

// openReviewed opens the store with open and returns it with what the
// reviewed draft changes in it, checked against the records it holds.
func openReviewed(ctx context.Context, e env, g globals, open func(context.Context, env, globals) (*store.Store, error), rv *ingest.Reviewed, dir string) (*store.Store, history.Change, error) {
	s, err := open(ctx, e, g)
	if err != nil {
		return nil, history.Change{}, err
	}
	stored, err := s.Dataset(ctx)
	if err == nil {
		var ch history.Change
		if ch, err = rv.Check(ctx, dir, stored); err == nil {
			return s, ch, nil
		}
		err = explain(e.stderr, err)
	}
	s.Close()
	return nil, history.Change{}, err
}

// reviewProblems says what a curator must still do, each problem at its
// file (in dir) and line.
func reviewProblems(ps history.Problems, dir string) error {
	for i := range ps {
		ps[i].At.File = dir + "/" + ps[i].At.File
	}
	return ps.Err("review draft " + dir + ": " + fmt.Sprint(len(ps)) + " proposal(s) to settle")
}

// validateDraft checks a draft made by memoria ingest: every proposal
// not yet reviewed is a problem at its line; once none is left, what the
// review leaves is checked as validate checks a dataset, against the
// records of --db (or the embedded dataset), its citations against the
// draft's text.
func validateDraft(ctx context.Context, e env, g globals, dir string, files fs.FS) error {
	rv, err := reviewed(e, files, dir)
	if err != nil {
		return err
	}
	s, ch, err := openReviewed(ctx, e, g, openStoreToRead, rv, dir)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(e.stdout, "%s: reviewed draft: valid: %s to put, with %d citation(s) of known records added\n", dir, describe(&ch.Put), len(rv.Citations))
	return s.Close()
}
