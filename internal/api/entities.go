package api

import (
	"maps"
	"slices"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// Accessors shared by every entity-like value: people, groups, places and
// works (*history.Entity) and events (*history.Event).

func entityID(v any) history.ID {
	switch e := v.(type) {
	case *history.Entity:
		return e.ID
	case *history.Event:
		return e.ID
	}
	return ""
}

func entityKind(v any) history.Kind {
	switch e := v.(type) {
	case *history.Entity:
		return e.Kind
	case *history.Event:
		return history.KindEvent
	}
	return ""
}

// entityIDRef, entityNameRef and entityDescriptionRef point into the
// record, for the String and ID scalars to read without a copy (see
// stringsByPointer).
func entityIDRef(v any) *string {
	switch e := v.(type) {
	case *history.Entity:
		return idRef(&e.ID)
	case *history.Event:
		return idRef(&e.ID)
	}
	return new(string)
}

func entityNameRef(v any) *string {
	switch e := v.(type) {
	case *history.Entity:
		return &e.Name
	case *history.Event:
		return &e.Name
	}
	return new(string)
}

func entityDescriptionRef(v any) *string {
	switch e := v.(type) {
	case *history.Entity:
		return &e.Description
	case *history.Event:
		return &e.Description
	}
	return new(string)
}

func entityName(v any) string {
	switch e := v.(type) {
	case *history.Entity:
		return e.Name
	case *history.Event:
		return e.Name
	}
	return ""
}

func entityCitations(v any) []history.Citation {
	switch e := v.(type) {
	case *history.Entity:
		return e.Citations
	case *history.Event:
		return e.Citations
	}
	return nil
}

// entityNames lists the canonical name first, cited like the record, then
// every other name.
func entityNames(v any) []history.Name {
	var rest []history.Name
	switch e := v.(type) {
	case *history.Entity:
		rest = e.Names
	case *history.Event:
		rest = e.Names
	}
	out := make([]history.Name, 0, len(rest)+1)
	out = append(out, history.Name{Text: entityName(v), Kind: "canonical", Citations: entityCitations(v)})
	return append(out, rest...)
}

// lookupEntity finds an entity or event by id.
func lookupEntity(d *Data, id history.ID) (any, bool) {
	if e, ok := d.Records.Entity(id); ok {
		return e, true
	}
	if e, ok := d.Records.Event(id); ok {
		return e, true
	}
	return nil, false
}

func mustEntity(d *Data, id history.ID) (any, error) {
	if e, ok := lookupEntity(d, id); ok {
		return e, nil
	}
	return nil, notFound(string(id))
}

// entityFields are the fields of the Entity interface, shared by every type
// that implements it.
func (b *builder) entityFields() graphql.Fields {
	return graphql.Fields{
		"id":          b.stringField(nonNull(graphql.ID), "The stable id, such as person/lavrentiy-beria.", entityIDRef),
		"kind":        b.plain(nonNull(b.entityKind), "What kind of entity this is.", func(s any) any { return entityKind(s) }),
		"name":        b.stringField(nonNull(graphql.String), "The canonical name.", entityNameRef),
		"names":       b.plain(listOf(b.name), "Every name: canonical, full, native script, transliterations, variants and misspellings, each cited.", func(s any) any { return refs(entityNames(s)) }),
		"description": b.optionalString("A short description in Memoria's own words.", entityDescriptionRef),
		"wikidata":    b.optionalString("The Wikidata item id (Q855), when there is one.", entityWikidataRef),
		"citations":   b.plain(listOf(b.citation), "The sources for this entity.", func(s any) any { return refs(entityCitations(s)) }),
		"relations": b.argField(listOf(b.relation), "Relations with other entities, each with the other end, its time span and its citations. A lasting relation that no source ends ends with the death or end of a party.", graphql.FieldConfigArgument{
			"type":      {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Only these relation types, such as member-of or deputy-of."},
			"direction": {Type: b.direction, DefaultValue: "BOTH", Description: "OUTGOING: this entity is the subject; INCOMING: the object."},
			"during":    duringArg(),
		}, resolveRelations),
		"claims": b.argField(listOf(b.claim), "Sourced values about this entity.", graphql.FieldConfigArgument{
			"property": {Type: graphql.String, Description: "Only claims of this property, such as deaths."},
		}, resolveEntityClaims),
	}
}

func entityWikidataRef(s any) *string {
	if e, ok := s.(*history.Entity); ok {
		return &e.Wikidata
	}
	return new(string)
}

// resolveRelations lists an entity's relations, of the types asked for,
// in the direction asked for, that can hold during the interval asked for.
func resolveRelations(p graphql.ResolveParams, d *Data) (any, error) {
	id := entityID(p.Source)
	types := stringList(p.Args["type"])
	dir, _ := p.Args["direction"].(string)
	during, err := dateArg(p.Args, "during")
	if err != nil {
		return nil, err
	}
	var out []relationView
	for _, r := range d.Records.Relations(id) {
		switch {
		case len(types) > 0 && !slices.Contains(types, string(r.Type)):
		case dir == "OUTGOING" && r.Subject != id, dir == "INCOMING" && r.Object != id:
		case !during.IsZero() && !d.Records.RelationSpan(r).Overlaps(during):
		default:
			out = append(out, relationView{r: r, from: id})
		}
	}
	return refs(out), nil
}

func resolveEntityClaims(p graphql.ResolveParams, d *Data) (any, error) {
	prop, _ := p.Args["property"].(string)
	return d.Records.Claims(entityID(p.Source), prop), nil
}

func (b *builder) interfaces() {
	b.node = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Node",
		Description: "Anything with a stable id: entities, statements, claims and sources. Query.node fetches any of them.",
		Fields:      graphql.Fields{"id": &graphql.Field{Type: nonNull(graphql.ID), Description: "The stable id."}},
		ResolveType: b.resolveType,
	})
	b.entity = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Entity",
		Description: "A person, group, place, work or event: something statements are about.",
		Fields:      graphql.FieldsThunk(b.entityFields),
		ResolveType: b.resolveType,
	})
}

func (b *builder) resolveType(p graphql.ResolveTypeParams) *graphql.Object {
	switch v := p.Value.(type) {
	case *history.Entity:
		switch v.Kind {
		case history.KindPerson:
			return b.person
		case history.KindGroup:
			return b.group
		case history.KindPlace:
			return b.place
		case history.KindWork:
			return b.work
		}
	case *history.Event:
		return b.event
	case *history.Source:
		return b.source
	case *history.Claim:
		return b.claim
	case *relationView:
		return b.relation
	case *participationView:
		return b.participation
	}
	return nil
}

// entityTypes makes Person, Group, Place, Work and Event: each has the
// Entity interface's fields and its own.
func (b *builder) entityTypes() {
	b.person = b.entityType("Person", "A person.", func() graphql.Fields {
		return graphql.Fields{
			"born":   b.plain(b.date, "When the person was born, when a source says, with the sources that say so.", func(s any) any { return datedOrNil(s.(*history.Entity).Born) }),
			"died":   b.plain(b.date, "When the person died, when a source says, with the sources that say so.", func(s any) any { return datedOrNil(s.(*history.Entity).Died) }),
			"events": b.entityEventsField(),
		}
	})
	b.group = b.entityType("Group", "A party, body, government, police, army, camp system, band or movement.", b.sortFields("What sort of group: party, body, police, army, camp-system, band ...",
		"When the group ceased to be: dissolved, renamed or merged into another (see its relations succeeded and merged-into), with the sources that say so."))
	b.place = b.entityType("Place", "A country, republic, region, city, camp, building or site. Its events are those that happened there: the events whose place it is and those it takes part in.",
		b.sortFields("What sort of place: country, region, city, camp ...", "When the place ceased to be what it was: a state dissolved, a camp closed, with the sources that say so."))
	b.work = b.entityType("Work", "A letter, law, doctrine, order, song or other work.", func() graphql.Fields {
		fs := b.sortFields("What sort of work: letter, law, doctrine ...", "When the work ceased to hold: a law repealed, with the sources that say so.")()
		fs["date"] = b.plain(b.date, "When it was written or enacted, with the sources that date it.", func(s any) any { return datedOrNil(s.(*history.Entity).Date) })
		return fs
	})
	b.event = b.entityType("Event", "Something that happened: participants in roles, a time, a place, the larger event it is part of, causes and consequences.", b.eventFields)
}

// entityType makes the object type of one kind of entity: the Entity
// interface's fields, and own.
func (b *builder) entityType(name, desc string, own func() graphql.Fields) *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{
		Name: name, Description: desc, Interfaces: []*graphql.Interface{b.node, b.entity},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			fs := b.entityFields()
			maps.Copy(fs, own())
			return fs
		}),
	})
}

// sortFields are the own fields of a group, a place or a work: the sort of
// thing it is, when it ended, and the events it took part in.
func (b *builder) sortFields(desc, ended string) func() graphql.Fields {
	return func() graphql.Fields {
		return graphql.Fields{
			"type":   b.stringField(nonNull(graphql.String), desc, func(s any) *string { return &s.(*history.Entity).Type }),
			"ended":  b.plain(b.date, ended, func(s any) any { return datedOrNil(s.(*history.Entity).Ended) }),
			"events": b.entityEventsField(),
		}
	}
}

func (b *builder) entityEventsField() *graphql.Field {
	return b.argField(listOf(b.participation), "The events this entity took part in, in time order, with its role. A place takes part, as location, in the events whose place it is.", graphql.FieldConfigArgument{
		"role":   {Type: graphql.String, Description: "Only this role."},
		"during": {Type: graphql.String, Description: "Keep only events that can fall in this EDTF interval."},
	}, resolveEntityEvents)
}

// resolveEntityEvents lists the parts an entity played in events, in the
// role asked for, in events that can fall in the interval asked for.
func resolveEntityEvents(p graphql.ResolveParams, d *Data) (any, error) {
	role, _ := p.Args["role"].(string)
	during, err := dateArg(p.Args, "during")
	if err != nil {
		return nil, err
	}
	var out []participationView
	for _, pt := range d.Records.Participations(entityID(p.Source)) {
		part := pt.Part()
		if role != "" && string(part.Role) != role {
			continue
		}
		if !during.IsZero() && pt.Event.Date != nil && !pt.Event.Date.Date.Overlaps(during) {
			continue
		}
		out = append(out, participationView{event: pt.Event, p: *part})
	}
	return refs(out), nil
}
