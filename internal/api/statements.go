package api

import (
	"slices"
	"sort"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// relationView is a relation seen from one of its ends (from), so that
// "other" and "direction" can be answered. from is empty when the relation
// was fetched by id. Views, like participationView, travel by pointer
// (lists of them through refs), so that graphql-go does not copy each one.
type relationView struct {
	r    *history.Relation
	from history.ID
}

// participationView is an entity's part in an event.
type participationView struct {
	event *history.Event
	p     history.Participation
}

// relationSpan is the whole span of a relation: made here, unlike the dates
// stored in records, so it is the one date that costs a copy.
func relationSpan(s any) any {
	r := s.(*relationView).r
	span := history.Span(r.Start, r.End)
	return dateOrNil(&span)
}

// participationID is the stable id of a participation statement.
func participationID(v *participationView) string {
	return string(v.event.ID) + "#" + string(v.p.Role) + "/" + string(v.p.Entity)
}

func (b *builder) statementTypes() {
	impl := func() []*graphql.Interface { return []*graphql.Interface{b.node} }
	b.relation = graphql.NewObject(graphql.ObjectConfig{
		Name: "Relation", Description: "A cited statement linking two entities, such as member-of or deputy-of, with an optional start and end.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			rel := func(s any) *history.Relation { return s.(*relationView).r }
			return graphql.Fields{
				"id":      b.stringField(nonNull(graphql.ID), "The statement's stable id.", func(s any) *string { return idRef(&rel(s).ID) }),
				"type":    b.stringField(nonNull(graphql.String), "The relation type, read subject-type-object.", func(s any) *string { return (*string)(&rel(s).Type) }),
				"subject": b.field(nonNull(b.entity), "The entity the relation is stated of.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, rel(p.Source).Subject) }),
				"object":  b.field(nonNull(b.entity), "The entity it points at.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, rel(p.Source).Object) }),
				"other": b.field(nonNull(b.entity), "The end that is not the entity asking (the object when fetched by id).", func(p graphql.ResolveParams, d *Data) (any, error) {
					v := p.Source.(*relationView)
					if v.from == v.r.Object {
						return mustEntity(d, v.r.Subject)
					}
					return mustEntity(d, v.r.Object)
				}),
				"direction": b.plain(nonNull(b.direction), "OUTGOING when the entity asking is the subject, INCOMING when it is the object.", func(s any) any {
					v := s.(*relationView)
					if v.from != "" && v.from == v.r.Object {
						return "INCOMING"
					}
					return "OUTGOING"
				}),
				"start":     b.plain(b.date, "When the relation began, if known.", func(s any) any { return dateOrNil(&rel(s).Start) }),
				"end":       b.plain(b.date, "When it ended, if known.", func(s any) any { return dateOrNil(&rel(s).End) }),
				"span":      b.plain(b.date, "The whole time span, start to end, open where unknown.", relationSpan),
				"note":      b.optionalString("A curator's note.", func(s any) *string { return &rel(s).Note }),
				"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(rel(s).Citations) }),
			}
		}),
	})
	b.participation = graphql.NewObject(graphql.ObjectConfig{
		Name: "Participation", Description: "A cited statement that an entity took part in an event, in a role.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			pv := func(s any) *participationView { return s.(*participationView) }
			return graphql.Fields{
				"id":        b.plain(nonNull(graphql.ID), "The statement's stable id: the event, the role and the participant.", func(s any) any { return participationID(pv(s)) }),
				"role":      b.stringField(nonNull(graphql.String), "The part played: ordered, carried-out, victim, appointee ...", func(s any) *string { return (*string)(&pv(s).p.Role) }),
				"entity":    b.field(nonNull(b.entity), "Who or what took part.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, pv(p.Source).p.Entity) }),
				"event":     b.plain(nonNull(b.event), "The event.", func(s any) any { return pv(s).event }),
				"date":      b.plain(b.date, "The event's date.", func(s any) any { return datedOrNil(pv(s).event.Date) }),
				"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(pv(s).p.Citations) }),
			}
		}),
	})
	b.claim = graphql.NewObject(graphql.ObjectConfig{
		Name: "Claim", Description: "A sourced value: a number or a range, or a date, with its unit, the time it refers to and qualifiers. Sources may disagree: every claim stays, and disputed says where.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			cl := func(s any) *history.Claim { return s.(*history.Claim) }
			num := func(f func(q *history.Quantity) *float64) func(s any) any {
				return func(s any) any {
					if q := cl(s).Quantity; q != nil {
						if v := f(q); v != nil {
							return *v
						}
					}
					return nil
				}
			}
			return graphql.Fields{
				"id":          b.stringField(nonNull(graphql.ID), "The claim's stable id.", func(s any) *string { return idRef(&cl(s).ID) }),
				"subject":     b.field(nonNull(b.entity), "What the claim is about.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, cl(p.Source).Subject) }),
				"property":    b.stringField(nonNull(graphql.String), "What is measured: deaths, prisoners, share-of-output, date ...", func(s any) *string { return &cl(s).Property }),
				"value":       b.plain(graphql.Float, "The value, when the source gives one number.", num(func(q *history.Quantity) *float64 { return q.Value })),
				"low":         b.plain(graphql.Float, "The low end of a range (\"more than\" gives only low).", num(func(q *history.Quantity) *float64 { return q.Low })),
				"high":        b.plain(graphql.Float, "The high end of a range (\"almost\" gives only high).", num(func(q *history.Quantity) *float64 { return q.High })),
				"approximate": b.plain(nonNull(graphql.Boolean), "Whether the source gives the figure as approximate.", func(s any) any { return cl(s).Quantity != nil && cl(s).Quantity.Approximate }),
				"date":        b.plain(b.date, "The value, for a claim about when something happened.", func(s any) any { return dateOrNil(&cl(s).DateValue) }),
				"unit":        b.optionalString("The unit of a number: people, percent, camps ...", func(s any) *string { return &cl(s).Unit }),
				"time":        b.plain(b.date, "The time the value refers to.", func(s any) any { return dateOrNil(&cl(s).Time) }),
				"qualifiers": b.plain(listOf(b.qualifier), "What narrows the claim, sorted by name.", func(s any) any {
					qs := make([]qualifier, 0, len(cl(s).Qualifiers))
					for k, v := range cl(s).Qualifiers {
						qs = append(qs, qualifier{k, v})
					}
					sort.Slice(qs, func(i, j int) bool { return qs[i].name < qs[j].name })
					return qs
				}),
				"note":      b.optionalString("A curator's note, such as how the scope differs from other claims.", func(s any) *string { return &cl(s).Note }),
				"citations": b.plain(listOf(b.citation), "The sources that make the claim.", func(s any) any { return refs(cl(s).Citations) }),
				"sources": b.field(listOf(b.source), "The distinct sources cited.", func(p graphql.ResolveParams, d *Data) (any, error) {
					var out []*history.Source
					for _, c := range cl(p.Source).Citations {
						if s, ok := d.Records.Source(c.Source); ok && !slices.Contains(out, s) {
							out = append(out, s)
						}
					}
					return out, nil
				}),
				"disputed": b.field(nonNull(graphql.Boolean), "Whether another claim disagrees with this one.", func(p graphql.ResolveParams, d *Data) (any, error) {
					return len(d.Records.Disputes(cl(p.Source).ID)) > 0, nil
				}),
				"disagreesWith": b.field(listOf(b.claim), "The claims that disagree with this one: same question, overlapping time, values that cannot both hold, or judged so by the curator.", func(p graphql.ResolveParams, d *Data) (any, error) {
					var out []*history.Claim
					for _, id := range d.Records.Disputes(cl(p.Source).ID) {
						if c, ok := d.Records.Claim(id); ok {
							out = append(out, c)
						}
					}
					return out, nil
				}),
			}
		}),
	})
	b.support = graphql.NewObject(graphql.ObjectConfig{
		Name: "SourceSupport", Description: "What a source supports.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"statements": b.plain(nonNull(graphql.Int), "How many statements cite the source.", func(s any) any { return s.(sourceSupport).statements }),
				"claims": b.field(listOf(b.claim), "The claims that cite it.", func(p graphql.ResolveParams, d *Data) (any, error) {
					var out []*history.Claim
					for _, id := range p.Source.(sourceSupport).claims {
						if c, ok := d.Records.Claim(id); ok {
							out = append(out, c)
						}
					}
					return out, nil
				}),
			}
		}),
	})
	b.source = graphql.NewObject(graphql.ObjectConfig{
		Name: "Source", Description: "A work that statements cite, with what kind of work it is.", Interfaces: impl(),
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			src := func(s any) *history.Source { return s.(*history.Source) }
			return graphql.Fields{
				"id":          b.stringField(nonNull(graphql.ID), "The stable id.", func(s any) *string { return idRef(&src(s).ID) }),
				"title":       b.stringField(nonNull(graphql.String), "The title.", func(s any) *string { return &src(s).Title }),
				"author":      b.optionalString("The author or authors.", func(s any) *string { return &src(s).Author }),
				"kind":        b.plain(nonNull(b.sourceKind), "What kind of work it is: an opinion essay weighs differently from an archival study.", func(s any) any { return src(s).Kind }),
				"published":   b.plain(b.date, "When it was published.", func(s any) any { return dateOrNil(&src(s).Published) }),
				"publisher":   b.optionalString("The publisher or journal.", func(s any) *string { return &src(s).Publisher }),
				"url":         b.optionalString("Where to read it.", func(s any) *string { return &src(s).URL }),
				"description": b.optionalString("What the source is and how far to trust it.", func(s any) *string { return &src(s).Description }),
				"supports": b.field(nonNull(b.support), "What the source supports.", func(p graphql.ResolveParams, d *Data) (any, error) {
					s := d.Records.Supports(src(p.Source).ID)
					return sourceSupport{statements: s.Statements, claims: s.Claims}, nil
				}),
			}
		}),
	})
}

type sourceSupport struct {
	statements int
	claims     []history.ID
}

// eventFields are the Event type's own fields.
func (b *builder) eventFields() graphql.Fields {
	ev := func(s any) *history.Event { return s.(*history.Event) }
	events := func(ids []history.ID, d *Data) []*history.Event {
		out := make([]*history.Event, 0, len(ids))
		for _, id := range ids {
			if e, ok := d.Records.Event(id); ok {
				out = append(out, e)
			}
		}
		return out
	}
	linked := func(ls []history.Link, d *Data) []*history.Event {
		ids := make([]history.ID, len(ls))
		for i, l := range ls {
			ids[i] = l.Target
		}
		return events(ids, d)
	}
	return graphql.Fields{
		"type": b.stringField(nonNull(graphql.String), "What kind of event: execution, appointment, purge, famine ...", func(s any) *string { return &ev(s).Type }),
		"date": b.plain(b.date, "When it happened, as precisely as the sources allow.", func(s any) any { return datedOrNil(ev(s).Date) }),
		"place": b.field(b.place, "Where it happened.", func(p graphql.ResolveParams, d *Data) (any, error) {
			if l := ev(p.Source).Place; l != nil {
				if e, ok := d.Records.Entity(l.Target); ok {
					return e, nil
				}
			}
			return nil, nil
		}),
		"parent": b.field(b.event, "The larger event this one is part of.", func(p graphql.ResolveParams, d *Data) (any, error) {
			if l := ev(p.Source).Parent; l != nil {
				if e, ok := d.Records.Event(l.Target); ok {
					return e, nil
				}
			}
			return nil, nil
		}),
		"subEvents": b.field(listOf(b.event), "The events that are part of this one, in time order.", func(p graphql.ResolveParams, d *Data) (any, error) {
			return events(d.Records.SubEvents(ev(p.Source).ID), d), nil
		}),
		"causes": b.field(listOf(b.event), "Events that led to this one.", func(p graphql.ResolveParams, d *Data) (any, error) {
			return linked(ev(p.Source).Causes, d), nil
		}),
		"consequences": b.field(listOf(b.event), "Events that followed from this one.", func(p graphql.ResolveParams, d *Data) (any, error) {
			return linked(ev(p.Source).Consequences, d), nil
		}),
		"participants": {
			Type:        listOf(b.participation),
			Description: "Who took part, in what role, each cited.",
			Args:        graphql.FieldConfigArgument{"role": {Type: graphql.String, Description: "Only this role."}},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				role, _ := p.Args["role"].(string)
				e := ev(p.Source)
				out := make([]participationView, 0, len(e.Participants))
				for _, pt := range e.Participants {
					if role == "" || string(pt.Role) == role {
						out = append(out, participationView{event: e, p: pt})
					}
				}
				return refs(out), nil
			}),
		},
	}
}

func (b *builder) resolveRelations(p graphql.ResolveParams, d *Data) (any, error) {
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
		case !during.IsZero() && !history.Span(r.Start, r.End).Overlaps(during):
		default:
			out = append(out, relationView{r: r, from: id})
		}
	}
	return refs(out), nil
}

func (b *builder) resolveEntityEvents(p graphql.ResolveParams, d *Data) (any, error) {
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

// dateArg parses an optional EDTF argument, naming it in the error.
func dateArg(args map[string]any, name string) (history.Date, error) {
	s, _ := args[name].(string)
	d, err := history.ParseDate(s)
	if err != nil {
		return history.Date{}, badInput("argument %s: %s", name, err.Error())
	}
	return d, nil
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
