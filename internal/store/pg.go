package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers "postgres" and lib/pq

	"github.com/memoria-history/memoria/internal/history"
)

// pgSchemaVersion is the version of Memoria's tables in a PostgreSQL
// database (memoria_meta, memoria_tokens beside Cayley's nodes and quads).
// A database of another version is refused.
const pgSchemaVersion = 1

// pgSetupLock is the key of the advisory lock under which a store's tables
// are checked and created, so that two servers starting on one empty
// database do not both create them. Write transactions take
// pgWriteLock, so that writers on one database, in any process, take
// turns.
const (
	pgSetupLock int64 = 0x6d656d6f01
	pgWriteLock int64 = 0x6d656d6f02
)

// pgConfig is what a postgres data source name says: the connection
// string lib/pq takes, without Memoria's own parameters, the pool's
// limits and what errors may show of it.
type pgConfig struct {
	engine   string // "postgres", or "cockroach" for CockroachDB
	conn     string // for lib/pq
	redacted string // for errors and logs: no password
	maxOpen  int
	maxIdle  int
	lifetime time.Duration
}

// Pool parameters Memoria reads from a postgres URL (and removes before
// lib/pq sees it), with their defaults. Everything else is lib/pq's:
// sslmode, sslrootcert, connect_timeout, host (a socket directory) ...
const (
	pgParamMaxConns    = "pool_max_conns"
	pgParamMaxIdle     = "pool_max_idle_conns"
	pgParamMaxLifetime = "pool_max_conn_lifetime"

	pgDefaultMaxConns       = 8
	pgDefaultMaxIdle        = 4
	pgDefaultLifetime       = 30 * time.Minute
	pgDefaultConnectTimeout = "10" // seconds: lib/pq waits forever without it
)

// parsePostgres reads a postgres data source name: a URL
// (postgres://user:password@host:port/db?sslmode=require&pool_max_conns=16,
// postgresql:// too, and either after "postgres:") or lib/pq's key=value
// form after "postgres:" (postgres:host=/run/pg dbname=memoria). The
// URL's pool_ parameters set the connection pool. CockroachDB's names
// are the same under cockroachdb:// or cockroach:// (a URL without a port
// takes CockroachDB's, 26257), cockroach:postgres://... and
// cockroach:KEY=VALUE ....
func parsePostgres(dsn string) (pgConfig, error) {
	cfg := pgConfig{engine: "postgres", maxOpen: pgDefaultMaxConns, maxIdle: pgDefaultMaxIdle, lifetime: pgDefaultLifetime}
	scheme, rest, _ := strings.Cut(dsn, ":")
	if strings.HasPrefix(scheme, "cockroach") {
		cfg.engine = "cockroach"
	}
	// postgres:postgres://... is the URL under the store's own prefix.
	prefix := ""
	if inner, _, ok := strings.Cut(rest, "://"); ok && (inner == "postgres" || inner == "postgresql") {
		prefix, dsn = scheme+":", rest
		scheme, rest, _ = strings.Cut(dsn, ":")
	}
	if !strings.HasPrefix(rest, "//") {
		cfg.conn = strings.TrimSpace(rest)
		cfg.redacted = scheme + ":" + redactKeyValue(cfg.conn)
		if cfg.conn == "" {
			return cfg, fmt.Errorf("%s: needs a database, as in postgres://user@host:5432/memoria?sslmode=disable", scheme)
		}
		if !strings.Contains(cfg.conn, "connect_timeout=") {
			cfg.conn += " connect_timeout=" + pgDefaultConnectTimeout
		}
		return cfg, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// url's error quotes the whole string, password and all.
		cfg.redacted = scheme + "://..."
		return cfg, errors.New("not a valid URL")
	}
	q := u.Query()
	red := *u
	if q.Has("password") {
		q.Set("password", "xxxxx")
		red.RawQuery = q.Encode()
	}
	cfg.redacted = prefix + red.Redacted()
	q = u.Query()
	ints := map[string]*int{pgParamMaxConns: &cfg.maxOpen, pgParamMaxIdle: &cfg.maxIdle}
	for name, dst := range ints {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return cfg, fmt.Errorf("%s=%q is not a positive number", name, v)
			}
			*dst = n
		}
		q.Del(name)
	}
	if v := q.Get(pgParamMaxLifetime); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%s=%q is not a duration such as 30m", pgParamMaxLifetime, v)
		}
		cfg.lifetime = d
	}
	q.Del(pgParamMaxLifetime)
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", pgDefaultConnectTimeout)
	}
	cfg.maxIdle = min(cfg.maxIdle, cfg.maxOpen)
	if cfg.engine == "cockroach" {
		cockroachPort(u)
	}
	u.Scheme = "postgres"
	u.RawQuery = q.Encode()
	cfg.conn = u.String()
	return cfg, nil
}

var pgPasswordParam = regexp.MustCompile(`password\s*=\s*('(?:[^'\\]|\\.)*'|\S*)`)

// redactKeyValue hides the password of a key=value connection string.
func redactKeyValue(conn string) string {
	return pgPasswordParam.ReplaceAllString(conn, "password=xxxxx")
}

// pgDB is a store's PostgreSQL database: a pool of its own for Memoria's
// writes, tokens and ordered reads, beside Cayley's quad store on the same
// database.
type pgDB struct {
	db      *sql.DB
	conn    string // for a listener's own connection (see Follow)
	name    string // redacted
	bulkMin int    // the smallest load that may take the bulk path
	standby bool   // a hot standby, in recovery at open: it takes no writes
	engine  string // "postgres" or "cockroach" (see pgcockroach.go)
	// cockroach has Memoria's own SQL take CockroachDB's path: on
	// CockroachDB, and in tests on PostgreSQL.
	cockroach bool
}

// openPostgres opens the store in the database dsn names: it checks the
// database holds Memoria's tables of this version and nothing else (or
// nothing at all, and then creates them), and opens Cayley's SQL quad
// store on it.
func (s *Store) openPostgres(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := parsePostgres(dsn)
	s.name = cfg.redacted
	op := "open store " + s.name
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, err)
	}
	if s.opts.WriteDSN != "" {
		if err := s.openWriter(ctx); err != nil {
			return nil, err
		}
	}
	out, err := s.openPostgresDB(ctx, cfg)
	if err != nil && s.writer != nil {
		_ = s.writer.Close()
	}
	return out, err
}

// openPostgresDB opens the store's own database, once its writer (if
// any) is open.
func (s *Store) openPostgresDB(ctx context.Context, cfg pgConfig) (*Store, error) {
	op := "open store " + s.name
	db, err := sql.Open("postgres", cfg.conn)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, pgError(err))
	}
	db.SetMaxOpenConns(cfg.maxOpen)
	db.SetMaxIdleConns(cfg.maxIdle)
	db.SetConnMaxLifetime(cfg.lifetime)
	pg := &pgDB{db: db, conn: cfg.conn, name: cfg.redacted, bulkMin: pgBulkMin, engine: cfg.engine}
	pg.cockroach = cfg.engine == "cockroach" || s.opts.cockroachSQL
	if s.opts.pgBulkMin != 0 {
		pg.bulkMin = s.opts.pgBulkMin
	}
	if pg.cockroach {
		pg.bulkMin = pgNoBulk
	}
	if s.writer != nil {
		// What the writer found or created on the primary is read here.
		wctx, cancel := context.WithTimeout(ctx, pgReplayWait)
		err := pgWaitReplayed(wctx, s.writer.pg.db, db)
		cancel()
		if err != nil {
			_ = db.Close()
			return nil, history.Wrap(history.CodeStoreUnavailable, op, err)
		}
	}
	if pg.standby, err = pg.setup(ctx, cfg, s.opts.ReadOnly); err != nil {
		_ = db.Close()
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	s.standby = pg.standby
	if pg.standby && s.writer == nil {
		s.opts.ReadOnly = true
	}
	// Cayley dials on its own: the pool limits are its options.
	cqs, err := graph.NewQuadStore(pg.cayleyFlavour(), cfg.conn, graph.Options{
		"maxopenconnections": cfg.maxOpen,
		"maxidleconnections": cfg.maxIdle,
		"connmaxlifetime":    cfg.lifetime.String(),
	})
	if err != nil {
		_ = db.Close()
		return nil, history.Wrap(history.CodeInternal, op, pgError(err))
	}
	s.pg = pg
	s.qs = &pgQuads{QuadStore: cqs, pg: pg}
	if err := s.readRevision(ctx); err != nil {
		_ = s.Close()
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	return s, nil
}

// setup checks the database's tables, creating them in an empty database
// (unless readOnly), under an advisory lock. A hot standby is only
// checked, and reported.
func (pg *pgDB) setup(ctx context.Context, cfg pgConfig, readOnly bool) (standby bool, err error) {
	conn, err := pg.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("connect: %w", pgError(err))
	}
	defer conn.Close()
	if pg.cockroach {
		return false, pg.createCockroach(ctx, conn, cfg, readOnly)
	}
	if standby, err = pgInRecovery(ctx, conn); err != nil || standby {
		return standby, errors.Join(err, pgCheckStandby(ctx, conn))
	}
	return false, pg.create(ctx, conn, cfg, readOnly)
}

// create checks the tables of a primary, creating them in an empty
// database (unless readOnly), under an advisory lock.
func (pg *pgDB) create(ctx context.Context, conn *sql.Conn, cfg pgConfig, readOnly bool) error {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, pgSetupLock); err != nil {
		return fmt.Errorf("lock the schema: %w", pgError(err))
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, pgSetupLock)
	}()
	more, err := pg.prepare(ctx, conn, cfg, readOnly, func(tables map[string]bool) bool { return tables["memoria_meta"] })
	if err != nil || !more {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS memoria_tokens (name TEXT PRIMARY KEY, token JSONB NOT NULL)`,
		`CREATE TABLE memoria_meta (schema_version INT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create Memoria's tables: %w", pgError(err))
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memoria_meta (schema_version) VALUES ($1)`, pgSchemaVersion); err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create Memoria's tables: %w", pgError(err))
	}
	return nil
}

// prepare checks the database's tables and, in a database that holds no
// Memoria store (ours says whether it does), creates Cayley's in
// Cayley's transaction (unless readOnly). It reports whether Memoria's
// tables are still to be created: not if they are there, and of this
// version.
func (pg *pgDB) prepare(ctx context.Context, conn *sql.Conn, cfg pgConfig, readOnly bool, ours func(map[string]bool) bool) (bool, error) {
	tables, err := pgTables(ctx, conn)
	if err != nil {
		return false, err
	}
	if err := pgOthers(tables); err != nil {
		return false, err
	}
	if ours(tables) {
		return false, pgCheckVersion(ctx, conn)
	}
	if err := pgNotOurCayley(ctx, conn, tables); err != nil {
		return false, err
	}
	if readOnly {
		return false, pgNoStore()
	}
	if !tables["quads"] {
		err := graph.InitQuadStore(pg.cayleyFlavour(), cfg.conn, nil)
		if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return false, fmt.Errorf("create Cayley's tables: %w", pgError(err))
		}
	}
	return true, nil
}

// pgNoStore is the error of a read-only open of a database without
// Memoria's tables: fs.ErrNotExist, as for a bolt file that is not
// there, so that a reader reads the embedded dataset a new store starts
// with.
func pgNoStore() error {
	return &history.Error{Code: history.CodeNotFound, Message: "the database holds no Memoria store, and a read-only open creates none", Err: fs.ErrNotExist}
}

// pgOthers refuses a database holding tables that are not Memoria's nor
// Cayley's.
func pgOthers(tables map[string]bool) error {
	var other []string
	for t := range tables {
		switch t {
		case "nodes", "quads", "memoria_meta", "memoria_tokens", "memoria_lock":
		default:
			other = append(other, t)
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		return &history.Error{Code: history.CodeInvalid, Message: fmt.Sprintf("the database holds tables that are not Memoria's (%s): give Memoria a database, or a schema, of its own", strings.Join(other, ", "))}
	}
	return nil
}

// pgTables lists the tables of the connection's current schema.
func pgTables(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", pgError(err))
	}
	defer rows.Close()
	tables := map[string]bool{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("list tables: %w", pgError(err))
		}
		tables[t] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", pgError(err))
	}
	return tables, nil
}

// pgCheckVersion refuses a store of another schema version.
func pgCheckVersion(ctx context.Context, conn *sql.Conn) error {
	var v int
	if err := conn.QueryRowContext(ctx, `SELECT schema_version FROM memoria_meta LIMIT 1`).Scan(&v); err != nil {
		return fmt.Errorf("read memoria_meta: %w", pgError(err))
	}
	if v != pgSchemaVersion {
		return &history.Error{Code: history.CodeInvalid, Message: fmt.Sprintf("the store's schema is version %d; this Memoria reads version %d", v, pgSchemaVersion)}
	}
	return nil
}

// pgError is err with what the driver may say of the connection string
// left out, and with CodeStoreUnavailable if it says the database cannot
// be reached. lib/pq's errors name the server's message, not the DSN; this
// is a guard against a driver that would.
func pgError(err error) error {
	if err == nil {
		return nil
	}
	out := err
	msg := err.Error()
	if pgPasswordParam.MatchString(msg) || strings.Contains(msg, "://") {
		out = errors.New(redactKeyValue(pgURLUser.ReplaceAllString(msg, "://$1:xxxxx@")))
	}
	if ro := pgReadOnlyError(err); ro != nil {
		return ro
	}
	if pgUnreachable(err) {
		out = pgUnavailable(out)
	}
	return out
}

var pgURLUser = regexp.MustCompile(`://([^:@/\s]*):[^@\s]*@`)

// Redact returns dsn as errors and logs may show it: a PostgreSQL data
// source name without its password; any other unchanged.
func Redact(dsn string) string {
	backend, _, err := parseDSN(dsn)
	if err != nil || backend != "postgres" && backend != "cockroach" {
		return dsn
	}
	cfg, _ := parsePostgres(dsn)
	if cfg.redacted == "" {
		return backend + ":..."
	}
	return cfg.redacted
}
