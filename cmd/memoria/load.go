package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"

	"github.com/memoria-history/memoria/internal/store"
)

func runLoad(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "load", "PATH", "Adds a dataset (a directory of .yaml files, or one file) to the store. The dataset is\nvalidated together with what the store holds; nothing is written unless all of it is valid.\nLoading the same dataset again changes nothing. Progress goes to stderr.")
	follow := followLinksFlag(fs)
	serverURL := fs.String("server", "", "send the dataset to the memoria serve at this URL, as one change, with the admin token in MEMORIA_TOKEN, instead of writing a store")
	writer := fs.String("writer", "memoria", "who writes the quads: memoria (bulk, atomic) or cayley (Cayley's own QuadWriter, as `cayley load` does; not atomic, for comparison)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	var opts store.LoadOptions
	switch *writer {
	case "memoria":
	case "cayley":
		opts.CayleyWriter = true
	default:
		return fmt.Errorf("%w: --writer is memoria or cayley, not %q", errUsage, *writer)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: load takes one PATH, got %d arguments", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	if *serverURL != "" {
		if opts.CayleyWriter {
			return fmt.Errorf("%w: --writer cayley writes a store here; it cannot go with --server", errUsage)
		}
		return loadRemote(ctx, e, *serverURL, path, *follow)
	}
	// The dataset is found, and a file parsed, before the store is opened,
	// which would create and seed a store that does not exist yet.
	p, err := prepareLoad(ctx, path, *follow)
	if err != nil {
		return explain(e.stderr, err)
	}
	defer p.close()
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	opts.Change = store.ChangeMeta{Author: commandAuthor(e), Note: path}
	_, summary, err := p.into(ctx, e, s, opts)
	if err != nil {
		return explain(e.stderr, err)
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", path, summary)
	return s.Close()
}

// loadPath loads the dataset at path into s, the way `memoria load` does,
// and returns what the store gained, and a line that says it for a reader.
// bench times the same load, and reports its rate from the result.
func loadPath(ctx context.Context, e env, s *store.Store, path string) (store.LoadResult, string, error) {
	return loadPathWith(ctx, e, s, path, store.LoadOptions{})
}

// loadPathWith is loadPath with options.
func loadPathWith(ctx context.Context, e env, s *store.Store, path string, opts store.LoadOptions) (store.LoadResult, string, error) {
	p, err := prepareLoad(ctx, path, false)
	if err != nil {
		return store.LoadResult{}, "", err
	}
	defer p.close()
	return p.into(ctx, e, s, opts)
}

// pendingLoad is a dataset ready to load: a directory's stream, its files
// listed and the first ones being parsed, or a file or the embedded seed
// read whole.
type pendingLoad struct {
	dir    *dataset.Dir
	stream *dataset.Stream
	ds     *history.Dataset
}

// prepareLoad finds the dataset at path: a directory is streamed, a file
// or the embedded seed read whole. followLinks follows symbolic links out
// of the dataset's directory.
func prepareLoad(ctx context.Context, path string, followLinks bool) (*pendingLoad, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		dir, err := dataset.OpenDir(path, followLinks)
		if err != nil {
			return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
		}
		stream, err := dataset.NewStream(ctx, dir, ".", path)
		if err != nil {
			dir.Close()
			return nil, err
		}
		return &pendingLoad{dir: dir, stream: stream}, nil
	}
	ds, err := parseDataset(ctx, path, followLinks)
	if err != nil {
		return nil, err
	}
	return &pendingLoad{ds: ds}, nil
}

// close stops a stream's parsing, if the load did not run to its end.
func (p *pendingLoad) close() {
	if p.stream != nil {
		p.stream.Close()
		p.dir.Close()
	}
}

// into loads the dataset into s.
func (p *pendingLoad) into(ctx context.Context, e env, s *store.Store, opts store.LoadOptions) (store.LoadResult, string, error) {
	if p.stream != nil {
		return streamDir(ctx, e, s, p.stream, opts)
	}
	opts.Progress = newLoadProgress(e).update
	res, err := s.LoadWith(ctx, p.ds, opts)
	if err != nil {
		return store.LoadResult{}, "", err
	}
	return res, loadSummary(describe(p.ds), res), nil
}

// streamDir loads a dataset directory a file at a time (store.LoadStream),
// so that a large dataset is never held whole: a few files are parsed
// ahead while the store checks and writes the one before.
func streamDir(ctx context.Context, e env, s *store.Store, stream *dataset.Stream, opts store.LoadOptions) (store.LoadResult, string, error) {
	progress := newLoadProgress(e)
	progress.size = stream.Size()
	opts.Progress = progress.update
	var sum summary
	next := func() (*history.Dataset, error) {
		part, err := stream.Next()
		if part != nil {
			progress.sizeDone = stream.Taken()
			sum.add(part)
		}
		return part, err
	}
	res, err := s.LoadStream(ctx, next, opts)
	if err != nil {
		return store.LoadResult{}, "", err
	}
	if hint := orderHint(res.LaterReferences); hint != "" {
		fmt.Fprintln(e.stderr, hint)
	}
	return res, loadSummary(sum.String(), res), nil
}

// orderHintAt is how many references to records of later files make load
// say how to avoid them: each is held until the end, with where it was
// met, and a million of them take 80 MB of heap.
const orderHintAt = 1_000_000

// orderHint is the advice load gives when n references named records of
// later files, or "" when they were too few to matter.
func orderHint(n int) string {
	if n < orderHintAt {
		return ""
	}
	return fmt.Sprintf("load: %d references named records of later files and were held until the end; "+
		"files read in name order with what is referred to first (sources, places, groups and people, "+
		"then events, relations and claims, as memoria gen names them) load in less memory", n)
}

// loadSummary is the line a load ends with: what the dataset held, the
// quads the store gained, and how many records were stored already, so
// that a load of what is there says so rather than seem to have loaded it.
func loadSummary(dataset string, res store.LoadResult) string {
	line := fmt.Sprintf("loaded %s; %d new quads", dataset, res.QuadsAdded)
	if res.Unchanged > 0 {
		line += fmt.Sprintf(" (%d records new, %d already stored as they are)", res.Records, res.Unchanged)
	}
	return line
}

// followLinksFlag adds --follow-links to the flags of a command that reads
// a dataset.
func followLinksFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("follow-links", false, "follow symbolic links that lead out of the dataset's directory (refused otherwise: a dataset from elsewhere could link to any file you may read)")
}
