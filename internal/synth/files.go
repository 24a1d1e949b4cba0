package synth

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/memoria-history/memoria/internal/dataset"
)

// sectionName names the one file of a section: 1-sources.yaml.
func sectionName(section string) string { return dataset.FileName(section, -1) }

// chunkName names the c-th file (from zero) of a section:
// 4-people-0001.yaml.
func chunkName(section string, c int) string { return dataset.FileName(section, c) }

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

// abort removes a file left unfinished.
func (o *outFile) abort() {
	o.f.Close()
	os.Remove(o.f.Name())
}

func abortAll(files []*outFile) {
	for _, f := range files {
		f.abort()
	}
}

// writeFiles creates the named files, has write fill them, and finishes
// them in order, adding what they hold to the stats write returns. If a
// file cannot be created or write fails, none is left; if one cannot be
// finished, those after it are removed and those before it returned, for
// Generate to remove.
func (w *worker) writeFiles(names []string, write func(out []*outFile) (Stats, error)) ([]File, Stats, error) {
	out := make([]*outFile, 0, len(names))
	for _, name := range names {
		f, err := w.create(name)
		if err != nil {
			abortAll(out)
			return nil, Stats{}, err
		}
		out = append(out, f)
	}
	stats, err := write(out)
	if err != nil {
		abortAll(out)
		return nil, Stats{}, err
	}
	files, fstats, err := finishAll(out)
	stats.add(fstats)
	return files, stats, err
}

// finishAll finishes files in order and adds up what they hold.
func finishAll(files []*outFile) ([]File, Stats, error) {
	var (
		out   []File
		stats Stats
	)
	for i, f := range files {
		gf, err := f.finish()
		if err != nil {
			abortAll(files[i+1:])
			return out, stats, err
		}
		out = append(out, gf)
		stats.Files++
		stats.Bytes += gf.Bytes
	}
	return out, stats, nil
}

func (w *worker) sourcesFile() ([]File, Stats, error) {
	return w.writeFiles([]string{sectionName("sources")}, func(out []*outFile) (Stats, error) {
		y := &out[0].y
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
		out[0].records = 2
		return Stats{Sources: 2}, nil
	})
}

// citeRegistry writes a citation of the registry: "source/synthetic-registry entry 42".
func citeRegistry(y *yamlOut, what string, n int) {
	y.raw(registryID + " " + what + " ")
	y.int(n)
}

// citeRecord writes the citation of a record: the registry's entry or case
// n and, when encyclopedia is true, the encyclopedia too, drawn from st.
func citeRecord(y *yamlOut, what string, n int, encyclopedia bool, st *stream) {
	if !encyclopedia {
		citeRegistry(y, what, n)
		return
	}
	y.raw("[")
	citeRegistry(y, what, n)
	y.raw(", ")
	citeEncyclopedia(y, st)
	y.raw("]")
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

// sectionBuffer collects a section that is drawn along with another one,
// to be appended after it: a file holds each section once.
type sectionBuffer struct {
	buf  strings.Builder
	y    yamlOut
	init bool
}

func (s *sectionBuffer) out() *yamlOut {
	if !s.init {
		s.y = yamlOut{w: bufio.NewWriter(&s.buf)}
		s.init = true
	}
	return &s.y
}

// appendTo appends the section, if anything was written to it, to y.
func (s *sectionBuffer) appendTo(y *yamlOut, section string) {
	if !s.init {
		return
	}
	s.y.w.Flush() // into a strings.Builder, which never fails
	y.raw("\n" + section + ":\n")
	y.raw(s.buf.String())
}
