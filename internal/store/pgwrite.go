package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// Memoria writes Cayley's tables itself, in one transaction per load or
// group of changes (see group.go): Cayley's ApplyDeltas opens a
// transaction of its own per call (a change is two calls, the quads it
// removes and those it adds) and sends one INSERT per node and per quad.
// Here each step is one statement per batch of rows, with arrays as
// parameters (unnest), and the rows are Cayley's: nodes with their
// reference counts, quads numbered by the horizon in the order they are
// given, so that Cayley reads them as its own.

// pgBatch is how many rows one statement writes.
const pgBatch = 10000

// pgChange is one change written by writeGroup: number n, whose node
// next no other writer may have stored, removing the quads of del and
// adding those of add.
type pgChange struct {
	n        uint64
	next     quad.Value
	del, add []graph.Delta
}

// write writes one change as writeGroup does.
func (pg *pgDB) write(ctx context.Context, n uint64, next quad.Value, del, add []graph.Delta) error {
	return pg.writeGroup(ctx, []pgChange{{n: n, next: next, del: del, add: add}})
}

// writeGroup writes the changes of a group, in their order, in one
// transaction: most of a small change's cost is its commit (the WAL
// flushed), paid once for the group. Each change removes the quads of
// its del that are stored, then adds those of its add that are not (in
// their order), keeping the nodes' reference counts and removing the
// nodes no quad names any more. A delta of add that deletes is done
// last, and fails the write if its quad is not stored, as in Cayley's
// ApplyDeltas. Writers on one database, in any process, take turns
// (pgWriteLock), and the write fails with CodeConflict if the group's
// first change, whose number the others follow, was committed by
// another first. Whatever fails, nothing of the group is written.
func (pg *pgDB) writeGroup(ctx context.Context, cs []pgChange) error {
	tx, err := pg.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", pgError(err))
	}
	defer func() { _ = tx.Rollback() }()
	if err := pg.lockWrites(ctx, tx); err != nil {
		return err
	}
	if taken, err := pgStored(ctx, tx, cs[0].next); err != nil || taken {
		return errors.Join(err, errTaken(cs[0].n))
	}
	if c := cs[0]; len(cs) == 1 && len(c.del) == 0 && !slices.ContainsFunc(c.add, isDelete) {
		bulk, err := pg.takesBulk(ctx, tx, len(c.add))
		if err != nil {
			return err
		}
		if bulk {
			if err := pgBulkAdd(ctx, tx, c.add); err != nil {
				return err
			}
			return pg.commit(ctx, tx)
		}
	}
	for _, c := range cs {
		if err := pgWriteChange(ctx, tx, c.del, c.add); err != nil {
			return err
		}
	}
	return pg.commit(ctx, tx)
}

func isDelete(d graph.Delta) bool { return d.Action == graph.Delete }

// pgWriteChange writes one change of writeGroup in tx.
func pgWriteChange(ctx context.Context, tx *sql.Tx, del, add []graph.Delta) error {
	var strict []graph.Delta
	if slices.ContainsFunc(add, isDelete) {
		var adds []graph.Delta
		for _, d := range add {
			if isDelete(d) {
				strict = append(strict, d)
			} else {
				adds = append(adds, d)
			}
		}
		add = adds
	}
	counts := map[refs.ValueHash]int64{}
	for part := range chunks(del, pgBatch) {
		if err := pgDelete(ctx, tx, part, counts); err != nil {
			return err
		}
	}
	nodes, order := pgNodes(add)
	for part := range chunks(order, pgBatch) {
		if err := pgInsertNodes(ctx, tx, part, nodes, nil); err != nil {
			return err
		}
	}
	for part := range chunks(add, pgBatch) {
		if err := pgInsertQuads(ctx, tx, part, counts); err != nil {
			return err
		}
	}
	for part := range chunks(strict, pgBatch) {
		removed, err := pgDeleteCount(ctx, tx, part, counts)
		if err != nil {
			return err
		}
		if removed != len(part) {
			return &graph.DeltaError{Err: graph.ErrQuadNotExist}
		}
	}
	return pgCountRefs(ctx, tx, counts, order)
}

// pgNodes are the distinct nodes of quads, by hash and in order.
func pgNodes(ds []graph.Delta) (map[refs.ValueHash]quad.Value, []refs.ValueHash) {
	nodes := map[refs.ValueHash]quad.Value{}
	var order []refs.ValueHash
	for _, d := range ds {
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			h := refs.HashOf(v)
			if _, ok := nodes[h]; !ok {
				nodes[h] = v
				order = append(order, h)
			}
		}
	}
	return nodes, order
}

// chunks yields s in parts of at most n.
func chunks[T any](s []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// pgQuadArrays are the hash columns of quads as four arrays. lib/pq's
// bytea arrays hold no NULL: no label is an empty string, which the
// statements turn into NULL.
func pgQuadArrays(ds []graph.Delta) [4]any {
	var cols [4][][]byte
	for _, d := range ds {
		for i, dir := range quad.Directions {
			var b []byte
			if v := d.Quad.Get(dir); v != nil {
				h := refs.HashOf(v)
				b = h[:]
			}
			cols[i] = append(cols[i], b)
		}
	}
	return [4]any{pq.ByteaArray(cols[0]), pq.ByteaArray(cols[1]), pq.ByteaArray(cols[2]), pq.ByteaArray(cols[3])}
}

// pgRefRows adds step to the count of each node of the quads rows gives,
// and returns how many they are.
func pgRefRows(rows *sql.Rows, step int64, counts map[refs.ValueHash]int64) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var hs [4][]byte
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return n, err
		}
		for _, b := range hs {
			if len(b) == 0 {
				continue
			}
			var h refs.ValueHash
			copy(h[:], b)
			counts[h] += step
		}
	}
	return n, rows.Err()
}

// pgDelete removes the stored quads of ds.
func pgDelete(ctx context.Context, tx *sql.Tx, ds []graph.Delta, counts map[refs.ValueHash]int64) error {
	_, err := pgDeleteCount(ctx, tx, ds, counts)
	return err
}

// pgDeleteCount removes the stored quads of ds and returns how many.
func pgDeleteCount(ctx context.Context, tx *sql.Tx, ds []graph.Delta, counts map[refs.ValueHash]int64) (int, error) {
	a := pgQuadArrays(ds)
	rows, err := tx.QueryContext(ctx, `DELETE FROM quads q
		USING unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS d(s, p, o, l)
		WHERE q.subject_hash = d.s AND q.predicate_hash = d.p AND q.object_hash = d.o
			AND q.label_hash IS NOT DISTINCT FROM NULLIF(d.l, '')
		RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash`, a[0], a[1], a[2], a[3])
	n := 0
	if err == nil {
		n, err = pgRefRows(rows, -1, counts)
	}
	if err != nil {
		return n, fmt.Errorf("remove quads: %w", pgError(err))
	}
	return n, nil
}

// pgInsertQuads adds the quads of ds that are not stored, numbered in
// their order.
func pgInsertQuads(ctx context.Context, tx *sql.Tx, ds []graph.Delta, counts map[refs.ValueHash]int64) error {
	a := pgQuadArrays(ds)
	rows, err := tx.QueryContext(ctx, `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
		SELECT s, p, o, NULLIF(l, ''), now()
		FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS d(s, p, o, l, n)
		ORDER BY n
		ON CONFLICT DO NOTHING
		RETURNING subject_hash, predicate_hash, object_hash, label_hash`, a[0], a[1], a[2], a[3])
	if err == nil {
		_, err = pgRefRows(rows, 1, counts)
	}
	if err != nil {
		return fmt.Errorf("add quads: %w", pgError(err))
	}
	return nil
}

// pgNodeColumns are the value columns of Cayley's nodes table, in the
// order of pgInsertNodes' arrays.
var pgNodeColumns = []string{"value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// pgInsertNodes adds the nodes of hashes that are not stored. With
// counts nil they have no references yet (the quads that name them count
// theirs); otherwise each node, new or stored, gains counts[h]. Every
// value column goes as an array of text (lib/pq's arrays take neither
// times nor NULL bytes), which the statement casts back to its type.
func pgInsertNodes(ctx context.Context, tx *sql.Tx, hashes []refs.ValueHash, values map[refs.ValueHash]quad.Value, counts map[refs.ValueHash]int64) error {
	column := map[string]int{}
	for i, c := range pgNodeColumns {
		column[c] = i
	}
	cols := make([][]sql.NullString, len(pgNodeColumns))
	for i := range cols {
		cols[i] = make([]sql.NullString, len(hashes))
	}
	hash := make([][]byte, len(hashes))
	for n, h := range hashes {
		hash[n] = append([]byte(nil), h[:]...)
		// Cayley's own mapping of a value to its columns, so that it
		// reads the node back as it would its own.
		typ, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: h}, values[h])
		if err != nil {
			return fmt.Errorf("add nodes: %w", err)
		}
		for j, c := range typ.Columns() {
			text, err := pgText(vals[j+1])
			if err != nil {
				return fmt.Errorf("add nodes: %w", err)
			}
			cols[column[c]][n] = sql.NullString{String: text, Valid: true}
		}
	}
	refCounts := make([]int64, len(hashes))
	conflict := `DO NOTHING`
	if counts != nil {
		for i, h := range hashes {
			refCounts[i] = counts[h]
		}
		conflict = `DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`
	}
	args := []any{pq.ByteaArray(hash), pq.Array(refCounts)}
	for _, c := range cols {
		args = append(args, pq.Array(c))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO nodes (hash, refs, value, value_string, datatype, language, iri, bnode,
			value_int, value_bool, value_float, value_time)
		SELECT h, r, decode(v, 'hex'), s, dt, l, iri::bool, bn::bool, i::bigint, b::bool, f::float8, t::timestamptz
		FROM unnest($1::bytea[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			$9::text[], $10::text[], $11::text[], $12::text[]) AS d(h, r, v, s, dt, l, iri, bn, i, b, f, t)
		ON CONFLICT (hash) `+conflict, args...)
	if err != nil {
		return fmt.Errorf("add nodes: %w", pgError(err))
	}
	return nil
}

// pgText is a column's value as PostgreSQL reads it from text.
func pgText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case time.Time:
		return v.Format(time.RFC3339Nano), nil
	case []byte:
		return hex.EncodeToString(v), nil
	}
	return "", fmt.Errorf("a node value of type %T", v)
}

// pgCountRefs moves the nodes' reference counts by counts and removes the
// nodes left with none, among those counted and those added.
func pgCountRefs(ctx context.Context, tx *sql.Tx, counts map[refs.ValueHash]int64, added []refs.ValueHash) error {
	hashes := make([][]byte, 0, len(counts))
	steps := make([]int64, 0, len(counts))
	for h, n := range counts {
		if n != 0 {
			hashes = append(hashes, append([]byte(nil), h[:]...))
			steps = append(steps, n)
		}
	}
	for i := 0; i < len(hashes); i += pgBatch {
		j := min(i+pgBatch, len(hashes))
		if _, err := tx.ExecContext(ctx, `UPDATE nodes SET refs = nodes.refs + d.n
			FROM unnest($1::bytea[], $2::bigint[]) AS d(h, n) WHERE nodes.hash = d.h`,
			pq.ByteaArray(hashes[i:j]), pq.Array(steps[i:j])); err != nil {
			return fmt.Errorf("count node references: %w", pgError(err))
		}
	}
	// Nodes added for quads that were stored already have no reference
	// either.
	all := make([][]byte, 0, len(counts)+len(added))
	for h, n := range counts {
		if n < 0 {
			all = append(all, append([]byte(nil), h[:]...))
		}
	}
	for _, h := range added {
		if counts[h] <= 0 {
			all = append(all, append([]byte(nil), h[:]...))
		}
	}
	for part := range chunks(all, pgBatch) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM nodes WHERE hash = ANY($1) AND refs <= 0`, pq.ByteaArray(part)); err != nil {
			return fmt.Errorf("remove unused nodes: %w", pgError(err))
		}
	}
	return nil
}

// groupsInOneTx reports whether the store writes a group of changes in
// one transaction, all of them or none: bbolt in its shared write
// transaction, PostgreSQL in one SQL transaction. The memory backend
// writes them one at a time.
func (s *Store) groupsInOneTx() bool { return s.txkv != nil || s.pg != nil }
