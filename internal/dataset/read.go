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
	"strconv"
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
// YAML is most of the time a large dataset takes to read.
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
				data, err := fs.ReadFile(fsys, names[i])
				if err != nil {
					errs[i] = history.Wrap(history.CodeInvalid, "read dataset", err)
					continue
				}
				results[i].problems = ReadFile(&results[i].ds, display(names[i]), data)
			}
		}()
	}
	var err error
	for i := range names {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

// datasetFiles lists the dataset files under dir, failing if there are
// none.
func datasetFiles(fsys fs.FS, dir, prefix string) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isDatasetFile(p) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "read dataset "+displayName(prefix, dir, dir), err)
	}
	if len(names) == 0 {
		return nil, history.Errorf(history.CodeInvalid, "read dataset %s: no .yaml files found", displayName(prefix, dir, dir))
	}
	return names, nil
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

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ReadFile parses one dataset file and appends its records to ds. It returns
// every problem it finds; records with problems are left out.
func ReadFile(ds *history.Dataset, file string, data []byte) history.Problems {
	r := reader{file: file, ds: ds}
	if len(data) > MaxFileSize {
		r.problem(0, "", "", "file is larger than %d MiB", MaxFileSize>>20)
		return r.problems
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file holds no records
		}
		r.syntax(err)
		return r.problems
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.problem(extra.Line, "", "", "a dataset file holds one YAML document; remove the '---' separator")
	}
	r.file_(&doc)
	return r.problems
}

func (r *reader) syntax(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		r.problem(line, "", "", "YAML syntax error at or after this line: %s", m[2])
		return
	}
	r.problem(0, "", "", "YAML syntax error: %s", strings.TrimPrefix(msg, "yaml: "))
}
