package synth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/memoria-history/memoria/internal/history"
)

// Options says what Generate writes.
type Options struct {
	// People is how many people the dataset holds. Every other count
	// follows from it and the shape: in both, a group per 100 people, a
	// camp per 250, a city per 500; in a network, an event per 2 people and
	// about ten relations and participations per person; in a registry,
	// an event per 6 people or so and two or three edges per person,
	// nearly all of them the events the person suffered.
	People int
	// Shape is how the people are linked: ShapeRegistry (the zero value)
	// or ShapeNetwork.
	Shape Shape
	// Seed chooses the dataset: the same People, Shape and Seed give
	// byte-identical files.
	Seed uint64
	// PerFile is how many people (or events, places, groups) one file
	// holds; 10,000 when zero. Files stay far below dataset.MaxFileSize
	// and a reader can take the dataset a file at a time. It changes how
	// records are split, not the records.
	PerFile int
	// Workers is how many files are written at once; GOMAXPROCS when zero.
	// It does not change the output.
	Workers int
	// OnFile, when set, is called after each file is complete, from one
	// goroutine at a time, so that a command can report progress.
	OnFile func(File)
}

// File describes one file Generate has written.
type File struct {
	Name    string // relative to the output directory
	Records int    // top-level records (a person, a relation, a claim ...)
	Bytes   int64
}

// Stats counts what Generate wrote.
type Stats struct {
	Files          int
	Bytes          int64
	Sources        int
	People         int
	Groups         int
	Places         int
	Events         int
	Participations int // participants of events, summed
	Relations      int
	Claims         int
}

// Records is the number of top-level records written.
func (s Stats) Records() int {
	return s.Sources + s.People + s.Groups + s.Places + s.Events + s.Relations + s.Claims
}

func (s *Stats) add(o Stats) {
	s.Files += o.Files
	s.Bytes += o.Bytes
	s.Sources += o.Sources
	s.People += o.People
	s.Groups += o.Groups
	s.Places += o.Places
	s.Events += o.Events
	s.Participations += o.Participations
	s.Relations += o.Relations
	s.Claims += o.Claims
}

// The synthetic sources every generated statement cites. Their titles say
// that they are synthetic, so generated data loaded beside real data can
// never pass for history.
const (
	registryID     = "source/synthetic-registry"
	encyclopediaID = "source/synthetic-encyclopedia"
)

// Generate writes a synthetic dataset of o.People people into dir, in the
// format dataset.ReadFS reads, valid under history.Validate: people with
// transliterated, misspelt and Cyrillic names, groups, places (countries,
// republics, regions, cities, camps, prisons, execution sites), events
// with participants in roles and parents, time-bounded relations, and
// claims (numbers, ranges and dates, some disagreeing between the two
// synthetic sources). The ends of relations and participations are drawn
// from power laws, so degrees are heavy-tailed.
//
// o.Shape says how the people are linked. A registry (the default) is
// shaped like Memorial's database of victims: each person's arrest,
// sentence and now and then execution, camp term or exile, in events
// shared by the people arrested or sentenced together, and signed or
// carried out by officials drawn from a steep power law, so that a few
// officials have thousands of edges and most people a handful; relations
// between people are rare. A network is a dense social network in which
// a few people take part in thousands of events and relations, most in a
// handful, with causes and consequences between events.
//
// dir is created if missing and must be empty: stale files from a larger
// run would join the dataset. The output is split into files of
// o.PerFile records (1-sources.yaml, 2-places-0001.yaml,
// 3-groups-0001.yaml, 4-people-0001.yaml with 7-relations-0001.yaml,
// 6-events-0001.yaml with 8-claims-0001.yaml, and for a registry
// 5-operations.yaml, ...), numbered in load order. Every file
// is generated alone from the seed and its records' numbers, so files are
// written in parallel and memory stays bounded whatever o.People is. Each
// file is written under a temporary name and renamed when complete; on
// error or cancellation the files written so far are removed.
func Generate(ctx context.Context, dir string, o Options) (Stats, error) {
	op := "generate dataset in " + dir
	if o.People < 1 {
		return Stats{}, history.Errorf(history.CodeInvalid, "%s: want at least one person, got %d", op, o.People)
	}
	shape, err := ParseShape(string(o.Shape))
	if err != nil {
		return Stats{}, history.Wrap(history.CodeInvalid, op, err)
	}
	if o.PerFile <= 0 {
		o.PerFile = 10000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, history.Wrap(history.CodeInvalid, op, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Stats{}, history.Wrap(history.CodeInvalid, op, err)
	}
	if len(entries) > 0 {
		return Stats{}, history.Errorf(history.CodeInvalid, "%s: the directory is not empty (it holds %s); choose a new one", op, entries[0].Name())
	}
	g := newGenerator(o.Seed, o.People, o.PerFile, shape)
	tasks := g.tasks()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		files []File
		stats Stats
		err   error
	}
	// Workers take tasks in order and stop taking them once ctx is done;
	// results is large enough that a worker never waits to report.
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		results = make(chan result, len(tasks))
	)
	for range min(o.Workers, len(tasks)) {
		wg.Go(func() {
			w := newWorker(g, dir)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) || ctx.Err() != nil {
					return
				}
				files, stats, err := w.run(ctx, tasks[i])
				results <- result{files, stats, err}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var (
		total    Stats
		written  []string
		done     int
		firstErr error
	)
	for r := range results {
		done++
		for _, f := range r.files {
			written = append(written, f.Name)
			if o.OnFile != nil && firstErr == nil {
				o.OnFile(f)
			}
		}
		total.add(r.stats)
		if r.err != nil && firstErr == nil {
			firstErr = r.err
			cancel()
		}
	}
	if firstErr == nil && done < len(tasks) {
		firstErr = ctx.Err() // cancelled between tasks
	}
	if firstErr != nil {
		for _, name := range written {
			os.Remove(filepath.Join(dir, name))
		}
		return Stats{}, history.Wrap(history.CodeInternal, op, firstErr)
	}
	return total, nil
}

// task is one unit of work: one chunk of one kind of record, written
// to one file or two.
type task struct {
	kind  taskKind
	chunk int
}

type taskKind int

const (
	taskSources taskKind = iota
	taskPlaces
	taskGroups
	taskPeople
	taskEvents
	taskOperations     // a registry's mass operations
	taskRegistryPeople // a registry's people, with their events
)

// worker writes files for one goroutine, with scratch space reused from
// record to record.
type worker struct {
	g    *generator
	dir  string
	seen map[int]struct{} // participants of the event being drawn
	ev   eventDraw
	rels []relKey // the relations drawn for the current person
	reg  registryScratch
}

func newWorker(g *generator, dir string) *worker {
	return &worker{g: g, dir: dir, seen: map[int]struct{}{}, reg: registryScratch{part: regPartition{block: -1}}}
}

// run writes the files of one task.
func (w *worker) run(ctx context.Context, t task) ([]File, Stats, error) {
	if err := ctx.Err(); err != nil {
		return nil, Stats{}, err
	}
	switch t.kind {
	case taskSources:
		return w.sourcesFile()
	case taskPlaces:
		return w.placesFile(ctx, t.chunk)
	case taskGroups:
		return w.groupsFile(ctx, t.chunk)
	case taskPeople:
		return w.peopleFiles(ctx, t.chunk)
	case taskEvents:
		return w.eventFiles(ctx, t.chunk)
	case taskOperations:
		return w.operationsFile(ctx)
	case taskRegistryPeople:
		return w.registryFiles(ctx, t.chunk)
	}
	return nil, Stats{}, errors.New("unknown task")
}

// span returns the numbers of the records in chunk c of n.
func (w *worker) span(c, n int) (from, to int) {
	return c * w.g.perFile, min(n, (c+1)*w.g.perFile)
}

// cancelled is checked every so many records: a select per record would
// cost more than some records do.
func cancelled(ctx context.Context, i int) error {
	if i%512 != 0 {
		return nil
	}
	return ctx.Err()
}
