package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
)

// scanAll streams every stored quad to fn in the order it was written,
// all of it from one snapshot of the database. It reads the nodes table
// whole first, then the quads by horizon: two sequential reads, where
// the iterators' way (a page of quads, then a query for the values of
// its nodes) takes a round trip and an index probe per node for every
// page, four times the time at 100,000 people. The cost is every node's
// value held at once, which the dataset read from them holds anyway.
func (pg *pgDB) scanAll(ctx context.Context, fn func(quad.Quad) error) error {
	tx, err := pg.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("read quads: %w", pgError(err))
	}
	defer tx.Rollback()
	nodes, err := pgAllNodes(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads ORDER BY horizon`)
	if err != nil {
		return fmt.Errorf("read quads: %w", pgError(err))
	}
	defer rows.Close()
	var hs [4][]byte
	var vals [4]quad.Value
	for n := 0; rows.Next(); n++ {
		if n%scanBatch == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return fmt.Errorf("read quads: %w", pgError(err))
		}
		for i, b := range hs {
			vals[i] = nil
			if b == nil {
				continue // no label
			}
			var h refs.ValueHash
			copy(h[:], b)
			v, ok := nodes[h]
			if !ok {
				return history.Errorf(history.CodeCorrupt, "a quad refers to node %x, which is not stored", b)
			}
			vals[i] = v
		}
		if err := fn(quad.Quad{Subject: vals[0], Predicate: vals[1], Object: vals[2], Label: vals[3]}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read quads: %w", pgError(err))
	}
	return ctx.Err()
}

// pgAllNodes reads every node's value by its hash.
func pgAllNodes(ctx context.Context, tx *sql.Tx) (map[refs.ValueHash]quad.Value, error) {
	var count int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM nodes`).Scan(&count); err != nil {
		return nil, fmt.Errorf("count nodes: %w", pgError(err))
	}
	nodes := make(map[refs.ValueHash]quad.Value, count)
	rows, err := tx.QueryContext(ctx, `SELECT `+pgNodeSelect+` FROM nodes`)
	if err != nil {
		return nil, fmt.Errorf("read nodes: %w", pgError(err))
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%scanBatch == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		h, v, err := scanNode(rows)
		if err != nil {
			return nil, err
		}
		nodes[h] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read nodes: %w", pgError(err))
	}
	return nodes, nil
}
