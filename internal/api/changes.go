package api

import (
	"time"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// The questions about how the graph changed: its revision, the audit
// records of changes, a record's history and a retracted record.

// livingFields are Query's fields for a graph that changes: revision with
// a Writer or a Log, the others with a Log.
func (b *builder) livingFields(fields graphql.Fields) {
	if !b.a.living() {
		return
	}
	fields["revision"] = b.field(nonNull(graphql.Int), "The graph's revision: the number of the last change the answer sees. Every answer gives it in extensions.revision too.",
		func(p graphql.ResolveParams, d *Data) (any, error) { return int(b.a.viewFor(p.Context).revision), nil })
	if b.a.opts.Log == nil {
		return
	}
	max := b.a.opts.Limits.MaxPageSize
	change := b.changeType()
	retraction := b.retractionType()
	fields["changes"] = b.argField(orNull(change), "The changes made to the graph, oldest first: who made each, when, how, and the records before and after.", graphql.FieldConfigArgument{
		"since": {Type: graphql.Int, Description: "Only changes after this revision."},
		"by":    {Type: graphql.String, Description: "Only changes made with this token name."},
		"id":    {Type: graphql.ID, Description: "Only changes that wrote this record."},
		"first": firstArg(20, max),
	}, b.resolveChanges)
	fields["history"] = b.argField(orNull(change), "A record's history, oldest first, retracted records included: each change that wrote it, with the record as it was before and after (only that record).", graphql.FieldConfigArgument{
		"id":    {Type: nonNull(graphql.ID), Description: "The record's id."},
		"since": {Type: graphql.Int, Description: "Only changes after this revision."},
		"first": firstArg(max, max),
	}, b.resolveHistory)
	fields["retracted"] = b.argField(retraction, "A retracted record, which default answers leave out, with why it was withdrawn; null while the record stands.", graphql.FieldConfigArgument{
		"id": {Type: nonNull(graphql.ID), Description: "The record's id."},
	}, b.resolveRetracted)
}

func asChange(s any) *ChangeRecord { return s.(*ChangeRecord) }

func (b *builder) changeType() *graphql.Object {
	return object("Change", "The audit record of one change: who made it, when, how, and the records it wrote before and after.", func() graphql.Fields {
		return graphql.Fields{
			"revision":         b.computed(nonNull(graphql.Int), "The change's number: the graph's revision it made.", func(s any) any { return int(asChange(s).Revision) }),
			"author":           b.plain(nonNull(graphql.String), "Who made it: the token's name, or the user who ran the command line.", func(s any) any { return asChange(s).Author }),
			"at":               b.plain(nonNull(graphql.String), "When it was committed (RFC 3339).", func(s any) any { return asChange(s).At.UTC().Format(time.RFC3339Nano) }),
			"requestId":        b.plain(graphql.String, "The id of the HTTP request that made it.", func(s any) any { return emptyNil(asChange(s).RequestID) }),
			"operation":        b.plain(nonNull(graphql.String), "What was asked: the mutation (updatePerson, retract ...) or load.", func(s any) any { return asChange(s).Operation }),
			"clientMutationId": b.plain(graphql.String, "The client's id for the mutation.", func(s any) any { return emptyNil(asChange(s).ClientID) }),
			"note":             b.plain(graphql.String, "More about it, such as the dataset a load read.", func(s any) any { return emptyNil(asChange(s).Note) }),
			"records":          b.computed(nonNull(graphql.Int), "How many records it wrote.", func(s any) any { return max(asChange(s).Records, len(asChange(s).Touches)) }),
			"touches":          b.plain(listOf(graphql.ID), "The ids of the records it wrote (a bulk load lists none).", func(s any) any { return idStrings(asChange(s).Touches) }),
			"before":           b.computed(b.partScalar, "The records as they were; created ones are absent. Null for a bulk load.", func(s any) any { return asChange(s).Before }),
			"after":            b.computed(b.partScalar, "The records as the change left them, retracted ones marked. Null for a bulk load.", func(s any) any { return asChange(s).After }),
		}
	})
}

func idStrings(ids []history.ID) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

func (b *builder) resolveChanges(p graphql.ResolveParams, d *Data) (any, error) {
	f, err := b.changeFilter(p.Args, 20)
	if err != nil {
		return nil, err
	}
	f.By, _ = p.Args["by"].(string)
	f.ID = idArg(p.Args, "id")
	return refsOf(b.a.opts.Log.Changes(p.Context, f))
}

func (b *builder) changeFilter(args map[string]any, def int) (ChangeFilter, error) {
	n, err := intArg(args, "first", def, 0, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return ChangeFilter{}, err
	}
	since, err := intArg(args, "since", 0, 0, int(^uint(0)>>1))
	return ChangeFilter{Since: uint64(since), Limit: n}, err
}

func (b *builder) resolveHistory(p graphql.ResolveParams, d *Data) (any, error) {
	f, err := b.changeFilter(p.Args, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	f.ID = idArg(p.Args, "id")
	if f.Limit == 0 {
		return []*ChangeRecord{}, nil
	}
	cs, err := b.a.opts.Log.Changes(p.Context, f)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		if _, ok := lookupNode(d, f.ID); !ok {
			return nil, unknownID(p.Context, d, "id", f.ID)
		}
	}
	for i := range cs {
		cs[i].Before, cs[i].After = only(cs[i].Before, f.ID), only(cs[i].After, f.ID)
	}
	return refs(cs), nil
}

// retraction is a withdrawn record as Query.retracted shows it.
type retraction struct {
	id     history.ID
	mark   *history.Retracted
	record *history.Dataset
}

func asRetraction(s any) *retraction { return s.(*retraction) }

func (b *builder) retractionType() *graphql.Object {
	return object("Retraction", "A withdrawn record: kept with its provenance and the reason, hidden from default answers.", func() graphql.Fields {
		return graphql.Fields{
			"id":        b.plain(nonNull(graphql.ID), "The record's id.", func(s any) any { return asRetraction(s).id }),
			"reason":    b.plain(nonNull(graphql.String), "Why it was withdrawn.", func(s any) any { return asRetraction(s).mark.Reason }),
			"citations": b.plain(listOf(b.citation), "The sources that show it wrong, if any.", func(s any) any { return refs(asRetraction(s).mark.Citations) }),
			"revision":  b.computed(nonNull(graphql.Int), "The change that withdrew it.", func(s any) any { return int(asRetraction(s).mark.Revision) }),
			"at":        b.plain(graphql.String, "When it was withdrawn (RFC 3339).", func(s any) any { return bound(asRetraction(s).mark.At) }),
			"record":    b.computed(nonNull(b.partScalar), "The record as it stands withdrawn, in the dataset format.", func(s any) any { return asRetraction(s).record }),
		}
	})
}

func (b *builder) resolveRetracted(p graphql.ResolveParams, d *Data) (any, error) {
	id := idArg(p.Args, "id")
	cs, err := b.a.opts.Log.Changes(p.Context, ChangeFilter{ID: id})
	if err != nil {
		return nil, err
	}
	for i := len(cs) - 1; i >= 0; i-- {
		rec := only(cs[i].After, id)
		if rec == nil {
			continue // a bulk load keeps no records: look further back
		}
		if mark := retractedMark(rec); mark != nil {
			return &retraction{id: id, mark: mark, record: rec}, nil
		}
		return nil, nil
	}
	if _, ok := lookupNode(d, id); ok {
		return nil, nil
	}
	return nil, unknownID(p.Context, d, "id", id)
}

// retractedMark is the retraction of the one record ds holds.
func retractedMark(ds *history.Dataset) *history.Retracted {
	if r := fieldOf[*history.Retracted](recordOf(ds), "Retracted"); r != nil {
		return *r
	}
	return nil
}

// only is the part of ds that is the record id, or nil.
func only(ds *history.Dataset, id history.ID) *history.Dataset {
	if ds == nil {
		return nil
	}
	out := &history.Dataset{}
	out.Sources = pick(ds.Sources, id, func(r history.Source) history.ID { return r.ID })
	out.Entities = pick(ds.Entities, id, func(r history.Entity) history.ID { return r.ID })
	out.Events = pick(ds.Events, id, func(r history.Event) history.ID { return r.ID })
	out.Relations = pick(ds.Relations, id, func(r history.Relation) history.ID { return r.ID })
	out.Claims = pick(ds.Claims, id, func(r history.Claim) history.ID { return r.ID })
	if out.Len() == 0 {
		return nil
	}
	return out
}

func pick[T any](recs []T, id history.ID, idOf func(T) history.ID) []T {
	for _, r := range recs {
		if idOf(r) == id {
			return []T{r}
		}
	}
	return nil
}
