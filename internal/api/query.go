package api

import (
	"slices"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

func (a *API) buildSchema() (graphql.Schema, error) {
	b := &builder{a: a}
	b.enums()
	b.interfaces()
	b.objectTypes()
	b.entityTypes()
	b.statementTypes()
	b.recordScalar, b.partScalar = recordScalar(), partScalar()
	fields := b.queryFields()
	b.livingFields(fields)
	var tokens *tokenAdmin
	if b.a.opts.Writer != nil && b.a.opts.Keeper != nil {
		tokens = newTokenAdmin(b.a.opts.Keeper)
		tokens.queryFields(fields)
	}
	query := graphql.NewObject(graphql.ObjectConfig{
		Name:        "Query",
		Description: "Questions about people and events in history: who, when, how two figures are connected, according to whom, and where the sources disagree.",
		Fields:      fields,
	})
	var mutation *graphql.Object
	if b.a.opts.Writer != nil {
		mutation = b.mutationType()
		if tokens != nil {
			tokens.mutationFields(mutation)
		}
	}
	return graphql.NewSchema(graphql.SchemaConfig{
		Query:    query,
		Mutation: mutation,
		// Types reached only through interfaces must be named here.
		Types: []graphql.Type{b.person, b.group, b.place, b.work, b.event, b.source, b.claim, b.relation, b.participation},
	})
}

// queryFields are the fields of Query, each answered by a resolver of its
// own below. The fields that take an id are nullable: an id that names
// nothing fails its own field with NOT_FOUND (unknownID), where on a
// non-null field the error would null the whole answer.
func (b *builder) queryFields() graphql.Fields {
	lim := b.a.opts.Limits
	return graphql.Fields{
		"node": b.argField(b.node, "Any record by id: an entity, event, relation, participation, claim or source.", graphql.FieldConfigArgument{
			"id": {Type: nonNull(graphql.ID), Description: "The record's id, such as person/lavrentiy-beria."},
		}, resolveNode),
		"nodes": b.argField(graphql.NewList(b.node), "Records by id, in the order asked.", graphql.FieldConfigArgument{
			"ids": {Type: nonNull(graphql.NewList(nonNull(graphql.ID))), Description: "The records' ids, such as person/lavrentiy-beria."},
		}, b.resolveNodes),
		"search": b.argField(listOf(b.searchHit), "Entities whose names, full names, native-script names, transliterations, variants or misspellings match the text; case- and accent-insensitive and tolerant of a typo or two; best first.", graphql.FieldConfigArgument{
			"text":  {Type: nonNull(graphql.String), Description: "What to look for, such as Ezhov, Zinoview or Ежов."},
			"kinds": {Type: graphql.NewList(nonNull(b.entityKind)), Description: "Only these kinds."},
			"first": firstArg(10, lim.MaxPageSize),
		}, b.resolveSearch),
		"people":            b.entityList(history.KindPerson, b.person, "Every person, in name order."),
		"groups":            b.entityList(history.KindGroup, b.group, "Every group, in name order."),
		"places":            b.entityList(history.KindPlace, b.place, "Every place, in name order."),
		"works":             b.entityList(history.KindWork, b.work, "Every work, in name order."),
		"events":            b.argField(b.connectionType("Event", b.event), "Events in time order (undated ones last), filtered by type, participants, place and date range.", b.eventsArgs(), b.resolveEvents),
		"timeline":          b.argField(orNull(b.event), "Dated events in time order. An uncertain date sorts by its earliest bound; its date says it is uncertain.", b.timelineArgs(), b.resolveTimeline),
		"path":              b.argField(b.path, "A shortest path between two entities, as alternating nodes and cited steps; null when none exists within maxHops.", b.pathArgs(), b.resolvePath),
		"paths":             b.argField(orNull(b.path), "The k shortest paths without repeated nodes, shortest first.", b.pathsArgs(), b.resolvePaths),
		"neighborhood":      b.argField(b.subgraph, "The entities and events within some hops of one entity, with the edges among them, ready for a visualization client.", b.neighborhoodArgs(), b.resolveNeighborhood),
		"commonConnections": b.argField(orNull(b.connect), "Entities and events linked directly to both a and b, and the statements that link them.", commonArgs(), resolveCommonConnections),
		"claims":            b.argField(orNull(b.claim), "Sourced values, by subject and property; disputed: true gives only the claims some other claim disagrees with.", claimsArgs(), resolveClaims),
		"sources":           b.field(listOf(b.source), "Every source, with its kind and what it supports.", resolveSources),
	}
}

func resolveNode(p graphql.ResolveParams, d *Data) (any, error) {
	id := idArg(p.Args, "id")
	if v, ok := lookupNode(d, id); ok {
		return v, nil
	}
	return nil, unknownID(p.Context, d, "id", id)
}

func (b *builder) resolveNodes(p graphql.ResolveParams, d *Data) (any, error) {
	ids := idList(p.Args["ids"])
	if max := b.a.opts.Limits.MaxPageSize; len(ids) > max {
		return nil, overLimit("ids", max, len(ids))
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		var ok bool
		if out[i], ok = lookupNode(d, id); !ok {
			return nil, unknownID(p.Context, d, "ids", id)
		}
	}
	return out, nil
}

func (b *builder) resolveSearch(p graphql.ResolveParams, d *Data) (any, error) {
	n, err := intArg(p.Args, "first", 10, 0, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	text, _ := p.Args["text"].(string)
	if len(text) > 200 {
		return nil, badInput("argument text: at most 200 bytes")
	}
	return refs(d.Search.Search(p.Context, text, kindList(p.Args["kinds"]), n)), nil
}

// entityList is people, groups, places or works: every entity of one kind,
// in name order, a page at a time.
func (b *builder) entityList(kind history.Kind, node *graphql.Object, desc string) *graphql.Field {
	args := pagingArgs(b.a.opts.Limits.MaxPageSize)
	args["type"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only entities of this type."}
	return b.argField(nonNull(b.connectionType(node.Name(), node)), desc, args, func(p graphql.ResolveParams, d *Data) (any, error) {
		return b.resolveEntityList(p, d, kind)
	})
}

func (b *builder) resolveEntityList(p graphql.ResolveParams, d *Data, kind history.Kind) (any, error) {
	n, err := intArg(p.Args, "first", 20, 0, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	ids := d.Records.IDs(kind)
	if t, _ := p.Args["type"].(string); t != "" {
		var kept []history.ID
		for _, id := range ids {
			if e, ok := d.Records.Entity(id); ok && e.Type == t {
				kept = append(kept, id)
			}
		}
		ids = kept
	}
	after, _ := p.Args["after"].(string)
	return paginate(len(ids), n, after, func(i int) any { e, _ := lookupEntity(d, ids[i]); return e })
}

func (b *builder) eventsArgs() graphql.FieldConfigArgument {
	args := pagingArgs(b.a.opts.Limits.MaxPageSize)
	args["type"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events of this type, such as execution."}
	args["involving"] = &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Only events in which one of these entities took part."}
	args["place"] = &graphql.ArgumentConfig{Type: graphql.ID, Description: "Only events at this place: those whose place it is and those it takes part in, the events the place's own events field lists. Places within it are not included."}
	args["from"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events that can fall at or after this EDTF date."}
	args["to"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events that can fall at or before this EDTF date."}
	return args
}

// resolveEvents lists events in time order, undated ones last, filtered by
// type, participants, place and date range, a page at a time.
func (b *builder) resolveEvents(p graphql.ResolveParams, d *Data) (any, error) {
	n, err := intArg(p.Args, "first", 20, 0, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	window, err := windowArgs(p.Args)
	if err != nil {
		return nil, err
	}
	if err := requireEntities(p, d, "involving", "place"); err != nil {
		return nil, err
	}
	involving := idList(p.Args["involving"])
	typ, _ := p.Args["type"].(string)
	place := idArg(p.Args, "place")
	var at map[history.ID]bool // the events at the place, as the place's own events lists them
	if place != "" {
		at = map[history.ID]bool{}
		for _, pt := range d.Records.Participations(place) {
			at[pt.Event.ID] = true
		}
	}
	keep := func(e *history.Event) bool {
		return (typ == "" || e.Type == typ) && (place == "" || at[e.ID])
	}
	var list []*history.Event
	for _, e := range d.Records.Timeline(window, involving, 0) {
		if keep(e) {
			list = append(list, e)
		}
	}
	if window.IsZero() {
		// Undated events cannot be placed on a timeline but still belong
		// in the list, after the dated ones.
		for _, id := range d.Records.IDs(history.KindEvent) {
			e, _ := d.Records.Event(id)
			if e.Date == nil && keep(e) && (len(involving) == 0 || participates(e, involving)) {
				list = append(list, e)
			}
		}
	}
	after, _ := p.Args["after"].(string)
	return paginate(len(list), n, after, func(i int) any { return list[i] })
}

func participates(e *history.Event, ids []history.ID) bool {
	return slices.ContainsFunc(e.Participants, func(p history.Participation) bool { return slices.Contains(ids, p.Entity) })
}

func (b *builder) timelineArgs() graphql.FieldConfigArgument {
	max := b.a.opts.Limits.MaxPageSize
	return graphql.FieldConfigArgument{
		"from":      {Type: graphql.String, Description: "Start of the window, an EDTF date."},
		"to":        {Type: graphql.String, Description: "End of the window, an EDTF date."},
		"involving": {Type: graphql.NewList(nonNull(graphql.ID)), Description: "Only events in which one of these entities took part."},
		"first":     firstArg(max, max),
	}
}

func (b *builder) resolveTimeline(p graphql.ResolveParams, d *Data) (any, error) {
	max := b.a.opts.Limits.MaxPageSize
	n, err := intArg(p.Args, "first", max, 0, max)
	if err != nil {
		return nil, err
	}
	window, err := windowArgs(p.Args)
	if err != nil {
		return nil, err
	}
	if err := requireEntities(p, d, "involving"); err != nil {
		return nil, err
	}
	if n == 0 {
		return []*history.Event{}, nil
	}
	return d.Records.Timeline(window, idList(p.Args["involving"]), n), nil
}

// pathArgs are path's: the two ends, the longest path and the filter.
func (b *builder) pathArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"from":    {Type: nonNull(graphql.ID), Description: "The entity or event the path starts at, by id."},
		"to":      {Type: nonNull(graphql.ID), Description: "The entity or event the path ends at, by id."},
		"maxHops": {Type: graphql.Int, DefaultValue: 6, Description: "The longest path to look for, at most " + itoa(b.a.opts.Limits.MaxHops) + "."},
		"via":     viaArg(),
		"during":  duringArg(),
	}
}

// pathsArgs are path's and how many paths.
func (b *builder) pathsArgs() graphql.FieldConfigArgument {
	args := b.pathArgs()
	args["limit"] = &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: 5, Description: "How many paths, at most " + itoa(b.a.opts.Limits.MaxPaths) + "."}
	return args
}

// pathQuery reads path's arguments: ends that are entities, the longest
// path allowed and the filter.
func (b *builder) pathQuery(p graphql.ResolveParams, d *Data) (from, to history.ID, hops int, f graph.Filter, err error) {
	from, to = idArg(p.Args, "from"), idArg(p.Args, "to")
	if err := requireEntities(p, d, "from", "to"); err != nil {
		return "", "", 0, f, err
	}
	hops, err = intArg(p.Args, "maxHops", 6, 1, b.a.opts.Limits.MaxHops)
	if err != nil {
		return "", "", 0, f, err
	}
	f, err = filterArgs(p.Args)
	return from, to, hops, f, err
}

func (b *builder) resolvePath(p graphql.ResolveParams, d *Data) (any, error) {
	from, to, hops, f, err := b.pathQuery(p, d)
	if err != nil {
		return nil, err
	}
	path, ok, err := d.Graph.ShortestPath(p.Context, from, to, hops, f)
	if err != nil || !ok {
		return nil, err
	}
	return &path, nil
}

func (b *builder) resolvePaths(p graphql.ResolveParams, d *Data) (any, error) {
	from, to, hops, f, err := b.pathQuery(p, d)
	if err != nil {
		return nil, err
	}
	k, err := intArg(p.Args, "limit", 5, 1, b.a.opts.Limits.MaxPaths)
	if err != nil {
		return nil, err
	}
	return refsOf(d.Graph.KShortestPaths(p.Context, from, to, hops, k, f))
}

func (b *builder) neighborhoodArgs() graphql.FieldConfigArgument {
	lim := b.a.opts.Limits
	return graphql.FieldConfigArgument{
		"id":     {Type: nonNull(graphql.ID), Description: "The entity or event at the centre, by id."},
		"hops":   {Type: graphql.Int, DefaultValue: 1, Description: "How far to go, at most " + itoa(lim.MaxHops) + "."},
		"kinds":  {Type: graphql.NewList(nonNull(b.entityKind)), Description: "Only these kinds of node (the start is always kept)."},
		"via":    viaArg(),
		"during": duringArg(),
		"source": {Type: graphql.ID, Description: "Keep only the statements this source supports: the edges that cite it."},
		"limit":  {Type: graphql.Int, DefaultValue: 200, Description: "The most nodes to return, at most " + itoa(lim.MaxNeighborhood) + "; truncated says when it cut."},
	}
}

func (b *builder) resolveNeighborhood(p graphql.ResolveParams, d *Data) (any, error) {
	id := idArg(p.Args, "id")
	if err := requireEntities(p, d, "id"); err != nil {
		return nil, err
	}
	hops, err := intArg(p.Args, "hops", 1, 0, b.a.opts.Limits.MaxHops)
	if err != nil {
		return nil, err
	}
	limit, err := intArg(p.Args, "limit", 200, 1, b.a.opts.Limits.MaxNeighborhood)
	if err != nil {
		return nil, err
	}
	f, err := neighborhoodFilter(p, d)
	if err != nil {
		return nil, err
	}
	return d.Graph.Neighborhood(p.Context, id, hops, limit, f)
}

// neighborhoodFilter reads what neighborhood keeps: the statements that
// can hold during an interval, the links to follow, the kinds of node, and
// the statements one source supports.
func neighborhoodFilter(p graphql.ResolveParams, d *Data) (graph.Filter, error) {
	f, err := filterArgs(p.Args)
	if err != nil {
		return f, err
	}
	f.Kinds = kindList(p.Args["kinds"])
	if src := idArg(p.Args, "source"); src != "" {
		if _, ok := d.Records.Source(src); !ok {
			return f, unknownID(p.Context, d, "source", src)
		}
		f.Source = src
	}
	return f, nil
}

func commonArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"a":      {Type: nonNull(graphql.ID), Description: "One entity or event, by id."},
		"b":      {Type: nonNull(graphql.ID), Description: "The other, by id."},
		"via":    viaArg(),
		"during": duringArg(),
	}
}

func resolveCommonConnections(p graphql.ResolveParams, d *Data) (any, error) {
	x, y := idArg(p.Args, "a"), idArg(p.Args, "b")
	if err := requireEntities(p, d, "a", "b"); err != nil {
		return nil, err
	}
	f, err := filterArgs(p.Args)
	if err != nil {
		return nil, err
	}
	return refsOf(d.Graph.Common(p.Context, x, y, f))
}

func claimsArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"subject":  {Type: graphql.ID, Description: "Only claims about this entity or event."},
		"property": {Type: graphql.String, Description: "Only claims of this property, such as deaths or prisoners."},
		"disputed": {Type: graphql.Boolean, Description: "Only disputed (true) or undisputed (false) claims."},
	}
}

func resolveClaims(p graphql.ResolveParams, d *Data) (any, error) {
	if err := requireEntities(p, d, "subject"); err != nil {
		return nil, err
	}
	prop, _ := p.Args["property"].(string)
	claims := d.Records.Claims(idArg(p.Args, "subject"), prop)
	if want, ok := p.Args["disputed"].(bool); ok {
		claims = slices.DeleteFunc(slices.Clone(claims), func(c *history.Claim) bool { return (len(d.Records.Disputes(c.ID)) > 0) != want })
	}
	return claims, nil
}

func resolveSources(p graphql.ResolveParams, d *Data) (any, error) {
	return d.Records.Sources(), nil
}

// refsOf is refs(items), or err.
func refsOf[T any](items []T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return refs(items), nil
}

// requireEntities fails with NOT_FOUND for the first of the arguments
// named that is an id of no entity or event; a list argument is checked
// item by item, and an argument left out is not checked.
func requireEntities(p graphql.ResolveParams, d *Data, args ...string) error {
	for _, arg := range args {
		ids := idList(p.Args[arg])
		if id := idArg(p.Args, arg); id != "" {
			ids = []history.ID{id}
		}
		for _, id := range ids {
			if _, ok := lookupEntity(d, id); !ok {
				return unknownID(p.Context, d, arg, id)
			}
		}
	}
	return nil
}

// lookupNode finds any record by id.
func lookupNode(d *Data, id history.ID) (any, bool) {
	if ev, rest, ok := strings.Cut(string(id), "#"); ok {
		e, found := d.Records.Event(history.ID(ev))
		role, who, _ := strings.Cut(rest, "/")
		if found {
			for _, p := range e.Participants {
				if string(p.Role) == role && string(p.Entity) == who {
					return &participationView{event: e, p: p}, true
				}
			}
		}
		return nil, false
	}
	switch id.Kind() {
	case history.KindSource:
		if s, ok := d.Records.Source(id); ok {
			return s, true
		}
	case "claim":
		if c, ok := d.Records.Claim(id); ok {
			return c, true
		}
	case "relation":
		if r, ok := d.Records.Relation(id); ok {
			return &relationView{r: r}, true
		}
	default:
		return lookupEntity(d, id)
	}
	return nil, false
}
