package store

import (
	"context"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// A load is one change: its records' rdf:type quads are in the change's
// graph, and its audit record, written with them, says who loaded how
// many records and from where; not every record, which would double what
// a large load writes.

// loadMapper is the mapper of a load that will be change Revision()+1, at
// meta.At (now, if it is zero, which it is then set to). Callers hold
// s.mu for writing.
func (s *Store) loadMapper(meta *ChangeMeta) *rdfmap.Mapper {
	if meta.At.IsZero() {
		meta.At = time.Now()
	}
	meta.At = meta.At.UTC()
	m := rdfmap.New(s.base)
	m.InChange(changeIRI(s.base, s.Revision()+1), meta.At)
	return m
}

// loadAudit is the audit record of a load of n new records.
func (s *Store) loadAudit(meta ChangeMeta, n int) ([]quad.Quad, error) {
	if meta.Operation == "" {
		meta.Operation = "load"
	}
	return s.auditQuads(&ChangeRecord{
		Revision: s.Revision() + 1, Author: meta.Author, RequestID: meta.RequestID, Operation: meta.Operation,
		Note: meta.Note, At: meta.At, Records: n,
	})
}

// writeAudit hands a load's audit record to the bulk writer.
func writeAudit(ctx context.Context, w *cayleykv.Writer, audit []quad.Quad) error {
	for _, q := range audit {
		if err := w.Add(ctx, q, false); err != nil {
			return err
		}
	}
	return nil
}

// deleteDeltas are deltas that remove quads.
func deleteDeltas(quads []quad.Quad) []graph.Delta {
	out := make([]graph.Delta, len(quads))
	for i, q := range quads {
		out[i] = graph.Delta{Quad: q, Action: graph.Delete}
	}
	return out
}

// addDeltas are deltas that add quads.
func addDeltas(quads []quad.Quad) []graph.Delta {
	out := make([]graph.Delta, len(quads))
	for i, q := range quads {
		out[i] = graph.Delta{Quad: q, Action: graph.Add}
	}
	return out
}
