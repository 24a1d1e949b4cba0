package dataset

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// MaxFileSize bounds one dataset file, so a stray binary or a runaway
// generator output gives an error instead of exhausting memory.
const MaxFileSize = 64 << 20

// ReadFS reads every .yaml and .yml file under dir in fsys, in lexical
// order, into one dataset. Positions in problems name files as prefix joined
// with their path below dir, so a caller reading os.DirFS("seed") can pass
// "seed" and get "seed/people.yaml:12". It checks the format only; call
// history.Validate for the rules that span records.
func ReadFS(ctx context.Context, fsys fs.FS, dir, prefix string) (*history.Dataset, error) {
	names, err := datasetFiles(fsys, dir, prefix)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	parts, err := readFiles(ctx, fsys, names, func(name string) string { return displayName(prefix, dir, name) })
	if err != nil {
		return nil, err
	}
	ds := &history.Dataset{}
	var problems history.Problems
	for _, p := range parts {
		ds.Sources = append(ds.Sources, p.ds.Sources...)
		ds.Entities = append(ds.Entities, p.ds.Entities...)
		ds.Events = append(ds.Events, p.ds.Events...)
		ds.Relations = append(ds.Relations, p.ds.Relations...)
		ds.Claims = append(ds.Claims, p.ds.Claims...)
		problems = append(problems, p.problems...)
	}
	if len(problems) > 0 {
		problems.Sort()
		return ds, problems.Err("read dataset " + displayName(prefix, dir, dir))
	}
	return ds, nil
}

// fileResult is one file's records and problems.
type fileResult struct {
	ds       history.Dataset
	problems history.Problems
}

// readFiles parses the named files on as many goroutines as there are
// processors, and returns their results in the order of names: parsing
// YAML is most of the time a large dataset takes to read. It returns as
// soon as ctx is done, leaving any read in progress to end by itself.
func readFiles(ctx context.Context, fsys fs.FS, names []string, display func(string) string) ([]fileResult, error) {
	results := make([]fileResult, len(names))
	errs := make([]error, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = readOne(ctx, fsys, names[i], display(names[i]))
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range names {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

// readOne reads and parses one file, named shown in messages.
func readOne(ctx context.Context, fsys fs.FS, name, shown string) (fileResult, error) {
	var res fileResult
	data, err := readFile(ctx, fsys, name)
	switch {
	case errors.Is(err, errTooLarge):
		res.problems = history.Problems{{At: history.Position{File: shown}, Message: err.Error()}}
		return res, nil
	case err != nil && ctx.Err() != nil:
		return res, ctx.Err()
	case err != nil:
		return res, history.Wrap(history.CodeInvalid, "read dataset "+shown, err)
	}
	res.problems = ReadFile(&res.ds, shown, data)
	return res, nil
}

// datasetFiles lists the dataset files under dir, failing if there are
// none, or if any is not a regular file or leads out of the directory: a
// named pipe would block its read, a device never end it. dir may name a
// file, which is then the dataset whatever its name.
func datasetFiles(fsys fs.FS, dir, prefix string) ([]string, error) {
	var (
		names    []string
		problems history.Problems
	)
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return err
			}
			problems = append(problems, history.Problem{At: history.Position{File: displayName(prefix, dir, p)}, Message: pathMessage(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || p != dir && !isDatasetFile(p) {
			return nil
		}
		if msg := entryProblem(fsys, p, d); msg != "" {
			problems = append(problems, history.Problem{At: history.Position{File: displayName(prefix, dir, p)}, Message: msg})
			return nil
		}
		names = append(names, p)
		return nil
	})
	op := "read dataset " + displayName(prefix, dir, dir)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, err)
	}
	if len(problems) > 0 {
		problems.Sort()
		return nil, problems.Err(op)
	}
	if len(names) == 0 {
		return nil, history.Errorf(history.CodeInvalid, "%s: no .yaml files found", op)
	}
	return names, nil
}

// entryProblem says what is wrong with the dataset file p, listed as d,
// or "" if it is a regular file, or a link to one that may be followed.
func entryProblem(fsys fs.FS, p string, d fs.DirEntry) string {
	t := d.Type()
	switch {
	case t.IsRegular():
		return ""
	case t&fs.ModeSymlink == 0:
		return notRegular(t).Error()
	}
	info, err := fs.Stat(fsys, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "a symbolic link to nothing: its target does not exist"
	case err != nil:
		return pathMessage(err)
	case !info.Mode().IsRegular():
		return "a symbolic link to " + notRegular(info.Mode()).Error()
	}
	return ""
}

// pathMessage is an error about a file without the file's name, which the
// problem it goes in gives.
func pathMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func isDatasetFile(p string) bool {
	ext := path.Ext(p)
	return ext == ".yaml" || ext == ".yml"
}

func displayName(prefix, dir, name string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(name, dir), "/")
	if dir == "." {
		rel = name
	}
	switch {
	case prefix == "":
		return name
	case rel == "" || rel == ".":
		return prefix
	}
	return path.Join(prefix, rel)
}

// ReadFile parses one dataset file and appends its records to ds. It returns
// every problem it finds; records with problems are left out.
func ReadFile(ds *history.Dataset, file string, data []byte) history.Problems {
	r := reader{file: file, ds: ds}
	if len(data) > MaxFileSize {
		r.problem(0, "", "", "file is larger than %d MiB", MaxFileSize>>20)
		return r.problems
	}
	doc, extra, err := decodeYAML(data)
	switch {
	case err != nil:
		r.problem(syntaxLine(data, err), "", "", "YAML syntax error: %s", syntaxMessage(err))
		return r.problems
	case doc == nil:
		return nil // an empty file holds no records
	case extra > 0:
		r.problem(extra, "", "", "a dataset file holds one YAML document; remove the '---' separator")
	}
	r.file_(doc)
	return r.problems
}

// decodeYAML decodes the first YAML document of data, nil if there is
// none, and returns the line where a second one starts, if there is one,
// or the first syntax error in either. A file in the plain subset that
// plainYAML reads is read by it, others by the YAML library.
func decodeYAML(data []byte) (*yaml.Node, int, error) {
	if doc, ok := plainYAML(data); ok {
		return doc, 0, nil
	}
	return libraryYAML(data)
}

// libraryYAML is decodeYAML by the YAML library alone.
func libraryYAML(data []byte) (*yaml.Node, int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	switch err := dec.Decode(&extra); {
	case err == nil:
		return &doc, max(extra.Line, 1), nil
	case !errors.Is(err, io.EOF):
		return nil, 0, err
	}
	return &doc, 0, nil
}

// syntaxLine finds the line of the YAML syntax error err in data. The
// YAML library's message names the line where the construct around the
// error starts (a block mapping, the whole sequence of records), counted
// from 0 for some errors and from 1 for others: an indentation slip on
// line 6 is reported on "line 1". The error is where the text first
// fails as it does whole, so syntaxLine looks, by halves, for the
// shortest run of whole lines from the start that fails with the same
// error. A shorter run can fail otherwise, cut in the middle of a
// construct; one that holds the faulty token fails as the whole does.
func syntaxLine(data []byte, err error) int {
	want := err.Error()
	var ends []int // the offset after each line
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	lo, hi := 0, len(ends)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if _, _, e := libraryYAML(data[:ends[mid]]); e != nil && e.Error() == want {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo + 1
}

// maxSyntaxMessage bounds the YAML library's message in a problem: it is
// the library's own words, but a message may quote what it could not read.
const maxSyntaxMessage = 160

// syntaxMessage is the YAML library's message without its line, which
// names the wrong one (see syntaxLine).
func syntaxMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = m[1]
	}
	if len(msg) > maxSyntaxMessage {
		msg = cut(msg, maxSyntaxMessage) + "..."
	}
	return msg
}

var yamlLine = regexp.MustCompile(`(?s)^line \d+: (.*)$`)
