package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/readmodel"
	"github.com/memoria-history/memoria/internal/snapshot"
	"github.com/memoria-history/memoria/internal/store"
)

// snapshotFiles are a file store and the snapshot of its records beside
// it. Only stores kept in one file have one: a store in memory is gone
// with the process.
type snapshotFiles struct {
	store, snapshot string
}

// snapshotFor returns the files of the store named by db, and false for
// a store not kept in a file.
func snapshotFor(db string) (snapshotFiles, bool) {
	scheme, path, ok := strings.Cut(db, ":")
	if !ok || (scheme != "bbolt" && scheme != "bolt") || strings.TrimSpace(path) == "" {
		return snapshotFiles{}, false
	}
	// A directory is a store kept the Cayley way, in DIR/indexes.bolt.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "indexes.bolt")
	}
	return snapshotFiles{store: path, snapshot: path + ".snapshot"}, true
}

// readRecords returns the standing records of st, the revision they are
// of, and their name index when it was kept: from the snapshot beside it
// when that was taken of the store as it is now, else read from the
// store. fresh says that they were read from the store, and that the
// snapshot should be written anew. storeRead is called before the store
// is read.
func readRecords(ctx context.Context, st *store.Store, db string, logger *slog.Logger, storeRead func()) (c snapshot.Contents, revision uint64, fresh bool, err error) {
	if files, ok := snapshotFor(db); ok {
		started := time.Now()
		stamp, err := snapshot.StampOf(files.store, st.Revision())
		if err == nil {
			c, err = snapshot.Read(files.snapshot, stamp)
		}
		if err == nil {
			logger.Info("records read from the snapshot", "snapshot", files.snapshot, "revision", stamp.Revision, "name_index", c.Names != nil, "duration", time.Since(started))
			return c, stamp.Revision, false, nil
		}
		// Missing, stale or damaged: the store is read instead, and the
		// snapshot written anew once the indexes are built.
		logger.Info("reading the store: the snapshot cannot be used", "snapshot", files.snapshot, "reason", err.Error())
	}
	storeRead()
	ds, revision, err := st.DatasetAt(ctx)
	if err != nil {
		return snapshot.Contents{}, 0, true, err
	}
	// Retracted records are kept in the store and hidden from answers
	// (until the indexes can show them on request).
	return snapshot.Contents{Records: ds.Standing()}, revision, true, nil
}

// snapshotWriter writes the snapshot of a served store's records, one
// write at a time, off the request path.
type snapshotWriter struct {
	st      *store.Store
	db      string
	logger  *slog.Logger
	written uint64        // the revision of the snapshot beside the store, 0 for none known
	busy    chan struct{} // holds a token while a snapshot is written
	done    bool          // set by final: the store is about to close
}

func newSnapshotWriter(st *store.Store, db string, logger *slog.Logger) *snapshotWriter {
	return &snapshotWriter{st: st, db: db, logger: logger, busy: make(chan struct{}, 1)}
}

// write writes the snapshot of c, the standing records of the store at
// revision, unless one at that revision is there already, or the store
// has moved on.
func (w *snapshotWriter) write(revision uint64, c func() snapshot.Contents) {
	w.writeAt(func(now uint64) func() snapshot.Contents {
		if now != revision {
			return nil
		}
		return c
	})
}

// writeView writes the snapshot of the view current returns, if that is
// of the revision the store is at.
func (w *snapshotWriter) writeView(current func() readmodel.Data) {
	w.writeAt(func(now uint64) func() snapshot.Contents {
		d := current()
		if d.Revision != now {
			return nil
		}
		return func() snapshot.Contents { return snapshot.Contents{Records: d.Records.Dataset(), Names: d.Search} }
	})
}

// writeAt writes the snapshot of the records records gives for the
// store's revision, nil when it has none of that revision. A snapshot
// that cannot be written costs the next start its speed, not its
// answers: it is logged, not returned.
func (w *snapshotWriter) writeAt(records func(now uint64) func() snapshot.Contents) {
	files, ok := snapshotFor(w.db)
	if !ok || w.st.ReadOnly() {
		return
	}
	w.busy <- struct{}{}
	defer func() { <-w.busy }()
	if w.done {
		return
	}
	// The stamp is taken with no commit under way: the records are of
	// the revision the store is at, or the snapshot is left to a later
	// write.
	var (
		stamp    snapshot.Stamp
		contents func() snapshot.Contents
	)
	err := w.st.AtRevision(func(now uint64) error {
		if now == w.written {
			return nil
		}
		if contents = records(now); contents == nil {
			return nil
		}
		var err error
		stamp, err = snapshot.StampOf(files.store, now)
		return err
	})
	if err == nil && contents == nil {
		return
	}
	started := time.Now()
	if err == nil {
		err = snapshot.Write(files.snapshot, stamp, contents())
	}
	if err != nil {
		w.logger.Warn("snapshot not written: the next start reads the store", "snapshot", files.snapshot, "err", err.Error())
		return
	}
	w.written = stamp.Revision
	w.logger.Info("snapshot written", "snapshot", files.snapshot, "revision", stamp.Revision, "duration", time.Since(started))
}

// startSnapshots keeps the snapshot of a served store current: data
// built from the store (fresh) is written in the background at once, the
// records of each base the read model rebuilds after writes (see
// published) as it is swapped in, and those of the last write at
// shutdown (final).
func startSnapshots(st *store.Store, db string, data api.Data, fresh bool, g *liveGraph, logger *slog.Logger) *snapshotWriter {
	w := newSnapshotWriter(st, db, logger)
	if g != nil {
		g.snapshots.Store(w)
	}
	if !fresh {
		w.written = data.Revision
		return w
	}
	go w.write(data.Revision, func() snapshot.Contents {
		return snapshot.Contents{Records: data.Records.Dataset(), Names: data.Search}
	})
	return w
}

// published follows the views the read model publishes, in revision
// order. A view whose delta is smaller than the last one's is a rebuilt
// base: its snapshot is written in the background, so that a restart
// after many writes, even a kill, reads a recent snapshot, not the store.
func (g *liveGraph) published(d readmodel.Data) {
	changed := d.Changed()
	rebuilt := changed < g.changed
	g.changed = changed
	if w := g.snapshots.Load(); rebuilt && w != nil {
		go w.writeView(g.live.Current)
	}
}

// final writes the snapshot of the records g serves, if writes moved
// them past the snapshot, once a write in the background has ended, and
// writes none after it.
func (w *snapshotWriter) final(g *liveGraph) {
	if g != nil {
		// The name index is kept when it has no changes applied over it
		// (the read model rebuilt it since the last write); else the next
		// start builds it.
		w.writeView(g.live.Current)
	}
	w.busy <- struct{}{}
	w.done = true
	<-w.busy
}
