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

// sourceSupport is what a source supports, as SourceSupport shows it.
type sourceSupport struct {
	statements int
	claims     []history.ID
}

// statementTypes makes the types of statements and of the sources that
// make them: Relation, Participation, Claim, Source and SourceSupport.
func (b *builder) statementTypes() {
	b.relation = b.nodeType("Relation", "A cited statement linking two entities, such as member-of or deputy-of, with an optional start and end.", b.relationFields)
	b.participation = b.nodeType("Participation", "A cited statement that an entity took part in an event, in a role.", b.participationFields)
	b.claim = b.nodeType("Claim", "A sourced value: a number or a range, a date, or entities (the places an event struck), with its unit, the time it refers to and qualifiers. Sources may disagree: every claim stays, and disputed says where.", b.claimFields)
	b.support = object("SourceSupport", "What a source supports.", b.supportFields)
	b.source = b.nodeType("Source", "A work that statements cite, with what kind of work it is.", b.sourceFields)
}

func asRelation(s any) *history.Relation { return s.(*relationView).r }

func (b *builder) relationFields() graphql.Fields {
	rel := asRelation
	return graphql.Fields{
		"id":        b.stringField(nonNull(graphql.ID), "The statement's stable id.", func(s any) *string { return idRef(&rel(s).ID) }),
		"type":      b.stringField(nonNull(graphql.String), "The relation type, read subject-type-object.", func(s any) *string { return (*string)(&rel(s).Type) }),
		"subject":   b.entityField("The entity the relation is stated of.", func(s any) history.ID { return rel(s).Subject }),
		"object":    b.entityField("The entity it points at.", func(s any) history.ID { return rel(s).Object }),
		"other":     b.entityField("The end that is not the entity asking (the object when fetched by id).", relationOther),
		"direction": b.plain(nonNull(b.direction), "OUTGOING when the entity asking is the subject, INCOMING when it is the object.", relationDirection),
		"start":     b.plain(b.date, "When the relation began, if known, with the sources that date it.", func(s any) any { return datedOrNil(rel(s).Start) }),
		"end":       b.field(b.date, "When it ended, with the sources that date it: the end a source gives, or for a lasting relation that no source ends, the death or end of the party that ended first (derived: true).", resolveRelationEnd),
		"span":      b.field(b.date, "The whole time span, start to end (derived ends included), open where unknown.", resolveRelationSpan),
		"note":      b.optionalString("A curator's note.", func(s any) *string { return &rel(s).Note }),
		"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(rel(s).Citations) }),
	}
}

// relationOther is the end of a relation that is not the entity asking.
func relationOther(s any) history.ID {
	v := s.(*relationView)
	if v.from == v.r.Object {
		return v.r.Subject
	}
	return v.r.Object
}

// relationDirection says which way a relation points from the entity
// asking: OUTGOING from its subject, and when fetched by id.
func relationDirection(s any) any {
	v := s.(*relationView)
	if v.from != "" && v.from == v.r.Object {
		return "INCOMING"
	}
	return "OUTGOING"
}

// resolveRelationEnd is a relation's end: its own, or one derived from
// the death or end of a party.
func resolveRelationEnd(p graphql.ResolveParams, d *Data) (any, error) {
	end := d.Records.RelationEnd(asRelation(p.Source))
	if end.Fact == nil {
		return nil, nil
	}
	return &dated{date: &end.Fact.Date, cites: end.Fact.Citations, derivedFrom: end.DerivedFrom}, nil
}

// resolveRelationSpan is the whole span of a relation, cited by its start
// and its end: made here, unlike the dates stored in records, so it is the
// one date that costs a copy.
func resolveRelationSpan(p graphql.ResolveParams, d *Data) (any, error) {
	r := asRelation(p.Source)
	end := d.Records.RelationEnd(r)
	span := end.Span(r)
	if span.IsZero() {
		return nil, nil
	}
	var cites []history.Citation
	for _, f := range []*history.DatedFact{r.Start, end.Fact} {
		if f == nil {
			continue
		}
		for _, c := range f.Citations {
			if !slices.Contains(cites, c) {
				cites = append(cites, c)
			}
		}
	}
	return &dated{date: &span, cites: cites, derivedFrom: end.DerivedFrom}, nil
}

func (b *builder) participationFields() graphql.Fields {
	pv := func(s any) *participationView { return s.(*participationView) }
	return graphql.Fields{
		"id":        b.plain(nonNull(graphql.ID), "The statement's stable id: the event, the role and the participant.", func(s any) any { return participationID(pv(s)) }),
		"role":      b.stringField(nonNull(graphql.String), "The part played: ordered, carried-out, victim, appointee ...", func(s any) *string { return (*string)(&pv(s).p.Role) }),
		"entity":    b.entityField("Who or what took part.", func(s any) history.ID { return pv(s).p.Entity }),
		"event":     b.plain(nonNull(b.event), "The event.", func(s any) any { return pv(s).event }),
		"date":      b.plain(b.date, "The event's date, with the sources that give it.", func(s any) any { return datedOrNil(pv(s).event.Date) }),
		"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(pv(s).p.Citations) }),
	}
}

// participationID is the stable id of a participation statement.
func participationID(v *participationView) string {
	return string(v.event.ID) + "#" + string(v.p.Role) + "/" + string(v.p.Entity)
}

func asClaim(s any) *history.Claim { return s.(*history.Claim) }

func (b *builder) claimFields() graphql.Fields {
	cl := asClaim
	return graphql.Fields{
		"id":            b.stringField(nonNull(graphql.ID), "The claim's stable id.", func(s any) *string { return idRef(&cl(s).ID) }),
		"subject":       b.entityField("What the claim is about.", func(s any) history.ID { return cl(s).Subject }),
		"property":      b.stringField(nonNull(graphql.String), "What is measured: deaths, prisoners, share-of-output, date ...", func(s any) *string { return &cl(s).Property }),
		"value":         b.plain(graphql.Float, "The value, when the source gives one number.", quantity(func(q *history.Quantity) *float64 { return q.Value })),
		"low":           b.plain(graphql.Float, "The low end of a range (\"more than\" gives only low).", quantity(func(q *history.Quantity) *float64 { return q.Low })),
		"high":          b.plain(graphql.Float, "The high end of a range (\"almost\" gives only high).", quantity(func(q *history.Quantity) *float64 { return q.High })),
		"approximate":   b.plain(nonNull(graphql.Boolean), "Whether the source gives the figure as approximate.", func(s any) any { return cl(s).Quantity != nil && cl(s).Quantity.Approximate }),
		"date":          b.plain(b.date, "The value, for a claim about when something happened.", func(s any) any { return dateOrNil(&cl(s).DateValue, cl(s).Citations) }),
		"entities":      b.field(listOf(b.entity), "The value, for a claim about which entities: the places an event struck, who did it. Sources naming different ones disagree.", resolveClaimEntities),
		"unit":          b.optionalString("The unit of a number: people, percent, camps ...", func(s any) *string { return &cl(s).Unit }),
		"time":          b.plain(b.date, "The time the value refers to, with the sources that place it there.", func(s any) any { return datedOrNil(cl(s).Time) }),
		"qualifiers":    b.plain(listOf(b.qualifier), "What narrows the claim, sorted by name.", claimQualifiers),
		"note":          b.optionalString("A curator's note, such as how the scope differs from other claims.", func(s any) *string { return &cl(s).Note }),
		"citations":     b.plain(listOf(b.citation), "The sources that make the claim.", func(s any) any { return refs(cl(s).Citations) }),
		"sources":       b.field(listOf(b.source), "The distinct sources cited.", resolveClaimSources),
		"disputed":      b.field(nonNull(graphql.Boolean), "Whether another claim disagrees with this one.", resolveDisputed),
		"disagreesWith": b.field(listOf(b.claim), "The claims that disagree with this one: same question, overlapping time, values that cannot both hold, or judged so by the curator.", resolveDisagreesWith),
	}
}

// quantity reads one number of a claim's quantity, or null when the claim
// or the quantity has none.
func quantity(number func(q *history.Quantity) *float64) func(s any) any {
	return func(s any) any {
		if q := asClaim(s).Quantity; q != nil {
			if v := number(q); v != nil {
				return *v
			}
		}
		return nil
	}
}

func claimQualifiers(s any) any {
	c := asClaim(s)
	qs := make([]qualifier, 0, len(c.Qualifiers))
	for k, v := range c.Qualifiers {
		qs = append(qs, qualifier{k, v})
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i].name < qs[j].name })
	return qs
}

func resolveClaimEntities(p graphql.ResolveParams, d *Data) (any, error) {
	return entities(d, asClaim(p.Source).Entities)
}

func resolveClaimSources(p graphql.ResolveParams, d *Data) (any, error) {
	var out []*history.Source
	for _, c := range asClaim(p.Source).Citations {
		if s, ok := d.Records.Source(c.Source); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func resolveDisputed(p graphql.ResolveParams, d *Data) (any, error) {
	return len(d.Records.Disputes(asClaim(p.Source).ID)) > 0, nil
}

func resolveDisagreesWith(p graphql.ResolveParams, d *Data) (any, error) {
	return claims(d, d.Records.Disputes(asClaim(p.Source).ID)), nil
}

// claims looks up claims by id, leaving out any id that names none.
func claims(d *Data, ids []history.ID) []*history.Claim {
	var out []*history.Claim
	for _, id := range ids {
		if c, ok := d.Records.Claim(id); ok {
			out = append(out, c)
		}
	}
	return out
}

func (b *builder) supportFields() graphql.Fields {
	return graphql.Fields{
		"statements": b.plain(nonNull(graphql.Int), "How many statements cite the source.", func(s any) any { return s.(sourceSupport).statements }),
		"claims":     b.field(listOf(b.claim), "The claims that cite it.", resolveSupportClaims),
	}
}

func resolveSupportClaims(p graphql.ResolveParams, d *Data) (any, error) {
	return claims(d, p.Source.(sourceSupport).claims), nil
}

func (b *builder) sourceFields() graphql.Fields {
	src := func(s any) *history.Source { return s.(*history.Source) }
	return graphql.Fields{
		"id":          b.stringField(nonNull(graphql.ID), "The stable id.", func(s any) *string { return idRef(&src(s).ID) }),
		"title":       b.stringField(nonNull(graphql.String), "The title.", func(s any) *string { return &src(s).Title }),
		"author":      b.optionalString("The author or authors.", func(s any) *string { return &src(s).Author }),
		"kind":        b.plain(nonNull(b.sourceKind), "What kind of work it is: an opinion essay weighs differently from an archival study.", func(s any) any { return src(s).Kind }),
		"published":   b.plain(b.date, "When it was published.", func(s any) any { return dateOrNil(&src(s).Published, nil) }),
		"publisher":   b.optionalString("The publisher or journal.", func(s any) *string { return &src(s).Publisher }),
		"url":         b.optionalString("Where to read it.", func(s any) *string { return &src(s).URL }),
		"description": b.optionalString("What the source is and how far to trust it.", func(s any) *string { return &src(s).Description }),
		"supports":    b.field(nonNull(b.support), "What the source supports.", resolveSupports),
	}
}

func resolveSupports(p graphql.ResolveParams, d *Data) (any, error) {
	s := d.Records.Supports(p.Source.(*history.Source).ID)
	return sourceSupport{statements: s.Statements, claims: s.Claims}, nil
}
