package store

import (
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/lib/pq"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// CockroachDB is not installed here: these tests check what can be
// checked without it (the DSN, the flavour, the SQL each path sends), and
// run CockroachDB's path of Memoria's own SQL, which is valid PostgreSQL
// too, against PostgreSQL.

func TestParseCockroach(t *testing.T) {
	tests := []struct {
		dsn, conn, redacted string
	}{
		{"cockroachdb://root:s3cret@db.example:26000/memoria?sslmode=verify-full",
			"postgres://root:s3cret@db.example:26000/memoria?connect_timeout=10&sslmode=verify-full",
			"cockroachdb://root:xxxxx@db.example:26000/memoria?sslmode=verify-full"},
		{"cockroach://root@db.example/memoria",
			"postgres://root@db.example:26257/memoria?connect_timeout=10",
			"cockroach://root@db.example/memoria"},
		{"cockroach:postgresql://root@[::1]/memoria?pool_max_conns=2",
			"postgres://root@[::1]:26257/memoria?connect_timeout=10",
			"cockroach:postgresql://root@[::1]/memoria?pool_max_conns=2"},
		{"cockroach:host=db.example port=26257 dbname=memoria password=s3cret",
			"host=db.example port=26257 dbname=memoria password=s3cret connect_timeout=10",
			"cockroach:host=db.example port=26257 dbname=memoria password=xxxxx"},
	}
	for _, tt := range tests {
		backend, path, err := parseDSN(tt.dsn)
		if err != nil || backend != "cockroach" || path != tt.dsn {
			t.Errorf("parseDSN(%q) = %q, %q, %v; want the cockroach backend", tt.dsn, backend, path, err)
		}
		cfg, err := parsePostgres(tt.dsn)
		if err != nil {
			t.Errorf("parsePostgres(%q): %v", tt.dsn, err)
			continue
		}
		if cfg.engine != "cockroach" || cfg.conn != tt.conn || cfg.redacted != tt.redacted {
			t.Errorf("parsePostgres(%q) =\n  engine %q\n  conn %q\n  redacted %q\nwant cockroach, %q, %q", tt.dsn, cfg.engine, cfg.conn, cfg.redacted, tt.conn, tt.redacted)
		}
		if got := Redact(tt.dsn); got != tt.redacted || strings.Contains(got, "s3cret") {
			t.Errorf("Redact(%q) = %q, want %q", tt.dsn, got, tt.redacted)
		}
	}
	_, err := Check(t.Context(), "cockroachdb://root@db.example/memoria")
	wantCode(t, err, history.CodeInvalid, "CockroachDB")
	_, err = Open(t.Context(), "cockroachdb://root@db.example/memoria", Options{WriteDSN: "postgres://u@h/db"})
	wantCode(t, err, history.CodeInvalid, "PostgreSQL")
}

// TestCockroachFlavour: a cockroach store opens Cayley's cockroach flavour
// (registered, with pgx), and takes CockroachDB's path of Memoria's SQL.
func TestCockroachFlavour(t *testing.T) {
	if !graph.IsRegistered("cockroach") {
		t.Fatal("Cayley's cockroach flavour is not registered")
	}
	pg := &pgDB{engine: "cockroach", cockroach: true}
	if f := pg.cayleyFlavour(); f != "cockroach" {
		t.Errorf("the cockroach engine opens Cayley's %q flavour", f)
	}
	if f := (&pgDB{engine: "postgres"}).cayleyFlavour(); f != "postgres" {
		t.Errorf("the postgres engine opens Cayley's %q flavour", f)
	}
	// Nothing listens there: opening fails at the first connection, not
	// as a backend that is not supported.
	_, err := Open(t.Context(), "cockroachdb://root@127.0.0.1:1/memoria?sslmode=disable&connect_timeout=2", Options{})
	if err == nil || strings.Contains(err.Error(), "not supported") {
		t.Errorf("opening a CockroachDB that is not there: %v, want a connection's error", err)
	}
}

// openCockroachSQL opens a PostgreSQL store on dsn that takes
// CockroachDB's path of Memoria's own SQL.
func openCockroachSQL(tb testing.TB, dsn string) *Store {
	tb.Helper()
	return openTest(tb, dsn, Options{cockroachSQL: true})
}

// TestCockroachSQLOnPostgres runs CockroachDB's path (tables created by
// statements that may run twice, the lock row, no notification, no bulk
// path) on PostgreSQL: a load reads back as on the memory store, changes
// and tokens are written, and two writers take turns on the lock row.
func TestCockroachSQLOnPostgres(t *testing.T) {
	ctx := t.Context()
	dsn := pgServer.NewDatabase(t)
	s := openCockroachSQL(t, dsn)
	if s.pg.bulkMin != pgNoBulk {
		t.Errorf("the bulk path is open on CockroachDB's path (from %d quads)", s.pg.bulkMin)
	}
	mustLoad(t, s, fullDataset())
	mem := openTest(t, "memory:", Options{})
	mustLoad(t, mem, fullDataset())
	if d := diffDatasets(mustDataset(t, s), mustDataset(t, mem)); d != "" {
		t.Errorf("read back otherwise than from memory:\n%s", d)
	}
	// Opened again, the tables are checked, not created twice.
	other := openCockroachSQL(t, dsn)
	if other.Revision() != s.Revision() {
		t.Errorf("a second opener reads revision %d, want %d", other.Revision(), s.Revision())
	}
	var locks, metas int
	if err := s.pg.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM memoria_lock), (SELECT count(*) FROM memoria_meta)`).Scan(&locks, &metas); err != nil || locks != 1 || metas != 1 {
		t.Fatalf("memoria_lock and memoria_meta rows: %d, %d, %v; want 1 and 1", locks, metas, err)
	}

	// A writer waits while another transaction holds the lock row.
	hold, err := s.pg.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.ExecContext(ctx, `SELECT id FROM memoria_lock WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var c Commit
	go func() {
		var err error
		c, err = other.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/cockroach", "Cockroach Path")}}}, ChangeMeta{})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a write went through while the lock row was held: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// s catches up before it writes: the next number is its own.
	c2, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/cockroach-2", "Cockroach Path 2")}}}, ChangeMeta{})
	if err != nil || c2.Revision != c.Revision+1 {
		t.Fatalf("the first writer's change after the other's: %d, %v; want %d", c2.Revision, err, c.Revision+1)
	}

	if err := s.PutToken(ctx, auth.Token{Name: "curator", Role: auth.RoleEditor, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.RevokeToken(ctx, "curator", time.Now()); err != nil {
		t.Fatal(err)
	}
	tokens, err := s.Tokens(ctx)
	if err != nil || len(tokens) != 1 || tokens[0].Revoked.IsZero() {
		t.Errorf("tokens: %+v, %v; want the curator's, revoked", tokens, err)
	}
}

// TestCockroachSQLNotifiesNothing: CockroachDB's path sends no NOTIFY,
// which CockroachDB would refuse; PostgreSQL's does.
func TestCockroachSQLNotifiesNothing(t *testing.T) {
	for _, cockroach := range []bool{false, true} {
		dsn := pgServer.NewDatabase(t)
		s := openTest(t, dsn, Options{cockroachSQL: cockroach})
		l := pq.NewListener(s.pg.conn, 100*time.Millisecond, time.Second, nil)
		if err := l.Listen(pgChannel); err != nil {
			t.Fatal(err)
		}
		mustLoad(t, s, fullDataset())
		select {
		case n := <-l.Notify:
			if cockroach {
				t.Errorf("CockroachDB's path notified: %+v", n)
			}
		case <-time.After(500 * time.Millisecond):
			if !cockroach {
				t.Error("PostgreSQL's path did not notify")
			}
		}
		_ = l.Close()
	}
}
