package benchrun

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/history"
)

// The mutations bench sends, as a curator would: a new person citing a
// source of the dataset, a correction and a name added to existing people
// (each stating the revision it read), and a relation between two
// existing people.
const (
	mutCreatePerson   = "createPerson"
	mutUpdatePerson   = "updatePerson"
	mutAddName        = "addName"
	mutCreateRelation = "createRelation"
)

// mutationKinds lists them in the order the report does; the paced run
// takes them in turn.
func mutationKinds() []string {
	return []string{mutCreatePerson, mutUpdatePerson, mutAddName, mutCreateRelation}
}

// The documents ask only for the record's revision: what a client needs to
// change the record again.
const (
	gqlCreatePerson   = `mutation($r: DatasetRecord!) { createPerson(record: $r) { revision } }`
	gqlUpdatePerson   = `mutation($id: ID!, $p: DatasetRecord!, $rev: Int) { updatePerson(id: $id, patch: $p, expectedRevision: $rev) { revision } }`
	gqlAddName        = `mutation($id: ID!, $text: String!, $cite: [String!], $rev: Int) { addName(id: $id, text: $text, cite: $cite, expectedRevision: $rev) { revision } }`
	gqlCreateRelation = `mutation($r: DatasetRecord!) { createRelation(record: $r) { revision } }`
)

// mutations draws the mutations of a run from the seed. Existing people
// are each changed once while some are left unchanged, and never by two
// mutations under way at once, so that mutations sent together do not
// conflict; each states the revision the bench last saw its person at:
// the one the indexes were built with, or the one a mutation's answer
// gave.
type mutations struct {
	mu     sync.Mutex
	r      *rand.Rand
	data   api.Data
	people []history.ID
	used   map[history.ID]bool
	busy   map[history.ID]bool   // people a mutation under way names
	seen   map[history.ID]uint64 // revisions answered by the bench's own mutations
	source history.ID            // the source new statements cite
	n      int                   // mutations drawn, for new ids and names
}

func newMutations(d api.Data, seed uint64) (*mutations, error) {
	people := d.Records.IDs(history.KindPerson)
	if len(people) < 2 {
		return nil, history.Errorf(history.CodeInvalid, "bench: the dataset has fewer than two people")
	}
	src, err := citedSource(d)
	if err != nil {
		return nil, err
	}
	return &mutations{
		r:    rand.New(rand.NewPCG(seed, 0x7772697465)), // "write": a stream of its own
		data: d, people: people, used: map[history.ID]bool{}, busy: map[history.ID]bool{}, seen: map[history.ID]uint64{}, source: src,
	}, nil
}

// citedSource is the source bench's new statements cite: the synthetic
// dataset's own, so that they sit beside its records.
func citedSource(d api.Data) (history.ID, error) {
	srcs := d.Records.Sources()
	if len(srcs) == 0 {
		return "", history.Errorf(history.CodeInvalid, "bench: the dataset has no source to cite")
	}
	for _, s := range srcs {
		if strings.HasPrefix(string(s.ID), "source/synthetic-") {
			return s.ID, nil
		}
	}
	return srcs[0].ID, nil
}

// mutation is one drawn mutation: its request, the existing record whose
// revision its answer moves on, if any, and the people it names.
type mutation struct {
	kind    string
	body    []byte
	changes history.ID
	names   []history.ID
}

// next draws a mutation of the kind given.
func (m *mutations) next(kind string) (mutation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	n := m.n
	cite := fmt.Sprintf("%s bench %d", m.source, n)
	var (
		query string
		vars  map[string]any
		id    history.ID
		names []history.ID
	)
	switch kind {
	case mutCreatePerson:
		query, vars = gqlCreatePerson, map[string]any{"r": map[string]any{
			"id": fmt.Sprintf("person/bench-write-%07d", n), "name": fmt.Sprintf("Benchwriter %s", spell(n)), "cite": cite,
		}}
	case mutUpdatePerson:
		id = m.existing()
		names = []history.ID{id}
		query, vars = gqlUpdatePerson, map[string]any{"id": id, "rev": m.revision(id), "p": map[string]any{
			"description": fmt.Sprintf("Corrected by the bench, change %d.", n),
		}}
	case mutAddName:
		id = m.existing()
		names = []history.ID{id}
		query, vars = gqlAddName, map[string]any{"id": id, "rev": m.revision(id), "text": "Benchname " + spell(n), "cite": []string{cite}}
	case mutCreateRelation:
		a, z := m.existing(), m.existing()
		names = []history.ID{a, z}
		query, vars = gqlCreateRelation, map[string]any{"r": map[string]any{
			"id": fmt.Sprintf("relation/bench-write-%07d", n), "subject": a, "type": string(history.RelAlliedWith), "object": z, "cite": cite,
		}}
	default:
		return mutation{}, fmt.Errorf("bench: no mutation %q", kind)
	}
	body, err := bench.Body(query, vars)
	if err != nil {
		m.release(names)
	}
	return mutation{kind: kind, body: body, changes: id, names: names}, err
}

// existing draws a person no mutation under way names, and not drawn
// before while there are such people; the caller holds m.mu. In a dataset
// of a handful of people, it gives up on both after a while.
func (m *mutations) existing() history.ID {
	var id history.ID
	for tries := 0; tries < 10_000; tries++ {
		id = m.people[m.r.IntN(len(m.people))]
		if !m.busy[id] && (!m.used[id] || tries >= 100) {
			break
		}
	}
	m.used[id], m.busy[id] = true, true
	return id
}

// release says that the people a mutation named are free again.
func (m *mutations) release(names []history.ID) {
	for _, id := range names {
		delete(m.busy, id)
	}
}

// revision is the revision bench last saw id at.
func (m *mutations) revision(id history.ID) uint64 {
	if rev, ok := m.seen[id]; ok {
		return rev
	}
	if e, ok := m.data.Records.Entity(id); ok {
		return e.Revision
	}
	return 0
}

// send posts a mutation and notes the revision its answer gives the
// record it changed.
func (m *mutations) send(ctx context.Context, gql *bench.GraphQL, mu mutation) error {
	data, err := gql.Query(ctx, mu.body)
	defer func() {
		m.mu.Lock()
		m.release(mu.names)
		m.mu.Unlock()
	}()
	if err != nil {
		return fmt.Errorf("%s: %w", mu.kind, err)
	}
	var payload struct {
		Revision uint64 `json:"revision"`
	}
	if err := json.Unmarshal(data[mu.kind], &payload); err != nil || payload.Revision == 0 {
		return fmt.Errorf("%s: the answer has no revision: %s", mu.kind, data[mu.kind])
	}
	if mu.changes != "" {
		m.mu.Lock()
		m.seen[mu.changes] = payload.Revision
		m.mu.Unlock()
	}
	return nil
}

// spell writes n in letters, a digit a letter: names with digits would
// read as no one's, and every n gives a name of its own.
func spell(n int) string {
	digits := fmt.Sprint(n)
	var b strings.Builder
	for i, d := range digits {
		c := rune('a' + (d - '0'))
		if i == 0 {
			c = rune('A' + (d - '0'))
		}
		b.WriteRune(c)
	}
	return b.String()
}
