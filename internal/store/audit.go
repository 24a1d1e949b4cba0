package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// ChangeMeta says who made a change, how and when. It is kept in the
// change's audit record.
type ChangeMeta struct {
	// Author is who made the change: a token's name, or for the command
	// line the user who ran it.
	Author string
	// RequestID is the id of the request that made the change.
	RequestID string
	// Operation names what was asked: "updatePerson", "retract", "load".
	Operation string
	// ClientID is the client's id for the mutation: a change applied again
	// with the same Author and ClientID is not applied twice, and Apply
	// returns the first one's result (Commit.Replayed).
	ClientID string
	// Note says more, such as the dataset a load read.
	Note string
	// At is when the change was made; the store sets it if it is zero.
	At time.Time
	// LastWriteWins lets Put replace stored records without Expect, as a
	// dataset loaded into a running server does. Otherwise replacing a
	// stored record needs the revision it was read at.
	LastWriteWins bool
}

// ChangeRecord is the audit record of a committed change.
type ChangeRecord struct {
	// Revision is the change's number, the graph's revision it made.
	Revision  uint64
	Author    string
	RequestID string
	Operation string
	ClientID  string
	Note      string
	At        time.Time
	// Records is how many records the change wrote, and Touches their
	// ids (a bulk load keeps the count only).
	Records int
	Touches []history.ID
	// Before and After are the records as they were and as the change
	// left them, nil for a bulk load.
	Before, After *history.Dataset
}

// ChangeFilter chooses audit records: those after revision Since, made
// by By, that wrote record ID (each filter unset when zero), at most
// Limit of them (0: all), oldest first. The changes that wrote a record
// are its history: the one that first wrote it, a load perhaps, and
// every change since, each with the record before and after (a load
// keeps counts only).
type ChangeFilter struct {
	Since uint64
	By    string
	ID    history.ID
	Limit int
}

// auditJSON is what an audit record keeps in one literal: the parts of a
// change that nothing looks a change up by. Each node a change writes or
// counts a reference to costs its commit a page of bolt's file, so the
// audit record has few: its type, the literal, and the quads the index
// by object finds changes through (author, client id, records written).
type auditJSON struct {
	At        string           `json:"at"`
	RequestID string           `json:"requestId,omitempty"`
	Operation string           `json:"operation,omitempty"`
	Note      string           `json:"note,omitempty"`
	Records   int              `json:"records"`
	Before    *history.Dataset `json:"before,omitempty"`
	After     *history.Dataset `json:"after,omitempty"`
}

// auditQuads are the quads of the audit record of change c.
func (s *Store) auditQuads(c *ChangeRecord) ([]quad.Quad, error) {
	r := changeIRI(s.base, c.Revision)
	rec, err := json.Marshal(auditJSON{
		At: c.At.UTC().Format(time.RFC3339Nano), RequestID: c.RequestID, Operation: c.Operation, Note: c.Note,
		Records: c.Records, Before: c.Before, After: c.After,
	})
	if err != nil {
		return nil, fmt.Errorf("audit record: %w", err)
	}
	out := []quad.Quad{
		{Subject: r, Predicate: rdfType, Object: term(schema.Change)},
		{Subject: r, Predicate: term(schema.ChangeRecord), Object: quad.String(rec)},
	}
	if c.Author != "" {
		out = append(out, quad.Quad{Subject: r, Predicate: term(schema.ChangedBy), Object: quad.String(c.Author)})
	}
	if c.ClientID != "" {
		out = append(out, quad.Quad{Subject: r, Predicate: term(schema.ClientID), Object: quad.String(c.ClientID)})
	}
	for _, id := range c.Touches {
		out = append(out, quad.Quad{Subject: r, Predicate: term(schema.Touches), Object: quad.IRI(s.base + string(id))})
	}
	return out, nil
}

// readChange reads the audit record of change n, nil if there is none.
func (s *Store) readChange(ctx context.Context, qs graph.QuadStore, n uint64) (*ChangeRecord, error) {
	qq, err := quadsAbout(ctx, qs, changeIRI(s.base, n))
	if err != nil || len(qq) == 0 {
		return nil, err
	}
	c := &ChangeRecord{Revision: n}
	for _, q := range qq {
		switch q.Predicate {
		case term(schema.ChangedBy):
			c.Author = stringOf(q.Object)
		case term(schema.ClientID):
			c.ClientID = stringOf(q.Object)
		case term(schema.Touches):
			if o, ok := q.Object.(quad.IRI); ok {
				c.Touches = append(c.Touches, history.ID(strings.TrimPrefix(string(o), s.base)))
			}
		case term(schema.ChangeRecord):
			var a auditJSON
			if err := json.Unmarshal([]byte(stringOf(q.Object)), &a); err != nil {
				return nil, corruptf("change %d: its record does not read: %v", n, err)
			}
			at, err := time.Parse(time.RFC3339Nano, a.At)
			if err != nil {
				return nil, corruptf("change %d: its time does not read: %v", n, err)
			}
			c.At, c.RequestID, c.Operation, c.Note, c.Records, c.Before, c.After = at.UTC(), a.RequestID, a.Operation, a.Note, a.Records, a.Before, a.After
		}
	}
	return c, nil
}

func stringOf(v quad.Value) string {
	if s, ok := v.(quad.String); ok {
		return string(s)
	}
	return ""
}

// Changes returns the audit records the filter chooses, oldest first.
func (s *Store) Changes(ctx context.Context, f ChangeFilter) ([]ChangeRecord, error) {
	op := "read the changes of store " + s.name
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return nil, err
	}
	nums, err := s.changeNumbers(ctx, qs, f)
	if err != nil {
		return nil, wrapInternal(op, err)
	}
	var out []ChangeRecord
	for _, n := range nums {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		c, err := s.readChange(ctx, qs, n)
		if err != nil {
			return nil, wrapInternal(op, err)
		}
		if c == nil || (f.By != "" && c.Author != f.By) {
			continue
		}
		out = append(out, *c)
	}
	return out, nil
}

// changeNumbers lists, in order, the numbers of the changes that may pass
// f: those touching f.ID or made by f.By, found through the index by
// object, or else every change after f.Since.
func (s *Store) changeNumbers(ctx context.Context, qs graph.QuadStore, f ChangeFilter) ([]uint64, error) {
	var p, o quad.Value
	switch {
	case f.ID != "":
		p, o = term(schema.Touches), quad.IRI(s.base+string(f.ID))
	case f.By != "":
		p, o = term(schema.ChangedBy), quad.String(f.By)
	default:
		var nums []uint64
		for n := f.Since + 1; n <= s.Revision(); n++ {
			nums = append(nums, n)
		}
		return nums, nil
	}
	subjects, err := subjectsWith(ctx, qs, p, o)
	if err != nil {
		return nil, err
	}
	if f.ID != "" {
		// The change that first wrote the record labels its rdf:type
		// quad; a load does not point at the records it wrote.
		own, err := quadsAbout(ctx, qs, o)
		if err != nil {
			return nil, err
		}
		for _, q := range own {
			if q.Predicate == rdfType && q.Label != nil {
				subjects = append(subjects, q.Label)
			}
		}
	}
	var nums []uint64
	for _, v := range subjects {
		if n := changeNumber(s.base, v); n > f.Since {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	return slices.Compact(nums), nil
}
