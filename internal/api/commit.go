package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// mutation is one mutation being answered: what it writes and how its
// input maps onto the records, for errors that point into it.
type mutation struct {
	name     string
	id       history.ID
	idArg    string            // the argument naming the record: id, or event
	arg      string            // the argument holding record content: record or patch
	given    map[string]bool   // the keys of a patch
	fields   map[string]string // for the fine edits: the argument behind each field of the record
	expected *uint64
	clientID string
	err      error // an argument that cannot be read
}

// newMutation reads the arguments every mutation shares.
func (a *API) newMutation(p graphql.ResolveParams, name string, id history.ID, arg string, fields map[string]string) *mutation {
	m := &mutation{name: name, id: id, idArg: "id", arg: arg, fields: fields}
	m.clientID, _ = p.Args["clientMutationId"].(string)
	if v, ok := p.Args["expectedRevision"].(int); ok {
		if v < 0 {
			m.err = badInput("argument expectedRevision: %d is below the minimum 0", v)
		}
		u := uint64(v)
		m.expected = &u
	}
	if patch, ok := p.Args[arg].(map[string]any); ok && arg == "patch" {
		m.given = map[string]bool{}
		for k := range patch {
			m.given[k] = true
		}
	}
	if len(m.clientID) > 200 {
		m.err = badInput("argument clientMutationId: at most 200 bytes")
	}
	return m
}

// read is a copy of the record the mutation changes, as the request's
// view has it, and a change that expects the revision it was read at: the
// writer refuses the change if the record moved on since.
func (m *mutation) read(p graphql.ResolveParams, d *Data, kind history.Kind) (*history.Dataset, history.Change, error) {
	cur, rev, ok := current(d, m.id)
	if !ok {
		return nil, history.Change{}, unknownID(p.Context, d, m.idArg, m.id)
	}
	if kind != "" && m.id.Kind() != kind {
		return nil, history.Change{}, badInput("argument %s: %s is a %s, not a %s", m.idArg, m.id, m.id.Kind(), kind)
	}
	if m.expected != nil && *m.expected != rev {
		return nil, history.Change{}, history.Errorf(history.CodeConflict, "%s is at revision %d, not %d (expectedRevision): it changed since it was read; read it again and reapply the change", m.id, rev, *m.expected)
	}
	return cur, history.Change{Expect: map[history.ID]uint64{m.id: rev}}, nil
}

// commit builds the mutation's change from the request's view of the
// data and has the Writer apply it.
//
// A retry of a mutation that was applied finds the record changed by its
// first application, and its change may no longer make sense (the name
// it adds is there, the revision it expects is past): when building fails
// and the mutation has a clientMutationId, the Writer is asked with an
// empty change, which returns the first result if there was one.
func (a *API) commit(p graphql.ResolveParams, m *mutation, build func(*Data) (history.Change, error)) (any, error) {
	if m.err != nil {
		return nil, m.err
	}
	ctx := p.Context
	if err := a.mayWrite(ctx); err != nil {
		return nil, err
	}
	op := Operation{Name: m.name, ClientID: m.clientID}
	ch, err := build(a.dataFor(ctx))
	if err != nil {
		if m.clientID != "" {
			if w, rerr := a.opts.Writer.Write(ctx, history.Change{}, op); rerr == nil && w.Replayed {
				return a.answer(p, m, w), nil
			}
		}
		return nil, err
	}
	w, err := a.opts.Writer.Write(ctx, ch, op)
	if err != nil {
		return nil, m.locate(err)
	}
	return a.answer(p, m, w), nil
}

// answer moves the request, and the API, on to the data the write
// produced, and makes the payload.
func (a *API) answer(p graphql.ResolveParams, m *mutation, w Written) *payload {
	a.wrote(p.Context, &view{data: &w.Data, revision: max(w.DataRevision, w.Revision)})
	return &payload{id: m.id, w: w, clientID: m.clientID}
}

// locatedError is a change refused for problems in its records, each
// located in the mutation's input.
type locatedError struct {
	err      *history.Error
	problems []map[string]any
}

func (e *locatedError) Error() string { return e.err.Error() }
func (e *locatedError) Unwrap() error { return e.err }

// locate points each problem of a refused change at the input it came
// from: record.born, patch.cite, or for a fine edit its argument.
func (m *mutation) locate(err error) error {
	var ps history.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := &locatedError{}
	lines := make([]string, 0, len(ps))
	for _, pr := range ps {
		in := m.inputPath(pr)
		lines = append(lines, fmt.Sprintf("%s (input: %s)", pr.String(), in))
		out.problems = append(out.problems, map[string]any{"record": string(pr.Record), "field": pr.Field, "input": in, "message": pr.Message})
	}
	// The problems are the message: the cause would repeat them unlocated.
	out.err = &history.Error{Code: history.ErrorCode(err), Op: m.name, Message: strings.Join(lines, "; ")}
	return out
}

func (m *mutation) inputPath(pr history.Problem) string {
	switch {
	case pr.Record != "" && pr.Record != m.id:
		return "the stored record " + string(pr.Record)
	case m.arg != "" && pr.Field == "":
		return m.arg
	case m.arg == "patch" && !m.given[pr.Field]:
		return "patch." + pr.Field + " (kept from the stored record)"
	case m.arg != "":
		return m.arg + "." + pr.Field
	}
	if arg, ok := m.fields[pr.Field]; ok {
		return arg
	}
	return "the record as stored (" + pr.Field + ")"
}
