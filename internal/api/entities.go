package api

import (
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
	during := &graphql.ArgumentConfig{Type: graphql.String, Description: "Keep only statements that can hold in this EDTF interval, such as 1934/1941."}
	return graphql.Fields{
		"id":          b.stringField(nonNull(graphql.ID), "The stable id, such as person/lavrentiy-beria.", entityIDRef),
		"kind":        b.plain(nonNull(b.entityKind), "What kind of entity this is.", func(s any) any { return entityKind(s) }),
		"name":        b.stringField(nonNull(graphql.String), "The canonical name.", entityNameRef),
		"names":       b.plain(listOf(b.name), "Every name: canonical, full, native script, transliterations, variants and misspellings, each cited.", func(s any) any { return refs(entityNames(s)) }),
		"description": b.optionalString("A short description in Memoria's own words.", entityDescriptionRef),
		"wikidata": b.optionalString("The Wikidata item id (Q855), when there is one.", func(s any) *string {
			if e, ok := s.(*history.Entity); ok {
				return &e.Wikidata
			}
			return new(string)
		}),
		"citations": b.plain(listOf(b.citation), "The sources for this entity.", func(s any) any { return refs(entityCitations(s)) }),
		"relations": {
			Type:        listOf(b.relation),
			Description: "Relations with other entities, each with the other end, its time span and its citations.",
			Args: graphql.FieldConfigArgument{
				"type":      {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Only these relation types, such as member-of or deputy-of."},
				"direction": {Type: b.direction, DefaultValue: "BOTH", Description: "OUTGOING: this entity is the subject; INCOMING: the object."},
				"during":    during,
			},
			Resolve: b.a.wrap(b.resolveRelations),
		},
		"claims": {
			Type:        listOf(b.claim),
			Description: "Sourced values about this entity.",
			Args:        graphql.FieldConfigArgument{"property": {Type: graphql.String, Description: "Only claims of this property, such as deaths."}},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				prop, _ := p.Args["property"].(string)
				return d.Records.Claims(entityID(p.Source), prop), nil
			}),
		},
	}
}

// withEntityFields adds the shared fields to a type's own.
func (b *builder) withEntityFields(own graphql.Fields) graphql.Fields {
	fs := b.entityFields()
	for k, v := range own {
		fs[k] = v
	}
	return fs
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

func (b *builder) entityTypes() {
	impl := func() []*graphql.Interface { return []*graphql.Interface{b.node, b.entity} }
	typeField := func(desc string) *graphql.Field {
		return b.stringField(nonNull(graphql.String), desc, func(s any) *string { return &s.(*history.Entity).Type })
	}
	during := &graphql.ArgumentConfig{Type: graphql.String, Description: "Keep only events that can fall in this EDTF interval."}
	b.person = graphql.NewObject(graphql.ObjectConfig{
		Name: "Person", Description: "A person.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.withEntityFields(graphql.Fields{
				"born":   b.plain(b.date, "When the person was born, when a source says.", func(s any) any { return datedOrNil(s.(*history.Entity).Born) }),
				"died":   b.plain(b.date, "When the person died, when a source says.", func(s any) any { return datedOrNil(s.(*history.Entity).Died) }),
				"events": b.entityEventsField(during),
			})
		}),
	})
	b.group = graphql.NewObject(graphql.ObjectConfig{
		Name: "Group", Description: "A party, body, government, police, army, camp system, band or movement.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.withEntityFields(graphql.Fields{
				"type":   typeField("What sort of group: party, body, police, army, camp-system, band ..."),
				"events": b.entityEventsField(during),
			})
		}),
	})
	b.place = graphql.NewObject(graphql.ObjectConfig{
		Name: "Place", Description: "A country, republic, region, city, camp, building or site.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.withEntityFields(graphql.Fields{
				"type":   typeField("What sort of place: country, region, city, camp ..."),
				"events": b.entityEventsField(during),
			})
		}),
	})
	b.work = graphql.NewObject(graphql.ObjectConfig{
		Name: "Work", Description: "A letter, law, doctrine, order, song or other work.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.withEntityFields(graphql.Fields{
				"type":   typeField("What sort of work: letter, law, doctrine ..."),
				"date":   b.plain(b.date, "When it was written or enacted.", func(s any) any { return datedOrNil(s.(*history.Entity).Date) }),
				"events": b.entityEventsField(during),
			})
		}),
	})
	b.event = graphql.NewObject(graphql.ObjectConfig{
		Name: "Event", Description: "Something that happened: participants in roles, a time, a place, the larger event it is part of, causes and consequences.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields { return b.withEntityFields(b.eventFields()) }),
	})
}

func (b *builder) entityEventsField(during *graphql.ArgumentConfig) *graphql.Field {
	return &graphql.Field{
		Type:        listOf(b.participation),
		Description: "The events this entity took part in, in time order, with its role.",
		Args: graphql.FieldConfigArgument{
			"role":   {Type: graphql.String, Description: "Only this role."},
			"during": during,
		},
		Resolve: b.a.wrap(b.resolveEntityEvents),
	}
}
