package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// A large load (the first load of a dataset, into a store that holds the
// embedded seed at most) would spend most of its time on the quads
// table's indexes and foreign keys: seven B-trees keyed by random hashes,
// each insert a random page, four foreign-key checks per quad, and an
// update of every node's reference count. Such a load reads the quads the
// store holds (fewer than it adds), leaves out those and its own
// duplicates, writes each node with its count, drops the quads table's
// indexes (but its primary key) and foreign keys inside its transaction,
// inserts the quads and builds them again by sorting, as Cayley created
// them (their definitions are read back from the catalog, not written
// here); a unique index built again still refuses a quad twice. Other
// sessions wait for the table until the load commits, and a failed load
// rolls the drop back with the rest.

// pgBulkMin is the smallest load that may take the bulk path; it takes it
// if the store holds fewer quads than it adds.
const pgBulkMin = 50000

// pgIndexDef is an index or a constraint to build again.
type pgIndexDef struct{ name, def string }

// takesBulk reports whether adding n quads takes the bulk path, in tx
// (which holds the write lock).
func (pg *pgDB) takesBulk(ctx context.Context, tx *sql.Tx, n int) (bool, error) {
	if n < pg.bulkMin {
		return false, nil
	}
	var stored int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM quads LIMIT $1) AS q`, n).Scan(&stored); err != nil {
		return false, fmt.Errorf("count quads: %w", pgError(err))
	}
	return stored < n, nil
}

// pgQuadKey is a quad by the hashes of its nodes.
type pgQuadKey [4]refs.ValueHash

// pgBulkAdd adds the quads of add (additions all) that are not stored,
// in their order, with their nodes.
func pgBulkAdd(ctx context.Context, tx *sql.Tx, add []graph.Delta) error {
	seen, err := pgStoredKeys(ctx, tx)
	if err != nil {
		return err
	}
	fresh := add[:0:0]
	counts := map[refs.ValueHash]int64{}
	for _, d := range add {
		var k pgQuadKey
		for i, dir := range quad.Directions {
			if v := d.Quad.Get(dir); v != nil {
				k[i] = refs.HashOf(v)
			}
		}
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		fresh = append(fresh, d)
		for _, h := range k {
			if h.Valid() {
				counts[h]++
			}
		}
	}
	nodes, order := pgNodes(fresh)
	for part := range chunks(order, pgBatch) {
		if err := pgInsertNodes(ctx, tx, part, nodes, counts); err != nil {
			return err
		}
	}
	indexes, fks, err := pgQuadsDefs(ctx, tx)
	if err != nil {
		return err
	}
	for _, c := range fks {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE quads DROP CONSTRAINT `+c.name); err != nil {
			return fmt.Errorf("drop %s: %w", c.name, pgError(err))
		}
	}
	for _, ix := range indexes {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return fmt.Errorf("drop %s: %w", ix.name, pgError(err))
		}
	}
	for part := range chunks(fresh, pgBatch) {
		a := pgQuadArrays(part)
		if _, err := tx.ExecContext(ctx, `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
			SELECT s, p, o, NULLIF(l, ''), now()
			FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS d(s, p, o, l, n)
			ORDER BY n`, a[0], a[1], a[2], a[3]); err != nil {
			return fmt.Errorf("add quads: %w", pgError(err))
		}
	}
	// Sorting for the index builds in memory rather than on disk.
	if _, err := tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		return fmt.Errorf("build indexes: %w", pgError(err))
	}
	for _, ix := range indexes {
		if _, err := tx.ExecContext(ctx, ix.def); err != nil {
			return fmt.Errorf("build %s: %w", ix.name, pgError(err))
		}
	}
	for _, c := range fks {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE quads ADD CONSTRAINT `+c.name+` `+c.def); err != nil {
			return fmt.Errorf("add %s: %w", c.name, pgError(err))
		}
	}
	return nil
}

// pgStoredKeys reads the keys of every stored quad.
func pgStoredKeys(ctx context.Context, tx *sql.Tx) (map[pgQuadKey]struct{}, error) {
	rows, err := tx.QueryContext(ctx, `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads`)
	if err != nil {
		return nil, fmt.Errorf("read stored quads: %w", pgError(err))
	}
	defer rows.Close()
	out := map[pgQuadKey]struct{}{}
	for rows.Next() {
		var hs [4][]byte
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return nil, fmt.Errorf("read stored quads: %w", pgError(err))
		}
		var k pgQuadKey
		for i, b := range hs {
			copy(k[i][:], b)
		}
		out[k] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read stored quads: %w", pgError(err))
	}
	return out, nil
}

// pgQuadsDefs reads the definitions of the quads table's indexes but its
// primary key, and of its foreign keys.
func pgQuadsDefs(ctx context.Context, tx *sql.Tx) (indexes, fks []pgIndexDef, err error) {
	read := func(q string) ([]pgIndexDef, error) {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("read the quads table's indexes: %w", pgError(err))
		}
		defer rows.Close()
		var out []pgIndexDef
		for rows.Next() {
			var d pgIndexDef
			if err := rows.Scan(&d.name, &d.def); err != nil {
				return nil, fmt.Errorf("read the quads table's indexes: %w", pgError(err))
			}
			out = append(out, d)
		}
		return out, pgError(rows.Err())
	}
	indexes, err = read(`SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		WHERE x.indrelid = 'quads'::regclass AND NOT x.indisprimary ORDER BY i.relname`)
	if err != nil {
		return nil, nil, err
	}
	fks, err = read(`SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'quads'::regclass AND contype = 'f' ORDER BY conname`)
	return indexes, fks, err
}
