package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/memoria-history/memoria/internal/history"
)

// On PostgreSQL the tokens are kept in a table of their own,
// memoria_tokens (name, token as JSON), beside Cayley's tables: no query
// of the graph reads it.

// pgQuerier is a pool or a transaction.
type pgQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// tokens reads every kept token.
func (pg *pgDB) tokens(ctx context.Context) (map[string]storedToken, error) {
	return pgReadTokens(ctx, pg.db)
}

func pgReadTokens(ctx context.Context, q pgQuerier) (map[string]storedToken, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, token FROM memoria_tokens`)
	if err != nil {
		return nil, pgError(err)
	}
	defer rows.Close()
	out := map[string]storedToken{}
	for rows.Next() {
		var name string
		var raw []byte
		if err := rows.Scan(&name, &raw); err != nil {
			return nil, pgError(err)
		}
		var st storedToken
		if err := json.Unmarshal(raw, &st); err != nil {
			return nil, fmt.Errorf("token %q: %w", name, err)
		}
		out[name] = st
	}
	return out, pgError(rows.Err())
}

// updateTokens reads the tokens, lets edit change them and writes back
// those it changed, in one transaction under the write lock.
func (pg *pgDB) updateTokens(ctx context.Context, op string, edit func(map[string]storedToken) error) error {
	tx, err := pg.db.BeginTx(ctx, nil)
	if err != nil {
		return wrapInternal(op, pgError(err))
	}
	defer func() { _ = tx.Rollback() }()
	if err := pg.lockWrites(ctx, tx); err != nil {
		return wrapInternal(op, err)
	}
	before, err := pgReadTokens(ctx, tx)
	if err != nil {
		return history.Wrap(history.CodeCorrupt, op, err)
	}
	after := maps.Clone(before)
	if err := edit(after); err != nil {
		return err
	}
	for name, st := range after {
		if old, ok := before[name]; ok && old == st {
			continue
		}
		raw, err := json.Marshal(st)
		if err != nil {
			return wrapInternal(op, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memoria_tokens (name, token) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token`, name, raw); err != nil {
			return wrapInternal(op, pgError(err))
		}
	}
	if err := tx.Commit(); err != nil {
		var coded *history.Error
		if errors.As(err, &coded) {
			return err
		}
		return wrapInternal(op, pgError(err))
	}
	return nil
}
