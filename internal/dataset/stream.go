package dataset

import (
	"context"
	"io/fs"
	"runtime"
	"sort"

	"github.com/memoria-history/memoria/internal/history"
)

// A Stream reads the files of a dataset directory one at a time, in
// lexical order, parsing a few ahead on other processors, so that a large
// dataset can be loaded without holding all of it: at most as many parsed
// files wait as there are processors. Close it when done.
type Stream struct {
	names   []string
	sizes   []int64 // of each file, as listed
	taken   int64   // bytes of the files Next has returned
	display func(string) string
	slots   []streamSlot
	next    int
	ahead   chan struct{} // one token per file parsed and not yet taken
	ctx     context.Context
	cancel  context.CancelFunc
}

type streamSlot struct {
	done chan struct{}
	res  fileResult
	err  error
}

// NewStream lists the dataset files under dir in fsys and starts parsing
// them. Names in problems are as ReadFS gives them.
func NewStream(ctx context.Context, fsys fs.FS, dir, prefix string) (*Stream, error) {
	names, err := datasetFiles(fsys, dir, prefix)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	sizes := make([]int64, len(names))
	for i, name := range names {
		info, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
		}
		sizes[i] = info.Size()
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{
		names:   names,
		sizes:   sizes,
		display: func(name string) string { return displayName(prefix, dir, name) },
		slots:   make([]streamSlot, len(names)),
		ahead:   make(chan struct{}, runtime.GOMAXPROCS(0)),
		ctx:     ctx,
		cancel:  cancel,
	}
	for i := range s.slots {
		s.slots[i].done = make(chan struct{})
	}
	go s.parse(ctx, fsys)
	return s, nil
}

// Size is how many bytes the files hold, as they were listed.
func (s *Stream) Size() int64 {
	var n int64
	for _, size := range s.sizes {
		n += size
	}
	return n
}

// Taken is how many bytes of them Next has returned the records of: a
// better measure of progress than files, which differ in size.
func (s *Stream) Taken() int64 { return s.taken }

// parse parses the files in order, each on a goroutine of its own, never
// more ahead of the reader than ahead holds.
func (s *Stream) parse(ctx context.Context, fsys fs.FS) {
	for i, name := range s.names {
		select {
		case s.ahead <- struct{}{}:
		case <-ctx.Done():
			for j := i; j < len(s.slots); j++ {
				s.slots[j].err = ctx.Err()
				close(s.slots[j].done)
			}
			return
		}
		go func() {
			slot := &s.slots[i]
			defer close(slot.done)
			slot.res, slot.err = readOne(ctx, fsys, name, s.display(name))
		}()
	}
}

// Next returns the records of the next file, or nil after the last. A file
// with problems ends the stream with them, as a CodeInvalid error. Once the
// stream's context is done, Next returns its error at once, without
// waiting for a read in progress.
func (s *Stream) Next() (*history.Dataset, error) {
	ds, problems, err := s.NextWithProblems()
	if err == nil && len(problems) > 0 {
		return nil, problems.Err("read dataset " + s.display(s.names[s.next-1]))
	}
	return ds, err
}

// NextWithProblems is Next for a caller that reads on past a file's
// problems, to report those of every file: it returns the records the
// file held, as far as they could be read, with its problems.
func (s *Stream) NextWithProblems() (*history.Dataset, history.Problems, error) {
	if s.next == len(s.slots) {
		return nil, nil, nil
	}
	slot := &s.slots[s.next]
	select {
	case <-slot.done:
	case <-s.ctx.Done():
		return nil, nil, s.ctx.Err()
	}
	s.taken += s.sizes[s.next]
	s.next++
	// A parser may start on another file. A file the stream gave up on,
	// cancelled, never took a token: do not wait for one.
	select {
	case <-s.ahead:
	default:
	}
	if slot.err != nil {
		return nil, nil, slot.err
	}
	ds, problems := slot.res.ds, slot.res.problems
	problems.Sort()
	slot.res = fileResult{} // the caller owns the records now
	return &ds, problems, nil
}

// Close stops parsing ahead.
func (s *Stream) Close() { s.cancel() }
