package api

import (
	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// The Mutation type: create and update for every kind of record, the fine
// edits (a citation, a name, a participant) and retract. Each is turned
// into one Change that replaces whole the records it touches (see
// write.go and commit), and answers with a payload holding the record as
// the graph now has it, its revision and the graph's.

// kindType is a kind of record as the mutations name it.
type kindType struct {
	kind  history.Kind // "relation" and "claim" for statements
	name  string       // the GraphQL type: Person
	field string       // the payload's field: person
	obj   *graphql.Object
}

func (b *builder) kindTypes() []kindType {
	return []kindType{
		{history.KindSource, "Source", "source", b.source},
		{history.KindPerson, "Person", "person", b.person},
		{history.KindGroup, "Group", "group", b.group},
		{history.KindPlace, "Place", "place", b.place},
		{history.KindWork, "Work", "work", b.work},
		{history.KindEvent, "Event", "event", b.event},
		{"relation", "Relation", "relation", b.relation},
		{"claim", "Claim", "claim", b.claim},
	}
}

func (b *builder) mutationType() *graphql.Object {
	fields := graphql.Fields{}
	payloads := map[string]*graphql.Object{}
	for _, k := range b.kindTypes() {
		payloads[k.name] = b.payloadType(k.name+"Payload", k.field, k.obj, "The "+k.field+" as the graph now has it.")
		fields["create"+k.name] = b.createField(k, payloads[k.name])
		fields["update"+k.name] = b.updateField(k, payloads[k.name])
	}
	record := b.payloadType("RecordPayload", "record", b.node, "The record as the graph now has it.")
	entity := b.payloadType("EntityPayload", "entity", b.entity, "The entity or event as the graph now has it.")
	b.editFields(fields, record, entity, payloads["Event"])
	return graphql.NewObject(graphql.ObjectConfig{
		Name: "Mutation",
		Description: "Changes to the graph, each validated as `memoria validate` checks a dataset and applied whole or not at all, with an audit record of who made it. " +
			"Every mutation replaces the records it touches whole; expectedRevision refuses it with CONFLICT if the record changed since it was read, and a retry with the same clientMutationId is applied once.",
		Fields: fields,
	})
}

// payload is what a mutation answers: the record written, found in the
// data the write produced.
type payload struct {
	id       history.ID
	w        Written
	clientID string
}

func (p *payload) record() any {
	v, _ := lookupNode(&p.w.Data, p.id)
	return v
}

// revision is the record's: the last change that wrote it, or the
// write's when the read model does not carry revisions.
func (p *payload) revision() int {
	rec := p.record()
	if v, ok := rec.(*relationView); ok {
		rec = v.r
	}
	if r := fieldOf[uint64](rec, "Revision"); r != nil && *r != 0 {
		return int(*r)
	}
	return int(p.w.Revision)
}

func asPayload(s any) *payload { return s.(*payload) }

func (b *builder) payloadType(name, field string, t graphql.Output, desc string) *graphql.Object {
	return object(name, "What a mutation did: the record, its revision and the graph's.", func() graphql.Fields {
		fs := b.payloadFields()
		fs[field] = b.computed(t, desc+" Null for a record that no longer stands.", func(s any) any { return asPayload(s).record() })
		return fs
	})
}

// payloadFields are the fields of every payload but the record's.
func (b *builder) payloadFields() graphql.Fields {
	return graphql.Fields{
		"revision":         b.computed(nonNull(graphql.Int), "The record's revision: the number of the last change that wrote it. Pass it as expectedRevision to change the record again.", func(s any) any { return asPayload(s).revision() }),
		"graphRevision":    b.computed(nonNull(graphql.Int), "The graph's revision after the change.", func(s any) any { return int(asPayload(s).w.Revision) }),
		"clientMutationId": b.plain(graphql.String, "The clientMutationId the mutation was sent with.", func(s any) any { return emptyNil(asPayload(s).clientID) }),
		"replayed":         b.computed(nonNull(graphql.Boolean), "Whether the clientMutationId had been used: nothing was applied again, and this is the first result.", func(s any) any { return asPayload(s).w.Replayed }),
	}
}

// writeArgs are the arguments every mutation of a stored record takes,
// with its own.
func writeArgs(own graphql.FieldConfigArgument) graphql.FieldConfigArgument {
	own["expectedRevision"] = &graphql.ArgumentConfig{Type: graphql.Int, Description: "The record's revision when it was read: the mutation is refused with CONFLICT, naming the current revision, if the record changed since."}
	own["clientMutationId"] = clientIDArg()
	return own
}

func clientIDArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.String, Description: "An id the client chooses for this mutation: sent again with the same token (a retry), it is applied once and answers with the first result."}
}

func (b *builder) createField(k kindType, pl *graphql.Object) *graphql.Field {
	section := sections[k.kind]
	args := graphql.FieldConfigArgument{
		"record":           {Type: graphql.NewNonNull(b.recordScalar), Description: "The new record in the dataset format, with the keys of the " + section + " section of a dataset's YAML and an id that no record has."},
		"clientMutationId": clientIDArg(),
	}
	name := "create" + k.name
	desc := "Creates a " + k.field + " from a record in the dataset format."
	return b.argField(pl, desc, args, func(p graphql.ResolveParams, d *Data) (any, error) {
		rec, _ := p.Args["record"].(map[string]any)
		id, _ := rec["id"].(string)
		m := b.a.newMutation(p, name, history.ID(id), "record", nil)
		return b.a.commit(p, m, func(d *Data) (history.Change, error) {
			if id == "" {
				return history.Change{}, badInput("argument record: a record needs an id, such as %s/a-name", k.kind)
			}
			if _, ok := lookupNode(d, history.ID(id)); ok {
				return history.Change{}, history.Errorf(history.CodeConflict, "argument record: %s exists already: update it instead", excerpt(id))
			}
			ds, err := decodeRecord(section, "record", rec)
			if err != nil {
				return history.Change{}, err
			}
			return history.Change{Put: *ds, Expect: map[history.ID]uint64{ds.IDs()[0]: 0}}, nil
		})
	})
}

func (b *builder) updateField(k kindType, pl *graphql.Object) *graphql.Field {
	section := sections[k.kind]
	args := writeArgs(graphql.FieldConfigArgument{
		"id":    {Type: nonNullID(), Description: "The " + k.field + "'s id."},
		"patch": {Type: graphql.NewNonNull(b.recordScalar), Description: "A JSON merge patch (RFC 7386) onto the record in the dataset format: each key given replaces the record's, null removes it (send the patch as a variable: this server reads no null in a literal), a list replaces the list whole."},
	})
	name := "update" + k.name
	desc := "Changes a " + k.field + ": the patch is merged onto the record as the dataset format writes it, and the result replaces the record."
	return b.argField(pl, desc, args, func(p graphql.ResolveParams, d *Data) (any, error) {
		id := idArg(p.Args, "id")
		patch, _ := p.Args["patch"].(map[string]any)
		m := b.a.newMutation(p, name, id, "patch", nil)
		return b.a.commit(p, m, func(d *Data) (history.Change, error) {
			cur, ch, err := m.read(p, d, k.kind)
			if err != nil {
				return ch, err
			}
			if pid, ok := patch["id"]; ok && pid != string(id) {
				return ch, badInput("argument patch: the id cannot change: create a record under the new id and retract this one")
			}
			rec, err := encodeRecord(cur)
			if err != nil {
				return ch, err
			}
			ds, err := decodeRecord(section, "patch", mergePatch(rec, singleCites(patch).(map[string]any)))
			if err != nil {
				return ch, err
			}
			ch.Put = *ds
			return ch, nil
		})
	})
}

func nonNullID() graphql.Input { return graphql.NewNonNull(graphql.ID) }
