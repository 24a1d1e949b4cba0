package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net"
	"net/url"

	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers "cockroach" and pgx

	"github.com/memoria-history/memoria/internal/history"
)

// CockroachDB speaks PostgreSQL's protocol and most of its SQL, and
// Cayley has a flavour for it ("cockroach": pgx as the driver, column
// families, no foreign keys), so that a cockroachdb:// store is the
// PostgreSQL store on another engine: Cayley's tables, read and written
// by the same code. Where Memoria's own SQL relies on what CockroachDB
// does not have, it takes CockroachDB's documented way instead:
//
//   - no advisory locks: writers take turns by locking the one row of
//     memoria_lock (SELECT ... FOR UPDATE) in their transaction, and the
//     tables are created by statements that may run twice (IF NOT
//     EXISTS; the version row added under the same row lock);
//   - no LISTEN/NOTIFY: nothing is notified, and Follow polls;
//   - schema changes and writes do not mix in a transaction: a large
//     load takes the ordinary path, keeping the indexes.
//
// The rest (arrays unnested into rows, DELETE ... USING, ON CONFLICT,
// RETURNING, REPEATABLE READ reads, which CockroachDB runs as
// SERIALIZABLE) is SQL that CockroachDB documents too. PostgreSQL's path
// is unchanged. Every statement of CockroachDB's path is also valid on
// PostgreSQL, where this package's tests run it (Options.cockroachSQL).

// pgCockroachPort is CockroachDB's SQL port, for a URL that names none.
const pgCockroachPort = "26257"

// cockroachPort gives a cockroachdb:// URL without a port CockroachDB's;
// a host that is a socket directory, or none, is left as it is.
func cockroachPort(u *url.URL) {
	if u.Port() != "" || u.Hostname() == "" {
		return
	}
	u.Host = net.JoinHostPort(u.Hostname(), pgCockroachPort)
}

// cayleyFlavour is the name of Cayley's SQL flavour for the store's
// engine.
func (pg *pgDB) cayleyFlavour() string {
	if pg.engine == "cockroach" {
		return "cockroach"
	}
	return "postgres"
}

// lockWrites makes tx wait for its turn among the store's writers, in
// any process, until it ends.
func (pg *pgDB) lockWrites(ctx context.Context, tx *sql.Tx) error {
	q, args := `SELECT pg_advisory_xact_lock($1)`, []any{pgWriteLock}
	if pg.cockroach {
		q, args = `SELECT id FROM memoria_lock WHERE id = 1 FOR UPDATE`, nil
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("take the write lock: %w", pgError(err))
	}
	return nil
}

// commit commits a write, telling the store's followers (Follow) at the
// commit where the engine can.
func (pg *pgDB) commit(ctx context.Context, tx *sql.Tx) error {
	if !pg.cockroach {
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, '')`, pgChannel); err != nil {
			return fmt.Errorf("notify: %w", pgError(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", pgError(err))
	}
	return nil
}

// pgCockroachTables creates Memoria's tables, by statements that may run
// twice, each on its own.
var pgCockroachTables = []string{
	`CREATE TABLE IF NOT EXISTS memoria_tokens (name TEXT PRIMARY KEY, token JSONB NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS memoria_lock (id INT PRIMARY KEY)`,
	`INSERT INTO memoria_lock (id) VALUES (1) ON CONFLICT (id) DO NOTHING`,
	`CREATE TABLE IF NOT EXISTS memoria_meta (schema_version INT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
}

// createCockroach checks the database's tables, creating what is missing
// (unless readOnly), CockroachDB's way: no advisory lock, no schema
// change inside a transaction.
func (pg *pgDB) createCockroach(ctx context.Context, conn *sql.Conn, cfg pgConfig, readOnly bool) error {
	more, err := pg.prepare(ctx, conn, cfg, readOnly, func(tables map[string]bool) bool {
		return tables["memoria_meta"] && tables["memoria_lock"]
	})
	if err != nil || !more {
		return err
	}
	for _, q := range pgCockroachTables {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create Memoria's tables: %w", pgError(err))
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	defer func() { _ = tx.Rollback() }()
	if err := pg.lockWrites(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memoria_meta (schema_version)
		SELECT $1::INT WHERE NOT EXISTS (SELECT 1 FROM memoria_meta)`, pgSchemaVersion); err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	return pgCheckVersion(ctx, conn)
}

// pgNotOurCayley refuses a database holding Cayley's quads without
// Memoria's tables: another program's store.
func pgNotOurCayley(ctx context.Context, conn *sql.Conn, tables map[string]bool) error {
	if !tables["quads"] {
		return nil
	}
	var any bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quads)`).Scan(&any); err != nil {
		return fmt.Errorf("read the quads table: %w", pgError(err))
	}
	if any {
		return &history.Error{Code: history.CodeInvalid, Message: "the database holds a Cayley store that Memoria did not create (no memoria_meta table)"}
	}
	return nil
}

// pgNoBulk is the bulk path's threshold on CockroachDB: never.
const pgNoBulk = math.MaxInt
