package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
)

// A large load (the first load of a dataset, into a store that holds the
// embedded seed at most) would spend most of its time on the quads
// table's indexes and foreign keys: seven B-trees keyed by random hashes,
// each insert a random page, and four foreign-key checks per quad. Such a
// load drops the secondary indexes and the foreign keys inside its
// transaction, inserts the quads with only the primary key and the unique
// indexes (which still refuse a quad twice), and builds the others again
// by sorting, as Cayley created them (their definitions are read back
// from the catalog, not written here). Other sessions wait for the table
// until the load commits, and a failed load rolls the drop back with the
// rest.

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

// pgBulkAdd adds the quads of add that are not stored, in their order,
// counting the references to their nodes in counts.
func pgBulkAdd(ctx context.Context, tx *sql.Tx, add []graph.Delta, counts map[refs.ValueHash]int64) error {
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
	for part := range chunks(add, pgBatch) {
		if err := pgInsertQuads(ctx, tx, part, counts); err != nil {
			return err
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

// pgQuadsDefs reads the definitions of the quads table's indexes that are
// neither its primary key nor unique, and of its foreign keys.
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
		WHERE x.indrelid = 'quads'::regclass AND NOT x.indisprimary AND NOT x.indisunique ORDER BY i.relname`)
	if err != nil {
		return nil, nil, err
	}
	fks, err = read(`SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'quads'::regclass AND contype = 'f' ORDER BY conname`)
	return indexes, fks, err
}
