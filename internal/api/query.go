package api

import (
	"slices"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

func (a *API) buildSchema() (graphql.Schema, error) {
	b := &builder{a: a}
	b.enums()
	b.commonTypes()
	b.interfaces()
	b.entityTypes()
	b.statementTypes()
	b.graphTypes()
	query := graphql.NewObject(graphql.ObjectConfig{
		Name:        "Query",
		Description: "Questions about people and events in history: who, when, how two figures are connected, according to whom, and where the sources disagree.",
		Fields:      b.queryFields(),
	})
	return graphql.NewSchema(graphql.SchemaConfig{
		Query: query,
		// Types reached only through interfaces must be named here.
		Types: []graphql.Type{b.person, b.group, b.place, b.work, b.event, b.source, b.claim, b.relation, b.participation},
	})
}

// intArg reads an optional Int argument, refusing values past max with a
// LIMIT_EXCEEDED error and values below min as bad input.
func intArg(args map[string]any, name string, def, lo, max int) (int, error) {
	v, ok := args[name].(int)
	if !ok {
		return def, nil
	}
	if v < lo {
		return 0, badInput("argument %s: %d is below the minimum %d", name, v, lo)
	}
	if v > max {
		return 0, overLimit(name, max, v)
	}
	return v, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func idArg(args map[string]any, name string) history.ID {
	s, _ := args[name].(string)
	return history.ID(s)
}

func idList(v any) []history.ID {
	ss := stringList(v)
	out := make([]history.ID, len(ss))
	for i, s := range ss {
		out[i] = history.ID(s)
	}
	return out
}

func kindList(v any) []history.Kind {
	items, _ := v.([]any)
	out := make([]history.Kind, 0, len(items))
	for _, it := range items {
		if k, ok := it.(history.Kind); ok {
			out = append(out, k)
		}
	}
	return out
}

func (b *builder) queryFields() graphql.Fields {
	lim := b.a.opts.Limits
	during := &graphql.ArgumentConfig{Type: graphql.String, Description: "Keep only statements that can hold in this EDTF interval, such as 1934/1941."}
	via := &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Follow only these links: relation types (member-of, deputy-of ...), participant, place, part-of, caused, or participant roles."}
	first := func(def int) *graphql.ArgumentConfig {
		return &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: def, Description: "How many items, at most " + itoa(lim.MaxPageSize) + "."}
	}
	pagingArgs := func() graphql.FieldConfigArgument {
		return graphql.FieldConfigArgument{
			"first": first(20),
			"after": {Type: graphql.String, Description: "The cursor after which the page starts."},
		}
	}
	listConnection := func(kind history.Kind, node graphql.Output, desc string) *graphql.Field {
		conn := b.connectionType(string(node.(*graphql.Object).Name()), node)
		args := pagingArgs()
		args["type"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only entities of this type."}
		return &graphql.Field{
			Type: nonNull(conn), Description: desc, Args: args,
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				n, err := intArg(p.Args, "first", 20, 0, lim.MaxPageSize)
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
			}),
		}
	}
	eventArgs := pagingArgs()
	eventArgs["type"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events of this type, such as execution."}
	eventArgs["involving"] = &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.ID)), Description: "Only events in which one of these entities took part."}
	eventArgs["place"] = &graphql.ArgumentConfig{Type: graphql.ID, Description: "Only events at this place."}
	eventArgs["from"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events that can fall at or after this EDTF date."}
	eventArgs["to"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only events that can fall at or before this EDTF date."}

	return graphql.Fields{
		"node": {
			Type: b.node, Description: "Any record by id: an entity, event, relation, participation, claim or source.",
			Args: graphql.FieldConfigArgument{"id": {Type: nonNull(graphql.ID)}},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				v, _ := lookupNode(d, idArg(p.Args, "id"))
				return v, nil
			}),
		},
		"nodes": {
			Type: nonNull(graphql.NewList(b.node)), Description: "Records by id, null where an id names nothing.",
			Args: graphql.FieldConfigArgument{"ids": {Type: nonNull(graphql.NewList(nonNull(graphql.ID)))}},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				ids := idList(p.Args["ids"])
				if len(ids) > lim.MaxPageSize {
					return nil, overLimit("ids", lim.MaxPageSize, len(ids))
				}
				out := make([]any, len(ids))
				for i, id := range ids {
					out[i], _ = lookupNode(d, id)
				}
				return out, nil
			}),
		},
		"search": {
			Type: listOf(b.searchHit), Description: "Entities whose names, full names, native-script names, transliterations, variants or misspellings match the text; case- and accent-insensitive and tolerant of a typo or two; best first.",
			Args: graphql.FieldConfigArgument{
				"text":  {Type: nonNull(graphql.String), Description: "What to look for, such as Ezhov, Zinoview or Ежов."},
				"kinds": {Type: graphql.NewList(nonNull(b.entityKind)), Description: "Only these kinds."},
				"first": first(10),
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				n, err := intArg(p.Args, "first", 10, 0, lim.MaxPageSize)
				if err != nil {
					return nil, err
				}
				text, _ := p.Args["text"].(string)
				if len(text) > 200 {
					return nil, badInput("argument text: at most 200 bytes")
				}
				return refs(d.Search.Search(p.Context, text, kindList(p.Args["kinds"]), n)), nil
			}),
		},
		"people": listConnection(history.KindPerson, b.person, "Every person, in name order."),
		"groups": listConnection(history.KindGroup, b.group, "Every group, in name order."),
		"places": listConnection(history.KindPlace, b.place, "Every place, in name order."),
		"works":  listConnection(history.KindWork, b.work, "Every work, in name order."),
		"events": {
			Type: nonNull(b.connectionType("Event", b.event)), Description: "Events in time order (undated ones last), filtered by type, participants, place and date range.",
			Args:    eventArgs,
			Resolve: b.a.wrap(b.resolveEvents),
		},
		"timeline": {
			Type: listOf(b.event), Description: "Dated events in time order. An uncertain date sorts by its earliest bound; its date says it is uncertain.",
			Args: graphql.FieldConfigArgument{
				"from":      {Type: graphql.String, Description: "Start of the window, an EDTF date."},
				"to":        {Type: graphql.String, Description: "End of the window, an EDTF date."},
				"involving": {Type: graphql.NewList(nonNull(graphql.ID)), Description: "Only events in which one of these entities took part."},
				"first":     first(lim.MaxPageSize),
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				n, err := intArg(p.Args, "first", lim.MaxPageSize, 0, lim.MaxPageSize)
				if err != nil {
					return nil, err
				}
				window, err := windowArgs(p.Args)
				if err != nil {
					return nil, err
				}
				if n == 0 {
					return []*history.Event{}, nil
				}
				return d.Records.Timeline(window, idList(p.Args["involving"]), n), nil
			}),
		},
		"path": {
			Type: b.path, Description: "A shortest path between two entities, as alternating nodes and cited steps; null when none exists within maxHops.",
			Args: graphql.FieldConfigArgument{
				"from":    {Type: nonNull(graphql.ID)},
				"to":      {Type: nonNull(graphql.ID)},
				"maxHops": {Type: graphql.Int, DefaultValue: 6, Description: "The longest path to look for, at most " + itoa(lim.MaxHops) + "."},
				"via":     via,
				"during":  during,
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				from, to, hops, f, err := b.pathArgs(p, d, 6)
				if err != nil {
					return nil, err
				}
				path, ok, err := d.Graph.ShortestPath(p.Context, from, to, hops, f)
				if err != nil || !ok {
					return nil, err
				}
				return &path, nil
			}),
		},
		"paths": {
			Type: listOf(b.path), Description: "The k shortest paths without repeated nodes, shortest first.",
			Args: graphql.FieldConfigArgument{
				"from":    {Type: nonNull(graphql.ID)},
				"to":      {Type: nonNull(graphql.ID)},
				"maxHops": {Type: graphql.Int, DefaultValue: 6, Description: "The longest path to look for, at most " + itoa(lim.MaxHops) + "."},
				"limit":   {Type: graphql.Int, DefaultValue: 5, Description: "How many paths, at most " + itoa(lim.MaxPaths) + "."},
				"via":     via,
				"during":  during,
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				from, to, hops, f, err := b.pathArgs(p, d, 6)
				if err != nil {
					return nil, err
				}
				k, err := intArg(p.Args, "limit", 5, 1, lim.MaxPaths)
				if err != nil {
					return nil, err
				}
				paths, err := d.Graph.KShortestPaths(p.Context, from, to, hops, k, f)
				if err != nil {
					return nil, err
				}
				return refs(paths), nil
			}),
		},
		"neighborhood": {
			Type: nonNull(b.subgraph), Description: "The entities and events within some hops of one entity, with the edges among them, ready for a visualization client.",
			Args: graphql.FieldConfigArgument{
				"id":     {Type: nonNull(graphql.ID)},
				"hops":   {Type: graphql.Int, DefaultValue: 1, Description: "How far to go, at most " + itoa(lim.MaxHops) + "."},
				"kinds":  {Type: graphql.NewList(nonNull(b.entityKind)), Description: "Only these kinds of node (the start is always kept)."},
				"via":    via,
				"during": during,
				"source": {Type: graphql.ID, Description: "Keep only the statements this source supports: the edges that cite it."},
				"limit":  {Type: graphql.Int, DefaultValue: 200, Description: "The most nodes to return, at most " + itoa(lim.MaxNeighborhood) + "; truncated says when it cut."},
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				id := idArg(p.Args, "id")
				if _, ok := lookupEntity(d, id); !ok {
					return nil, notFound(string(id))
				}
				hops, err := intArg(p.Args, "hops", 1, 0, lim.MaxHops)
				if err != nil {
					return nil, err
				}
				limit, err := intArg(p.Args, "limit", 200, 1, lim.MaxNeighborhood)
				if err != nil {
					return nil, err
				}
				f, err := filterArgs(p.Args)
				if err != nil {
					return nil, err
				}
				f.Kinds = kindList(p.Args["kinds"])
				if src := idArg(p.Args, "source"); src != "" {
					if _, ok := d.Records.Source(src); !ok {
						return nil, notFound(string(src))
					}
					f.Source = src
				}
				return d.Graph.Neighborhood(p.Context, id, hops, limit, f)
			}),
		},
		"commonConnections": {
			Type: listOf(b.connect), Description: "Entities and events linked directly to both a and b, and the statements that link them.",
			Args: graphql.FieldConfigArgument{
				"a":      {Type: nonNull(graphql.ID)},
				"b":      {Type: nonNull(graphql.ID)},
				"via":    via,
				"during": during,
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				x, y := idArg(p.Args, "a"), idArg(p.Args, "b")
				for _, id := range []history.ID{x, y} {
					if _, ok := lookupEntity(d, id); !ok {
						return nil, notFound(string(id))
					}
				}
				f, err := filterArgs(p.Args)
				if err != nil {
					return nil, err
				}
				common, err := d.Graph.Common(p.Context, x, y, f)
				if err != nil {
					return nil, err
				}
				return refs(common), nil
			}),
		},
		"claims": {
			Type: listOf(b.claim), Description: "Sourced values, by subject and property; disputed: true gives only the claims some other claim disagrees with.",
			Args: graphql.FieldConfigArgument{
				"subject":  {Type: graphql.ID, Description: "Only claims about this entity or event."},
				"property": {Type: graphql.String, Description: "Only claims of this property, such as deaths or prisoners."},
				"disputed": {Type: graphql.Boolean, Description: "Only disputed (true) or undisputed (false) claims."},
			},
			Resolve: b.a.wrap(func(p graphql.ResolveParams, d *Data) (any, error) {
				prop, _ := p.Args["property"].(string)
				claims := d.Records.Claims(idArg(p.Args, "subject"), prop)
				if want, ok := p.Args["disputed"].(bool); ok {
					claims = slices.DeleteFunc(slices.Clone(claims), func(c *history.Claim) bool { return (len(d.Records.Disputes(c.ID)) > 0) != want })
				}
				return claims, nil
			}),
		},
		"sources": b.field(listOf(b.source), "Every source, with its kind and what it supports.", func(p graphql.ResolveParams, d *Data) (any, error) {
			return d.Records.Sources(), nil
		}),
	}
}

func (b *builder) pathArgs(p graphql.ResolveParams, d *Data, defHops int) (from, to history.ID, hops int, f graph.Filter, err error) {
	from, to = idArg(p.Args, "from"), idArg(p.Args, "to")
	for _, id := range []history.ID{from, to} {
		if _, ok := lookupEntity(d, id); !ok {
			return "", "", 0, f, notFound(string(id))
		}
	}
	hops, err = intArg(p.Args, "maxHops", defHops, 1, b.a.opts.Limits.MaxHops)
	if err != nil {
		return "", "", 0, f, err
	}
	f, err = filterArgs(p.Args)
	return from, to, hops, f, err
}

func filterArgs(args map[string]any) (graph.Filter, error) {
	during, err := dateArg(args, "during")
	if err != nil {
		return graph.Filter{}, err
	}
	return graph.Filter{During: during, Labels: stringList(args["via"])}, nil
}

// windowArgs joins optional from and to EDTF arguments into one window.
func windowArgs(args map[string]any) (history.Date, error) {
	from, err := dateArg(args, "from")
	if err != nil {
		return history.Date{}, err
	}
	to, err := dateArg(args, "to")
	if err != nil {
		return history.Date{}, err
	}
	if !from.IsZero() && !to.IsZero() && to.Latest.Before(from.Earliest) {
		return history.Date{}, badInput("argument to (%s) is before from (%s)", to, from)
	}
	return history.Span(from, to), nil
}

func (b *builder) resolveEvents(p graphql.ResolveParams, d *Data) (any, error) {
	n, err := intArg(p.Args, "first", 20, 0, b.a.opts.Limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	window, err := windowArgs(p.Args)
	if err != nil {
		return nil, err
	}
	involving := idList(p.Args["involving"])
	typ, _ := p.Args["type"].(string)
	place := idArg(p.Args, "place")
	keep := func(e *history.Event) bool {
		return (typ == "" || e.Type == typ) && (place == "" || (e.Place != nil && e.Place.Target == place))
	}
	var events []*history.Event
	for _, e := range d.Records.Timeline(window, involving, 0) {
		if keep(e) {
			events = append(events, e)
		}
	}
	if window.IsZero() {
		// Undated events cannot be placed on a timeline but still belong
		// in the list, after the dated ones.
		for _, id := range d.Records.IDs(history.KindEvent) {
			e, _ := d.Records.Event(id)
			if e.Date == nil && keep(e) && (len(involving) == 0 || participates(e, involving)) {
				events = append(events, e)
			}
		}
	}
	after, _ := p.Args["after"].(string)
	return paginate(len(events), n, after, func(i int) any { return events[i] })
}

func participates(e *history.Event, ids []history.ID) bool {
	return slices.ContainsFunc(e.Participants, func(p history.Participation) bool { return slices.Contains(ids, p.Entity) })
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
