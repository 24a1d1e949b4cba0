package benchrun

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/baseline"
)

// What bench asks. Every query has the same inputs in every variant, drawn
// once from --seed, so that the variants compare and runs repeat; the
// internal variants do what the resolvers do, minus GraphQL and HTTP.

// The questions bench asks, fixed so that runs compare: paths within the
// GraphQL default of 6 hops, neighbourhoods of 2 hops cut at the API's
// default cap of 2,000 nodes, the 5 shortest paths, 10 search hits, 20
// timeline events.
const (
	pathMaxHops   = 6
	nearHops      = 2
	nearLimit     = 2000
	pathsK        = 5
	searchFirst   = 10
	timelineFirst = 20
)

// inputs are the inputs of the timed queries, drawn once from the
// seed, so that every variant of a query answers the same questions.
type inputs struct {
	people  []history.ID    // for entity by id, neighbourhoods
	texts   []string        // for search: a name or a variant of a person's
	pairs   [][2]history.ID // for paths: people connected within pathMaxHops
	windows [][2]string     // for timelines: EDTF years, from and to
}

// pickInputs draws n inputs of each kind from the seed. Paths get
// only pairs that are connected, and so may get fewer than n.
func pickInputs(ctx context.Context, d api.Data, bare *floor, seed uint64, n int) (inputs, error) {
	var in inputs
	people := d.Records.IDs(history.KindPerson)
	if len(people) < 2 {
		return in, history.Errorf(history.CodeInvalid, "bench: the dataset has fewer than two people")
	}
	r := rand.New(rand.NewPCG(seed, 0x62656e6368)) // a stream of its own, apart from the generator's
	for range n {
		id := people[r.IntN(len(people))]
		in.people = append(in.people, id)
		in.texts = append(in.texts, searchText(d, id, r))
		year := 1917 + r.IntN(70)
		in.windows = append(in.windows, [2]string{strconv.Itoa(year), strconv.Itoa(year + r.IntN(5))})
	}
	// Only connected pairs: an unconnected one costs a search of a whole
	// component and says nothing about paths. Enough draws are allowed to
	// find them in a sparse graph.
	for tries := 0; len(in.pairs) < n && tries < 50*n; tries++ {
		a, z := people[r.IntN(len(people))], people[r.IntN(len(people))]
		if a == z {
			continue
		}
		_, ok, err := bare.distance(ctx, a, z, pathMaxHops)
		if err != nil {
			return in, err
		}
		if ok {
			in.pairs = append(in.pairs, [2]history.ID{a, z})
		}
	}
	if len(in.pairs) == 0 {
		return in, history.Errorf(history.CodeInvalid, "bench: no two people are connected within %d hops", pathMaxHops)
	}
	return in, nil
}

// searchText is what a reader would type to find a person: the name, or
// one of the variants, misspellings and transliterations the sources use.
func searchText(d api.Data, id history.ID, r *rand.Rand) string {
	e, ok := d.Records.Entity(id)
	if !ok {
		return string(id)
	}
	if k := r.IntN(len(e.Names) + 1); k < len(e.Names) {
		return e.Names[k].Text
	}
	return e.Name
}

// query is one query and every way bench asks it; each function
// answers input i (modulo the number of inputs), and the nil ones are
// variants the query does not have.
type query struct {
	name     string
	bodies   [][]byte // GraphQL-over-HTTP requests, one per input
	internal func(ctx context.Context, i int) error
	bare     func(ctx context.Context, i int) error
	cayley   func(ctx context.Context, i int) error
	weight   int // its share of the mixed throughput workload, in percent
}

// The GraphQL documents: the fields a front end would ask for.
const (
	gqlEntity = `query($id: ID!) { node(id: $id) { id ... on Person { name description born { edtf } died { edtf } } } }`
	gqlSearch = `query($text: String!) { search(text: $text, first: %d) { score matched node { id name } } }`
	gqlNear   = `query($id: ID!) { neighborhood(id: $id, hops: %d, limit: %d) { truncated nodes { id name } edges { source target label } } }`
	gqlPath   = `query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: %d) { length nodes { id name } steps { label statement citations { locator source { id } } } } }`
	gqlPaths  = `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: %d, limit: %d) { length nodes { id } steps { label } } }`
	gqlTime   = `query($from: String, $to: String) { timeline(from: $from, to: $to, first: %d) { id name type date { edtf } place { id name } } }`
)

// queries returns the queries in the order the report lists them, each with
// the variants it has: internal through the indexes as the resolvers use
// them, bare over the compact index alone (the floor), cayley through
// Cayley's iterators (store/baseline). Entity by id comes first:
// throughput runs it on its own.
func (r *runner) queries(in inputs) ([]query, error) {
	d, st, bare := r.data, r.st, r.bare
	person := func(i int) history.ID { return in.people[i%len(in.people)] }
	pair := func(i int) [2]history.ID { return in.pairs[i%len(in.pairs)] }
	qs := []query{
		{
			name: "entity by id", weight: 40,
			internal: func(ctx context.Context, i int) error { return knownEntity(d, person(i)) },
			cayley: func(ctx context.Context, i int) error {
				_, err := baseline.Entity(ctx, st, person(i))
				return err
			},
		},
		{
			name: "search", weight: 20,
			internal: func(ctx context.Context, i int) error {
				if hits := d.Search.Search(ctx, in.texts[i%len(in.texts)], nil, searchFirst); len(hits) == 0 {
					return fmt.Errorf("search %q found nothing", in.texts[i%len(in.texts)])
				}
				return nil
			},
		},
		{
			name: "2-hop neighbourhood", weight: 5,
			internal: func(ctx context.Context, i int) error {
				if err := knownEntity(d, person(i)); err != nil {
					return err
				}
				_, err := d.Graph.Neighborhood(ctx, person(i), nearHops, nearLimit, graph.Filter{})
				return err
			},
			bare: func(ctx context.Context, i int) error {
				_, err := bare.reach(ctx, person(i), nearHops, nearLimit)
				return err
			},
			cayley: func(ctx context.Context, i int) error {
				_, err := baseline.Neighborhood(ctx, st, person(i), nearHops, nearLimit)
				return err
			},
		},
		{
			name: "shortest path", weight: 15,
			internal: func(ctx context.Context, i int) error {
				p := pair(i)
				if err := knownEntities(d, p[0], p[1]); err != nil {
					return err
				}
				_, ok, err := d.Graph.ShortestPath(ctx, p[0], p[1], pathMaxHops, graph.Filter{})
				return pathFound(ok, err)
			},
			bare: func(ctx context.Context, i int) error {
				p := pair(i)
				_, ok, err := bare.distance(ctx, p[0], p[1], pathMaxHops)
				return pathFound(ok, err)
			},
			cayley: func(ctx context.Context, i int) error {
				p := pair(i)
				path, err := baseline.ShortestPath(ctx, st, p[0], p[1], pathMaxHops)
				return pathFound(len(path) > 0, err)
			},
		},
		{
			name: "k shortest paths", weight: 10,
			internal: func(ctx context.Context, i int) error {
				p := pair(i)
				if err := knownEntities(d, p[0], p[1]); err != nil {
					return err
				}
				paths, err := d.Graph.KShortestPaths(ctx, p[0], p[1], pathMaxHops, pathsK, graph.Filter{})
				return pathFound(len(paths) > 0, err)
			},
		},
		{
			name: "timeline", weight: 10,
			internal: func(ctx context.Context, i int) error {
				w := in.windows[i%len(in.windows)]
				window, err := parseWindow(w[0], w[1])
				if err != nil {
					return err
				}
				d.Records.Timeline(window, nil, timelineFirst)
				return nil
			},
			cayley: func(ctx context.Context, i int) error {
				w := in.windows[i%len(in.windows)]
				window, err := parseWindow(w[0], w[1])
				if err != nil {
					return err
				}
				_, err = baseline.Timeline(ctx, st, window, timelineFirst)
				return err
			},
		},
	}
	return qs, r.addBodies(qs, in)
}

// addBodies prepares the GraphQL requests of every query, one per input.
func (r *runner) addBodies(qs []query, in inputs) error {
	docs := map[string]struct {
		query string
		vars  func(i int) map[string]any
		n     int
	}{
		"entity by id":        {gqlEntity, func(i int) map[string]any { return map[string]any{"id": in.people[i]} }, len(in.people)},
		"search":              {fmt.Sprintf(gqlSearch, searchFirst), func(i int) map[string]any { return map[string]any{"text": in.texts[i]} }, len(in.texts)},
		"2-hop neighbourhood": {fmt.Sprintf(gqlNear, nearHops, nearLimit), func(i int) map[string]any { return map[string]any{"id": in.people[i]} }, len(in.people)},
		"shortest path":       {fmt.Sprintf(gqlPath, pathMaxHops), func(i int) map[string]any { return pairVars(in.pairs[i]) }, len(in.pairs)},
		"k shortest paths":    {fmt.Sprintf(gqlPaths, pathMaxHops, pathsK), func(i int) map[string]any { return pairVars(in.pairs[i]) }, len(in.pairs)},
		"timeline": {fmt.Sprintf(gqlTime, timelineFirst), func(i int) map[string]any {
			return map[string]any{"from": in.windows[i][0], "to": in.windows[i][1]}
		}, len(in.windows)},
	}
	for k := range qs {
		doc, ok := docs[qs[k].name]
		if !ok {
			return history.Errorf(history.CodeInternal, "bench: no GraphQL document for %s", qs[k].name)
		}
		for i := range doc.n {
			body, err := bench.Body(doc.query, doc.vars(i))
			if err != nil {
				return err
			}
			qs[k].bodies = append(qs[k].bodies, body)
		}
	}
	return nil
}

// pairVars are the variables of the path queries.
func pairVars(p [2]history.ID) map[string]any { return map[string]any{"from": p[0], "to": p[1]} }

// knownEntity and knownEntities do what the resolvers do before they ask
// the graph: check that the ids name entities.
func knownEntity(d api.Data, id history.ID) error {
	if _, ok := d.Records.Entity(id); !ok {
		return fmt.Errorf("entity %s not found", id)
	}
	return nil
}

func knownEntities(d api.Data, a, z history.ID) error {
	if err := knownEntity(d, a); err != nil {
		return err
	}
	return knownEntity(d, z)
}

// pathFound turns "no path" into an error: bench asks only about
// connected pairs, so a variant that finds none is wrong, and its timing
// meaningless.
func pathFound(ok bool, err error) error {
	if err == nil && !ok {
		return errors.New("no path found between a connected pair")
	}
	return err
}

// parseWindow parses a timeline's window as the resolver does.
func parseWindow(from, to string) (history.Date, error) {
	f, err := history.ParseDate(from)
	if err != nil {
		return history.Date{}, err
	}
	t, err := history.ParseDate(to)
	if err != nil {
		return history.Date{}, err
	}
	return history.Span(f, t), nil
}
