package api

import (
	"reflect"
	"slices"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// The fine edits: a citation, a name or a participant added or removed,
// and a record retracted. Each reads the record, changes it and puts it
// back whole, expecting the revision it read.

func (b *builder) editFields(fields graphql.Fields, record, entity, event *graphql.Object) {
	cite := func(desc string) *graphql.ArgumentConfig {
		return &graphql.ArgumentConfig{Type: graphql.NewNonNull(graphql.String), Description: desc}
	}
	cites := &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "The sources for it, each SOURCE LOCATOR; left out, those of the record."}
	id := &graphql.ArgumentConfig{Type: nonNullID(), Description: "The record's id."}
	fields["addCitation"] = b.argField(record, "Adds a citation to a record's own citations (cite).", writeArgs(graphql.FieldConfigArgument{
		"id": id, "citation": cite("The citation, SOURCE LOCATOR, such as source/essay-special-treatment ¶3."),
	}), b.editor("addCitation", map[string]string{"cite": "citation"}, "", func(p graphql.ResolveParams, ds *history.Dataset) error {
		c, err := citationArg("citation", str(p.Args, "citation"))
		cs := citesOf(ds)
		if err == nil && cs == nil {
			err = badInput("argument id: a source cites nothing")
		}
		if err == nil {
			*cs = append(*cs, c)
		}
		return err
	}))
	fields["removeCitation"] = b.argField(record, "Removes a citation from a record's own citations (cite); a record needs one at least.", writeArgs(graphql.FieldConfigArgument{
		"id": id, "citation": cite("The citation to remove, SOURCE LOCATOR, as the record has it."),
	}), b.editor("removeCitation", map[string]string{"cite": "citation"}, "", func(p graphql.ResolveParams, ds *history.Dataset) error {
		c, err := citationArg("citation", str(p.Args, "citation"))
		if err != nil {
			return err
		}
		return remove(citesOf(ds), func(x history.Citation) bool { return x == c }, "citation", "%s does not cite %s", ds.IDs()[0], c)
	}))
	nameArgs := func() graphql.FieldConfigArgument {
		return writeArgs(graphql.FieldConfigArgument{
			"id":   {Type: nonNullID(), Description: "The entity's or event's id."},
			"text": {Type: graphql.NewNonNull(graphql.String), Description: "The name as written."},
			"kind": {Type: b.nameKind, Description: "How the name relates to the entity: VARIANT when left out."},
		})
	}
	add := nameArgs()
	add["lang"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "The language of the name (BCP 47), such as ru."}
	add["cite"] = cites
	fields["addName"] = b.argField(entity, "Adds a name: a full form, a native-script name, a transliteration, a variant or a source's misspelling, so that search finds the entity by it.", add,
		b.editor("addName", map[string]string{"names": "text"}, "", func(p graphql.ResolveParams, ds *history.Dataset) error {
			names := namesOf(ds)
			if names == nil {
				return badInput("argument id: only entities and events have names")
			}
			cs, err := citationsArg(p.Args, "cite", *citesOf(ds))
			kind, _ := p.Args["kind"].(history.NameKind)
			if kind == "" {
				kind = history.NameVariant
			}
			lang, _ := p.Args["lang"].(string)
			*names = append(*names, history.Name{Text: str(p.Args, "text"), Kind: kind, Lang: lang, Citations: cs})
			return err
		}))
	fields["removeName"] = b.argField(entity, "Removes a name (of the kind given, or of any kind).", nameArgs(),
		b.editor("removeName", map[string]string{"names": "text"}, "", func(p graphql.ResolveParams, ds *history.Dataset) error {
			text, _ := p.Args["text"].(string)
			kind, _ := p.Args["kind"].(history.NameKind)
			return remove(namesOf(ds), func(n history.Name) bool { return n.Text == text && (kind == "" || n.Kind == kind) }, "text", "%s has no name %q", ds.IDs()[0], excerpt(text))
		}))
	partArgs := func() graphql.FieldConfigArgument {
		return writeArgs(graphql.FieldConfigArgument{
			"event":  {Type: nonNullID(), Description: "The event's id."},
			"entity": {Type: nonNullID(), Description: "The participant's id: a person, group, place or work."},
			"role":   {Type: graphql.NewNonNull(graphql.String), Description: "The part it played: ordered, carried-out, victim, led, member ..."},
		})
	}
	addPart := partArgs()
	addPart["cite"] = cites
	fields["addParticipant"] = b.argField(event, "Adds a participant to an event, in a role.", addPart,
		b.editor("addParticipant", map[string]string{"participants": "entity"}, history.KindEvent, func(p graphql.ResolveParams, ds *history.Dataset) error {
			e := &ds.Events[0]
			cs, err := citationsArg(p.Args, "cite", e.Citations)
			e.Participants = append(e.Participants, history.Participation{Entity: idArg(p.Args, "entity"), Role: history.Role(str(p.Args, "role")), Citations: cs})
			return err
		}))
	fields["removeParticipant"] = b.argField(event, "Removes a participant in a role from an event; an event needs one at least.", partArgs(),
		b.editor("removeParticipant", map[string]string{"participants": "entity"}, history.KindEvent, func(p graphql.ResolveParams, ds *history.Dataset) error {
			who, role := idArg(p.Args, "entity"), history.Role(str(p.Args, "role"))
			e := &ds.Events[0]
			return remove(&e.Participants, func(x history.Participation) bool { return x.Entity == who && x.Role == role }, "entity", "%s has no participant %s as %s", e.ID, who, role)
		}))
	fields["retract"] = b.retractField()
}

// editor makes the resolver of a fine edit: edit changes a copy of the
// record, which then replaces it. fields maps the record's fields to the
// arguments behind them, for errors; kind, when set, is the only kind of
// record the edit applies to.
func (b *builder) editor(name string, fields map[string]string, kind history.Kind, edit func(graphql.ResolveParams, *history.Dataset) error) resolver {
	idName := "id"
	if kind == history.KindEvent {
		idName = "event"
	}
	return func(p graphql.ResolveParams, d *Data) (any, error) {
		m := b.a.newMutation(p, name, idArg(p.Args, idName), "", fields)
		m.idArg = idName
		return b.a.commit(p, m, func(d *Data) (history.Change, error) {
			cur, ch, err := m.read(p, d, kind)
			if err != nil {
				return ch, err
			}
			if err := edit(p, cur); err != nil {
				return ch, err
			}
			ch.Put = *cur
			return ch, nil
		})
	}
}

func (b *builder) retractField() *graphql.Field {
	args := writeArgs(graphql.FieldConfigArgument{
		"id":        {Type: nonNullID(), Description: "The record to withdraw."},
		"reason":    {Type: graphql.NewNonNull(graphql.String), Description: "Why: kept with the record and shown with it."},
		"citations": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "The sources that show the record wrong, each SOURCE LOCATOR."},
	})
	pl := object("RetractPayload", "What a retraction did.", func() graphql.Fields {
		fs := b.payloadFields()
		fs["id"] = b.plain(nonNull(graphql.ID), "The record withdrawn: hidden from answers from now on, kept with its reason (Query.retracted, Query.history).", func(s any) any { return asPayload(s).id })
		fs["revision"] = b.computed(nonNull(graphql.Int), "The record's revision: the change that withdrew it.", func(s any) any { return int(asPayload(s).w.Revision) })
		return fs
	})
	return b.argField(pl, "Withdraws a record: it stays in the store with its provenance and the reason, hidden from default answers, as Wikidata keeps a deprecated statement. Nothing is deleted. Records that stand may not refer to it: retract or change them first, or in the same change.", args,
		func(p graphql.ResolveParams, d *Data) (any, error) {
			m := b.a.newMutation(p, "retract", idArg(p.Args, "id"), "", map[string]string{"retracted": "reason"})
			return b.a.commit(p, m, func(d *Data) (history.Change, error) {
				_, ch, err := m.read(p, d, "")
				if err != nil {
					return ch, err
				}
				cs, err := citationsArg(p.Args, "citations", nil)
				ch.Retract = []history.Retraction{{ID: m.id, Reason: str(p.Args, "reason"), Citations: cs}}
				return ch, err
			})
		})
}

func str(args map[string]any, name string) string {
	s, _ := args[name].(string)
	return s
}

// remove deletes the items of *list that match, or fails with NOT_FOUND
// for the argument arg.
func remove[T any](list *[]T, match func(T) bool, arg, format string, args ...any) error {
	if list == nil || !slices.ContainsFunc(*list, match) {
		return history.Errorf(history.CodeNotFound, "argument "+arg+": "+format, args...)
	}
	*list = slices.DeleteFunc(*list, match)
	return nil
}

// recordOf points at the one record ds holds.
func recordOf(ds *history.Dataset) any {
	switch {
	case len(ds.Sources) == 1:
		return &ds.Sources[0]
	case len(ds.Entities) == 1:
		return &ds.Entities[0]
	case len(ds.Events) == 1:
		return &ds.Events[0]
	case len(ds.Relations) == 1:
		return &ds.Relations[0]
	case len(ds.Claims) == 1:
		return &ds.Claims[0]
	}
	return nil
}

// citesOf points at the record's own citations; nil for a source.
func citesOf(ds *history.Dataset) *[]history.Citation {
	return fieldOf[[]history.Citation](recordOf(ds), "Citations")
}

// namesOf points at an entity's or event's names; nil for others.
func namesOf(ds *history.Dataset) *[]history.Name {
	return fieldOf[[]history.Name](recordOf(ds), "Names")
}

// fieldOf points at the field of a record, or is nil when the record's
// kind has no such field. The kinds of record share the names of what
// they have in common (Citations, Names, Revision, Retracted), not a type.
func fieldOf[T any](rec any, name string) *T {
	v := reflect.ValueOf(rec)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName(name)
	if !f.IsValid() {
		return nil
	}
	p, _ := f.Addr().Interface().(*T)
	return p
}
