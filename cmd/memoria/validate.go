package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/ingest"
	"github.com/memoria-history/memoria/seed"
)

func runValidate(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "validate", "[PATH]", "Checks a dataset: unknown fields, dangling references, duplicate ids, invalid dates,\nuncited statements and events with no participant. Each problem names its file and line.\n"+
		"Then checks every citation of a paragraph of a source whose text the dataset ships (a source's\ntext: field, the text or its concordance) against that paragraph: it must name one of the\nstatement's entities, give a claim's figures, and give the year of a date unless another\ncitation supports it. With no PATH, checks the embedded seed dataset.")
	follow := followLinksFlag(fs)
	var texts textFlags
	fs.Var(&texts, "text", "SOURCE=FILE: check citations of SOURCE against the full text in FILE rather than what the dataset ships (repeatable)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: validate takes at most one PATH, got %d", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	files, closeFiles, err := filesOf(path, *follow)
	if err != nil {
		return explain(e.stderr, history.Wrap(history.CodeInvalid, "read dataset", err))
	}
	defer closeFiles()
	if ingest.IsDraft(files) && path != "" {
		if len(texts) > 0 {
			return fmt.Errorf("%w: a draft's citations are checked against its own text: --text goes with a dataset", errUsage)
		}
		return validateDraft(ctx, e, g, path, files)
	}
	name := path
	var (
		ds   *history.Dataset
		desc string
	)
	if info, statErr := os.Stat(path); path != "" && statErr == nil && info.IsDir() {
		var sum *summary
		if sum, err = validateDir(ctx, path, *follow); err != nil {
			return explain(e.stderr, err)
		}
		desc = sum.String()
		if sum.texts > 0 || len(texts) > 0 {
			// The citation check needs every record at once: a second
			// pass, for the datasets that ship a text.
			if ds, err = dataset.ReadFS(ctx, files, ".", path); err != nil {
				return explain(e.stderr, err)
			}
		}
	} else {
		if ds, err = readDataset(ctx, path, *follow); err != nil {
			return explain(e.stderr, err)
		}
		desc = describe(ds)
		if path == "" {
			name = embeddedName + " (embedded)"
		}
	}
	checked, err := checkCitations(ds, files, texts, name)
	if err != nil {
		return explain(e.stderr, err)
	}
	if checked > 0 {
		desc += fmt.Sprintf("; citations checked against %d source text(s)", checked)
	}
	fmt.Fprintf(e.stdout, "%s: valid: %s\n", name, desc)
	return nil
}

// filesOf is where the files of the dataset at path are: the embedded seed's,
// a directory's, or the directory of a single file, opened as the reader
// opens them, so that a source's text is held to the same rules as the
// dataset's files (regular files only, links out of the directory only if
// followLinks). The function returned closes it.
func filesOf(path string, followLinks bool) (fs.FS, func() error, error) {
	dir := path
	switch info, err := os.Stat(path); {
	case path == "":
		return seed.FS(), func() error { return nil }, nil
	case err != nil || !info.IsDir():
		dir = filepath.Dir(path)
	}
	d, err := dataset.OpenDir(dir, followLinks)
	if err != nil {
		return nil, nil, err
	}
	return d, d.Close, nil
}

// checkCitations checks the citations of ds against the texts of its
// sources: those the dataset ships (read from files), and those given on
// the command line, which take their place. It returns how many sources'
// texts were used.
func checkCitations(ds *history.Dataset, files fs.FS, given textFlags, name string) (int, error) {
	if ds == nil {
		return 0, nil
	}
	shipped, problems := dataset.Texts(files, ".", ds)
	known := map[history.ID]bool{}
	for _, s := range ds.Sources {
		known[s.ID] = true
	}
	for _, t := range given {
		if !known[t.source] {
			return 0, fmt.Errorf("%w: --text %s=%s: %s is not a source of the dataset", errUsage, t.source, t.file, t.source)
		}
		data, err := os.ReadFile(t.file)
		if err != nil {
			return 0, history.Wrap(history.CodeInvalid, "read the text of "+string(t.source), err)
		}
		full, err := dataset.ParseText(data)
		if err != nil {
			return 0, history.Errorf(history.CodeInvalid, "read the text of %s from %s: %v", t.source, t.file, err)
		}
		if old := shipped[t.source]; old != nil && old.SHA256 != "" && old.SHA256 != full.SHA256 {
			problems = append(problems, history.Problem{Record: t.source, Field: "text",
				Message: fmt.Sprintf("the text in %s is not the one the dataset's concordance was made from (its SHA-256 differs): paragraphs may be numbered otherwise", t.file)})
		}
		shipped[t.source] = full
	}
	concordances := make(map[history.ID]*history.Concordance, len(shipped))
	for id, t := range shipped {
		concordances[id] = t.Concordance
	}
	problems = append(problems, history.CheckCitations(ds, concordances)...)
	problems.Sort()
	return len(concordances), problems.Err("check citations of " + name)
}

// textFlag is one --text flag: a source and the file of its text.
type textFlag struct {
	source history.ID
	file   string
}

// textFlags are the --text flags.
type textFlags []textFlag

func (t *textFlags) String() string { return "" }

func (t *textFlags) Set(s string) error {
	src, file, ok := strings.Cut(s, "=")
	if !ok || src == "" || file == "" {
		return fmt.Errorf("want SOURCE=FILE, such as source/essay=essay.txt, got %q", s)
	}
	*t = append(*t, textFlag{history.ID(src), file})
	return nil
}

// validateDir checks a dataset directory a file at a time, holding only
// what the rules across files need, so that a dataset of any size can be
// checked. Like readDataset, it reports the problems of format of every
// file if there are any, and otherwise those of the rules.
func validateDir(ctx context.Context, dir string, followLinks bool) (*summary, error) {
	d, err := dataset.OpenDir(dir, followLinks)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	defer d.Close()
	stream, err := dataset.NewStream(ctx, d, ".", dir)
	if err != nil {
		return nil, err
	}
	defer stream.Close()
	v := history.NewValidator()
	var format history.Problems
	sum := &summary{}
	for {
		part, problems, err := stream.NextWithProblems()
		if err != nil {
			return nil, err
		}
		if part == nil {
			break
		}
		format = append(format, problems...)
		sum.add(part)
		v.Add(part)
	}
	if len(format) > 0 {
		format.Sort()
		return nil, format.Err("read dataset " + dir)
	}
	if err := v.Finish().Err("validate " + dir); err != nil {
		return nil, err
	}
	return sum, nil
}
