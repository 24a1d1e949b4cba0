package api

import (
	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

func asEvent(s any) *history.Event { return s.(*history.Event) }

// eventFields are the Event type's own fields.
func (b *builder) eventFields() graphql.Fields {
	return graphql.Fields{
		"type":            b.stringField(nonNull(graphql.String), "What kind of event: execution, appointment, purge, famine ...", func(s any) *string { return &asEvent(s).Type }),
		"date":            b.plain(b.date, "When it happened, as precisely as the sources allow, with the sources that date it.", func(s any) any { return datedOrNil(asEvent(s).Date) }),
		"place":           b.field(b.place, "Where it happened.", resolveEventPlace),
		"placeCitations":  b.plain(listOf(b.citation), "The sources that place the event there (empty when it has no place).", func(s any) any { return linkCitations(asEvent(s).Place) }),
		"parent":          b.field(b.event, "The larger event this one is part of.", resolveEventParent),
		"parentCitations": b.plain(listOf(b.citation), "The sources that make it part of its parent (empty when it has none).", func(s any) any { return linkCitations(asEvent(s).Parent) }),
		"subEvents":       b.field(listOf(b.event), "The events that are part of this one, in time order.", resolveSubEvents),
		"causes":          b.field(listOf(b.event), "Events that led to this one, whichever of the two events states the link.", resolveCauses),
		"consequences":    b.field(listOf(b.event), "Events that followed from this one, whichever of the two events states the link.", resolveConsequences),
		"participants": b.argField(listOf(b.participation), "Who took part, in what role, each cited.", graphql.FieldConfigArgument{
			"role": {Type: graphql.String, Description: "Only this role."},
		}, resolveParticipants),
	}
}

func resolveEventPlace(p graphql.ResolveParams, d *Data) (any, error) {
	if l := asEvent(p.Source).Place; l != nil {
		if e, ok := d.Records.Entity(l.Target); ok {
			return e, nil
		}
	}
	return nil, nil
}

func resolveEventParent(p graphql.ResolveParams, d *Data) (any, error) {
	if l := asEvent(p.Source).Parent; l != nil {
		if e, ok := d.Records.Event(l.Target); ok {
			return e, nil
		}
	}
	return nil, nil
}

func resolveSubEvents(p graphql.ResolveParams, d *Data) (any, error) {
	return events(d, d.Records.SubEvents(asEvent(p.Source).ID)), nil
}

func resolveCauses(p graphql.ResolveParams, d *Data) (any, error) {
	return linkedEvents(d, d.Records.Causes(asEvent(p.Source).ID)), nil
}

func resolveConsequences(p graphql.ResolveParams, d *Data) (any, error) {
	return linkedEvents(d, d.Records.Consequences(asEvent(p.Source).ID)), nil
}

// linkCitations are the citations of an event's place or parent.
func linkCitations(l *history.Link) any {
	if l == nil {
		return []*history.Citation{}
	}
	return refs(l.Citations)
}

// resolveParticipants lists who took part in an event, in the role asked
// for.
func resolveParticipants(p graphql.ResolveParams, d *Data) (any, error) {
	role, _ := p.Args["role"].(string)
	e := asEvent(p.Source)
	out := make([]participationView, 0, len(e.Participants))
	for _, pt := range e.Participants {
		if role == "" || string(pt.Role) == role {
			out = append(out, participationView{event: e, p: pt})
		}
	}
	return refs(out), nil
}

// events looks up events by id, leaving out any id that names none.
func events(d *Data, ids []history.ID) []*history.Event {
	out := make([]*history.Event, 0, len(ids))
	for _, id := range ids {
		if e, ok := d.Records.Event(id); ok {
			out = append(out, e)
		}
	}
	return out
}

// linkedEvents looks up the events that links point to.
func linkedEvents(d *Data, links []history.Link) []*history.Event {
	ids := make([]history.ID, len(links))
	for i, l := range links {
		ids[i] = l.Target
	}
	return events(d, ids)
}
