package api

import (
	"context"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// Writer applies a change to the graph, all or nothing: what the
// mutations need of a store and of the read model that follows it. The
// author is the token of ctx (auth.FromContext).
//
// Write checks the change as the store does any change, in this order: a
// ClientID its author used before returns the first result, Replayed;
// then each Expect against the stored revision (CodeConflict naming the
// current one); then the records put, as `memoria validate` checks a
// dataset against the stored records they refer to (CodeInvalid, with the
// history.Problems). A change that changes nothing writes nothing.
type Writer interface {
	Write(ctx context.Context, ch history.Change, op Operation) (Written, error)
}

// Operation says what a change was asked as, for its audit record.
type Operation struct {
	Name     string // the mutation: "createPerson", "retract" ...
	ClientID string // the client's mutation id; empty for none
}

// Written is what a write did.
type Written struct {
	// Revision is the change's number: the graph's revision it made, or,
	// Replayed, the first application's; for a change that changed
	// nothing, the graph's revision as it was.
	Revision uint64
	// Data is the read model with the change applied, at DataRevision
	// (Revision, or later for a replay).
	Data         Data
	DataRevision uint64
	Replayed     bool
}

// Log reads the audit records of the changes made to the graph.
type Log interface {
	Changes(ctx context.Context, f ChangeFilter) ([]ChangeRecord, error)
}

// ChangeFilter chooses audit records: those after revision Since, made by
// By, touching ID (each unset when zero), at most Limit (0: all), oldest
// first.
type ChangeFilter struct {
	Since uint64
	By    string
	ID    history.ID
	Limit int
}

// ChangeRecord is the audit record of one committed change.
type ChangeRecord struct {
	Revision  uint64
	Author    string
	RequestID string
	Operation string
	ClientID  string
	Note      string // such as the path of a dataset loaded
	At        time.Time
	Records   int          // how many records it wrote
	Touches   []history.ID // their ids; a bulk load keeps the count only
	// Before and After are the records as they were and as the change
	// left them, withdrawn ones marked; nil for a bulk load.
	Before, After *history.Dataset
}
