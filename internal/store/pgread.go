package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"
)

// pgQuads is Cayley's SQL quad store with the reads Memoria needs done in
// Memoria's way. Cayley's SQL iterators return quads in whatever order
// the database's plan gives (an index's, by hash), while the store reads
// lists and citations back in the order they were written: here quads
// are read in the order of the horizon column, and their refs (pgQuad)
// carry it as their key, which quadsOf sorts by. Nodes are looked up in
// batches, and ValueOf says whether a node is stored (Cayley's returns a
// hash for any value).
type pgQuads struct {
	graph.QuadStore
	pg *pgDB
}

// pgQuad is a stored quad: its horizon and the hashes of its nodes, in
// quad.Directions order (a zero hash for no label).
type pgQuad struct {
	horizon int64
	h       [4]refs.ValueHash
}

// Key is the horizon, an int64 as refOrder expects.
func (q pgQuad) Key() any { return q.horizon }

// pgPage is how many quads a scan reads in one query.
const pgPage = 10000

// ValueOf returns a ref for v if the store holds it, nil otherwise.
func (qs *pgQuads) ValueOf(v quad.Value) (graph.Ref, error) {
	if v == nil {
		return nil, nil
	}
	ok, err := qs.pg.stored(context.Background(), v)
	if err != nil || !ok {
		return nil, err
	}
	return csql.HashOf(v), nil
}

// RefsOf and ValuesOf make pgQuads a refs.BatchNamer.
func (qs *pgQuads) RefsOf(ctx context.Context, vals []quad.Value) ([]graph.Ref, error) {
	out := make([]graph.Ref, len(vals))
	for i, v := range vals {
		r, err := qs.ValueOf(v)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// ValuesOf reads the values of nodes, many in one query.
func (qs *pgQuads) ValuesOf(ctx context.Context, nodes []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(nodes))
	var hashes [][]byte
	at := map[refs.ValueHash][]int{}
	for i, r := range nodes {
		h, ok := pgHash(r)
		if !ok {
			v, err := qs.QuadStore.NameOf(r)
			if err != nil {
				return nil, err
			}
			out[i] = v
			continue
		}
		if !h.Valid() {
			continue
		}
		if _, seen := at[h]; !seen {
			hashes = append(hashes, append([]byte(nil), h[:]...))
		}
		at[h] = append(at[h], i)
	}
	for len(hashes) > 0 {
		n := min(len(hashes), pgPage)
		if err := qs.readNodes(ctx, hashes[:n], func(h refs.ValueHash, v quad.Value) {
			for _, i := range at[h] {
				out[i] = v
			}
		}); err != nil {
			return nil, err
		}
		hashes = hashes[n:]
	}
	return out, nil
}

// NameOf reads one node's value.
func (qs *pgQuads) NameOf(r graph.Ref) (quad.Value, error) {
	vals, err := qs.ValuesOf(context.Background(), []graph.Ref{r})
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

func pgHash(r graph.Ref) (refs.ValueHash, bool) {
	switch h := r.(type) {
	case csql.NodeHash:
		return h.ValueHash, true
	case refs.ValueHash:
		return h, true
	}
	return refs.ValueHash{}, false
}

// readNodes reads the nodes of hashes and gives each to fn.
func (qs *pgQuads) readNodes(ctx context.Context, hashes [][]byte, fn func(refs.ValueHash, quad.Value)) error {
	rows, err := qs.pg.db.QueryContext(ctx, `SELECT `+pgNodeSelect+` FROM nodes WHERE hash = ANY($1)`, pq.Array(hashes))
	if err != nil {
		return fmt.Errorf("read nodes: %w", pgError(err))
	}
	defer rows.Close()
	for rows.Next() {
		h, v, err := scanNode(rows)
		if err != nil {
			return err
		}
		fn(h, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read nodes: %w", pgError(err))
	}
	return nil
}

// pgNodeSelect is the hash and the value columns of Cayley's nodes
// table, as scanNode reads them.
const pgNodeSelect = `hash, value, value_string, datatype, language, iri, bnode,
		value_int, value_bool, value_float, value_time`

// scanNode reads a node's hash and value from a row of pgNodeSelect.
func scanNode(rows *sql.Rows) (refs.ValueHash, quad.Value, error) {
	var (
		hash        []byte
		raw         []byte
		str, dt, lg sql.NullString
		iri, bnode  sql.NullBool
		vint        sql.NullInt64
		vbool       sql.NullBool
		vfloat      sql.NullFloat64
		vtime       sql.NullTime
		h           refs.ValueHash
	)
	if err := rows.Scan(&hash, &raw, &str, &dt, &lg, &iri, &bnode, &vint, &vbool, &vfloat, &vtime); err != nil {
		return h, nil, fmt.Errorf("read nodes: %w", pgError(err))
	}
	copy(h[:], hash)
	var v quad.Value
	switch {
	case str.Valid:
		// Cayley writes a NUL of a string as the four characters \x00.
		s := strings.ReplaceAll(str.String, `\x00`, "\x00")
		switch {
		case iri.Bool:
			v = quad.IRI(s)
		case bnode.Bool:
			v = quad.BNode(s)
		case lg.Valid:
			v = quad.LangString{Value: quad.String(s), Lang: lg.String}
		case dt.Valid:
			v = quad.TypedString{Value: quad.String(s), Type: quad.IRI(dt.String)}
		default:
			v = quad.String(s)
		}
	case vint.Valid:
		v = quad.Int(vint.Int64)
	case vbool.Valid:
		v = quad.Bool(vbool.Bool)
	case vfloat.Valid:
		v = quad.Float(vfloat.Float64)
	case vtime.Valid:
		v = quad.Time(vtime.Time.UTC())
	default:
		var err error
		if v, err = pquads.UnmarshalValue(raw); err != nil {
			return h, nil, fmt.Errorf("read nodes: %w", err)
		}
	}
	return h, v, nil
}

// Quad reads a quad's values.
func (qs *pgQuads) Quad(r graph.Ref) (quad.Quad, error) {
	p, ok := r.(pgQuad)
	if !ok {
		return qs.QuadStore.Quad(r)
	}
	nodes := make([]graph.Ref, 4)
	for i, h := range p.h {
		nodes[i] = csql.NodeHash{ValueHash: h}
	}
	vals, err := qs.ValuesOf(context.Background(), nodes)
	if err != nil {
		return quad.Quad{}, err
	}
	return quad.Quad{Subject: vals[0], Predicate: vals[1], Object: vals[2], Label: vals[3]}, nil
}

// QuadDirection returns the node of a quad in direction d, nil for no
// label.
func (qs *pgQuads) QuadDirection(r graph.Ref, d quad.Direction) (graph.Ref, error) {
	p, ok := r.(pgQuad)
	if !ok {
		return qs.QuadStore.QuadDirection(r, d)
	}
	h := p.h[pgDir(d)]
	if !h.Valid() {
		return nil, nil
	}
	return csql.NodeHash{ValueHash: h}, nil
}

// pgDir is d's place in quad.Directions (Subject, Predicate, Object,
// Label, numbered from 1) and in pgColumns.
func pgDir(d quad.Direction) int { return int(d) - 1 }

var pgColumns = [4]string{"subject_hash", "predicate_hash", "object_hash", "label_hash"}

// QuadIterator gives the quads with node r in direction d, in horizon
// order.
func (qs *pgQuads) QuadIterator(d quad.Direction, r graph.Ref) iterator.Shape {
	h, ok := pgHash(r)
	if !ok {
		return iterator.NewNull()
	}
	return &pgShape{qs: qs, dir: pgDir(d), hash: h}
}

// QuadsAllIterator gives every quad in horizon order.
func (qs *pgQuads) QuadsAllIterator() iterator.Shape {
	return &pgShape{qs: qs, dir: -1}
}

// Stats counts exactly, every time: the store counts the quads a load
// adds from it, Cayley's estimate for PostgreSQL is the planner's guess,
// and its exact count is cached until its own writer writes.
func (qs *pgQuads) Stats(ctx context.Context, exact bool) (graph.Stats, error) {
	var st graph.Stats
	err := qs.pg.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM quads), (SELECT count(*) FROM nodes)`).Scan(&st.Quads.Value, &st.Nodes.Value)
	if err != nil {
		return graph.Stats{}, fmt.Errorf("count quads: %w", pgError(err))
	}
	st.Quads.Exact, st.Nodes.Exact = true, true
	return st, nil
}

// pgShape is the quads with one node in one direction (dir 0 to 3), or
// every quad (dir -1).
type pgShape struct {
	qs   *pgQuads
	dir  int
	hash refs.ValueHash
}

func (s *pgShape) String() string { return "memoria.pgQuads" }

func (s *pgShape) Iterate() iterator.Scanner { return &pgScanner{s: s} }

func (s *pgShape) Lookup() iterator.Index { return &pgIndex{s: s} }

func (s *pgShape) Stats(ctx context.Context) (iterator.Costs, error) {
	st, err := s.qs.QuadStore.Stats(ctx, false)
	size := st.Quads.Value
	if s.dir >= 0 {
		size = size/1000 + 1
	}
	return iterator.Costs{ContainsCost: 1, NextCost: 1, Size: refs.Size{Value: size}}, err
}

func (s *pgShape) Optimize(ctx context.Context) (iterator.Shape, bool) { return s, false }

func (s *pgShape) SubIterators() []iterator.Shape { return nil }

// pgScanner reads its shape's quads a page at a time, in one read-only
// transaction with a snapshot of its own, so that a scan sees the store
// as one change left it.
type pgScanner struct {
	s    *pgShape
	tx   *sql.Tx
	page []pgQuad
	next int
	last int64
	done bool
	cur  pgQuad
	err  error
}

func (it *pgScanner) Next(ctx context.Context) bool {
	if it.err != nil {
		return false
	}
	if it.next == len(it.page) {
		if it.done || !it.fill(ctx) {
			return false
		}
	}
	it.cur = it.page[it.next]
	it.next++
	return true
}

// fill reads the next page, reporting whether it holds anything.
func (it *pgScanner) fill(ctx context.Context) bool {
	if it.tx == nil {
		tx, err := it.s.qs.pg.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			it.err = fmt.Errorf("read quads: %w", pgError(err))
			return false
		}
		it.tx = tx
	}
	q := `SELECT horizon, subject_hash, predicate_hash, object_hash, label_hash FROM quads WHERE horizon > $1`
	args := []any{it.last}
	if it.s.dir >= 0 {
		q += ` AND ` + pgColumns[it.s.dir] + ` = $2`
		args = append(args, it.s.hash[:])
	}
	q += fmt.Sprintf(` ORDER BY horizon LIMIT %d`, pgPage)
	rows, err := it.tx.QueryContext(ctx, q, args...)
	if err != nil {
		it.err = fmt.Errorf("read quads: %w", pgError(err))
		return false
	}
	defer rows.Close()
	it.page, it.next = it.page[:0], 0
	for rows.Next() {
		var p pgQuad
		var hs [4][]byte
		if err := rows.Scan(&p.horizon, &hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			it.err = fmt.Errorf("read quads: %w", pgError(err))
			return false
		}
		for i, b := range hs {
			copy(p.h[i][:], b)
		}
		it.page = append(it.page, p)
	}
	if err := rows.Err(); err != nil {
		it.err = fmt.Errorf("read quads: %w", pgError(err))
		return false
	}
	it.done = len(it.page) < pgPage
	if len(it.page) > 0 {
		it.last = it.page[len(it.page)-1].horizon
	}
	return len(it.page) > 0
}

func (it *pgScanner) Result() graph.Ref {
	if it.cur.horizon == 0 {
		return nil
	}
	return it.cur
}

func (it *pgScanner) NextPath(ctx context.Context) bool { return false }
func (it *pgScanner) TagResults(map[string]graph.Ref)   {}
func (it *pgScanner) Err() error                        { return it.err }
func (it *pgScanner) String() string                    { return it.s.String() }
func (it *pgScanner) Close() error                      { return it.rollback() }
func (it *pgScanner) rollback() error {
	if it.tx == nil {
		return nil
	}
	err := it.tx.Rollback()
	it.tx = nil
	return err
}

// pgIndex tells whether a quad is in its shape: its node in the shape's
// direction, for the quads of a node; any stored quad, for all quads.
type pgIndex struct {
	s   *pgShape
	cur graph.Ref
}

func (ix *pgIndex) Contains(ctx context.Context, r graph.Ref) bool {
	p, ok := r.(pgQuad)
	if !ok || (ix.s.dir >= 0 && p.h[ix.s.dir] != ix.s.hash) {
		ix.cur = nil
		return false
	}
	ix.cur = p
	return true
}

func (ix *pgIndex) Result() graph.Ref                 { return ix.cur }
func (ix *pgIndex) NextPath(ctx context.Context) bool { return false }
func (ix *pgIndex) TagResults(map[string]graph.Ref)   {}
func (ix *pgIndex) Err() error                        { return nil }
func (ix *pgIndex) String() string                    { return ix.s.String() }
func (ix *pgIndex) Close() error                      { return nil }
