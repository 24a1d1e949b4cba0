package synth

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// generator holds the shape of a dataset, derived from its seed and size.
// It is read-only once made, so workers share it.
type generator struct {
	seed    uint64
	shape   Shape
	perFile int
	people  int
	groups  int
	events  int
	// Places are numbered in one sequence, class after class.
	places     [numPlaceClasses]int // how many of each class
	placeStart [numPlaceClasses]int // the number of each class's first place
	surnames   int
	// personMul and personOff map a person's rank in the power law to its
	// number, so that the busiest people are spread over the files
	// instead of all being in the first.
	personMul, personOff uint64

	personLaw powerLaw // ends of relations and most participants
	leaderLaw powerLaw // who ordered, led or appointed: steeper
	groupLaw  powerLaw
	// leadGroupLaw picks the groups people led or created: steeper than
	// membership, since a few bodies had many heads over the years.
	leadGroupLaw powerLaw
	surnameLaw   powerLaw
	cityLaw      powerLaw
	campLaw      powerLaw
	// officialLaw picks who signed or carried out a registry's sentences:
	// steeper than any other, so that in a registry of a million people a
	// few officials sign thousands.
	officialLaw powerLaw
	siteLaw     powerLaw // where a registry's executions took place
}

// Place classes, in the order of their numbering.
type placeClass int

const (
	classCountry placeClass = iota
	classRepublic
	classRegion
	classCity
	classCamp
	classPrison
	classSite
	numPlaceClasses
)

// placeClasses gives each class its id prefix and place type.
var placeClasses = [numPlaceClasses]struct{ prefix, typ string }{
	{"place/country-", "country"},
	{"place/republic-", "republic"},
	{"place/region-", "region"},
	{"place/city-", "city"},
	{"place/camp-", "camp"},
	{"place/prison-", "building"},
	{"place/site-", "site"},
}

// Id widths: fixed, so that ids sort by number.
const (
	personWidth = 7
	eventWidth  = 7
	groupWidth  = 6
	placeWidth  = 6
)

// campaignEvery makes every campaignEvery-th event a campaign (a mass
// operation or purge) that later events may name as their parent.
const campaignEvery = 64

func newGenerator(seed uint64, people, perFile int, shape Shape) *generator {
	g := &generator{
		seed:     seed,
		shape:    shape.orDefault(),
		perFile:  perFile,
		people:   people,
		groups:   max(4, people/100),
		events:   max(2, people/2),
		surnames: max(20, people/10),
	}
	g.places = [numPlaceClasses]int{
		classCountry:  3,
		classRepublic: max(2, people/50000),
		classRegion:   max(3, people/5000),
		classCity:     max(5, people/500),
		classCamp:     max(3, people/250),
		classPrison:   max(2, people/2000),
		classSite:     max(2, people/2000),
	}
	for c := classRepublic; c < numPlaceClasses; c++ {
		g.placeStart[c] = g.placeStart[c-1] + g.places[c-1]
	}
	st := newStream(seed, tagPermutation, 0)
	g.personMul, g.personOff = 1, 0
	if people > 1 {
		g.personMul = uint64(1 + st.intn(people-1))
		for gcd(g.personMul, uint64(people)) != 1 {
			g.personMul++
		}
		g.personOff = uint64(st.intn(people))
	}
	g.personLaw = newPowerLaw(people, 0.65)
	g.leaderLaw = newPowerLaw(people, 0.9)
	g.groupLaw = newPowerLaw(g.groups, 0.8)
	g.leadGroupLaw = newPowerLaw(g.groups, 1.3)
	g.surnameLaw = newPowerLaw(g.surnames, 0.7)
	g.cityLaw = newPowerLaw(g.places[classCity], 0.8)
	g.campLaw = newPowerLaw(g.places[classCamp], 0.6)
	g.officialLaw = newPowerLaw(people, 1.25)
	g.siteLaw = newPowerLaw(g.places[classSite], 0.9)
	return g
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// personAt returns the number of the person at rank r of a power law.
func (g *generator) personAt(r int) int {
	hi, lo := bits.Mul64(uint64(r), g.personMul)
	_, rem := bits.Div64(hi, lo, uint64(g.people))
	return int((rem + g.personOff) % uint64(g.people))
}

func (g *generator) numPlaces() int {
	return g.placeStart[numPlaceClasses-1] + g.places[numPlaceClasses-1]
}

func chunks(n, per int) int { return (n + per - 1) / per }

// tasks lists the work in a fixed order: the small files first, then
// people and events interleaved, so progress reports move evenly. A
// registry writes its events beside its people.
func (g *generator) tasks() []task {
	ts := []task{{kind: taskSources}}
	for c := range chunks(g.numPlaces(), g.perFile) {
		ts = append(ts, task{taskPlaces, c})
	}
	for c := range chunks(g.groups, g.perFile) {
		ts = append(ts, task{taskGroups, c})
	}
	if g.shape == ShapeRegistry {
		ts = append(ts, task{kind: taskOperations})
		for c := range chunks(g.people, g.perFile) {
			ts = append(ts, task{taskRegistryPeople, c})
		}
		return ts
	}
	people, events := chunks(g.people, g.perFile), chunks(g.events, g.perFile)
	for c := range max(people, events) {
		if c < people {
			ts = append(ts, task{taskPeople, c})
		}
		if c < events {
			ts = append(ts, task{taskEvents, c})
		}
	}
	return ts
}

// The files are named so that name order, the order load reads them in,
// puts every record after the records it refers to: sources, places,
// groups and people before the operations, events, relations and claims
// about them. A load keeps each reference to a record it has not yet read
// until the end; read the other way round, a million people's references
// to their sources and to each other took 0.6 GB a quarter of the way in.
func sectionNumber(section string) string {
	switch section {
	case "sources":
		return "1"
	case "places":
		return "2"
	case "groups":
		return "3"
	case "people":
		return "4"
	case "operations":
		return "5"
	case "events":
		return "6"
	case "relations":
		return "7"
	case "claims":
		return "8"
	}
	return "9" // after the rest
}

// sectionName names the one file of a section: 1-sources.yaml.
func sectionName(section string) string {
	return sectionNumber(section) + "-" + section + ".yaml"
}

// chunkName names the c-th file (from zero) of a section:
// 4-people-0001.yaml.
func chunkName(section string, c int) string {
	return sectionNumber(section) + "-" + section + "-" + string(appendPadded(nil, c+1, 4)) + ".yaml"
}

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

// outFile is one file being written under a temporary name.
type outFile struct {
	name    string
	f       *os.File
	bw      *bufio.Writer
	y       yamlOut
	records int
}

func (w *worker) create(name string) (*outFile, error) {
	f, err := os.OpenFile(filepath.Join(w.dir, name+".part"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	out := &outFile{name: name, f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	out.y = yamlOut{w: out.bw}
	// A network's header is kept as it was, so that its files stay the
	// same byte for byte.
	shape := ""
	if w.g.shape != ShapeNetwork {
		shape = ", " + string(w.g.shape) + " shape"
	}
	fmt.Fprintf(out.bw, "# Synthetic data written by memoria gen (seed %d, %d people%s). Not history:\n# every name, date and figure here is invented, for tests and benchmarks.\n\n", w.g.seed, w.g.people, shape)
	return out, nil
}

// finish flushes and closes the file and gives it its final name.
func (o *outFile) finish() (File, error) {
	err := o.bw.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	part := o.f.Name()
	if err == nil {
		err = os.Rename(part, strings.TrimSuffix(part, ".part"))
	}
	if err != nil {
		os.Remove(part)
		return File{}, fmt.Errorf("write %s: %w", o.name, err)
	}
	info, err := os.Stat(strings.TrimSuffix(part, ".part"))
	if err != nil {
		return File{}, err
	}
	return File{Name: o.name, Records: o.records, Bytes: info.Size()}, nil
}

// createPair creates the two files of a chunk written side by side (people
// and their relations, events and the claims about them). If the second
// cannot be created, the first is removed.
func (w *worker) createPair(first, second string) (*outFile, *outFile, error) {
	a, err := w.create(first)
	if err != nil {
		return nil, nil, err
	}
	b, err := w.create(second)
	if err != nil {
		a.abort()
		return nil, nil, err
	}
	return a, b, nil
}

// abort removes a file left unfinished.
func (o *outFile) abort() {
	if o != nil {
		o.f.Close()
		os.Remove(o.f.Name())
	}
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

// finishAll finishes files in order and adds up what they hold.
func finishAll(files ...*outFile) ([]File, Stats, error) {
	var (
		out   []File
		stats Stats
	)
	for i, f := range files {
		gf, err := f.finish()
		if err != nil {
			for _, rest := range files[i+1:] {
				rest.abort()
			}
			return out, stats, err
		}
		out = append(out, gf)
		stats.Files++
		stats.Bytes += gf.Bytes
	}
	return out, stats, nil
}

// cancelled is checked every so many records: a select per record would
// cost more than some records do.
func cancelled(ctx context.Context, i int) error {
	if i%512 != 0 {
		return nil
	}
	return ctx.Err()
}

func (w *worker) sourcesFile() ([]File, Stats, error) {
	out, err := w.create(sectionName("sources"))
	if err != nil {
		return nil, Stats{}, err
	}
	y := &out.y
	y.raw("sources:\n")
	y.raw("  - id: " + registryID + "\n")
	y.raw("    title: Synthetic registry of persons (generated test data, not historical)\n")
	y.raw("    author: memoria gen\n")
	y.raw("    kind: database\n")
	y.raw("    description: ")
	y.text(fmt.Sprintf("Invented records written by memoria gen with seed %d for %d people, shaped like a memorial database of victims of repression: entries for people, cases for events. Nothing in it happened.", w.g.seed, w.g.people))
	y.raw("\n\n  - id: " + encyclopediaID + "\n")
	y.raw("    title: Synthetic encyclopedia (generated test data, not historical)\n")
	y.raw("    author: memoria gen\n")
	y.raw("    kind: reference-work\n")
	y.raw("    description: ")
	y.text(fmt.Sprintf("An invented reference work written by memoria gen with seed %d, cited by volume and page. Its figures are drawn to agree with the synthetic registry in some places and to disagree in others, so that disputes can be tested.", w.g.seed))
	y.raw("\n")
	out.records = 2
	files, stats, err := finishAll(out)
	stats.Sources = 2
	return files, stats, err
}

// citeRegistry writes a citation of the registry: "source/synthetic-registry entry 42".
func citeRegistry(y *yamlOut, what string, n int) {
	y.raw(registryID + " " + what + " ")
	y.int(n)
}

// citeEncyclopedia writes a citation of the encyclopedia by volume and page,
// drawn from st.
func citeEncyclopedia(y *yamlOut, st *stream) {
	y.raw(`"` + encyclopediaID + " vol. ")
	y.int(st.between(1, 12))
	y.raw(", p. ")
	y.int(st.between(1, 960))
	y.raw(`"`)
}
