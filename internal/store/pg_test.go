package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
)

func TestParsePostgres(t *testing.T) {
	cases := []struct {
		dsn      string
		redacted string
		conn     []string // what lib/pq must be given
		maxOpen  int
		lifetime time.Duration
	}{
		{"postgres://anna:secret@db.example.org:5432/memoria?sslmode=require", "postgres://anna:xxxxx@db.example.org:5432/memoria?sslmode=require",
			[]string{"anna:secret@", "sslmode=require", "connect_timeout=10"}, pgDefaultMaxConns, pgDefaultLifetime},
		{"postgres:postgresql://anna@db/memoria?pool_max_conns=20&pool_max_conn_lifetime=5m&connect_timeout=3", "postgres:postgresql://anna@db/memoria?pool_max_conns=20&pool_max_conn_lifetime=5m&connect_timeout=3",
			[]string{"connect_timeout=3"}, 20, 5 * time.Minute},
		{"postgres://db/memoria?password=secret", "postgres://db/memoria?password=xxxxx", []string{"password=secret"}, pgDefaultMaxConns, pgDefaultLifetime},
		{"postgres:host=/run/postgresql dbname=memoria password='a secret'", "postgres:host=/run/postgresql dbname=memoria password=xxxxx",
			[]string{"password='a secret'", "connect_timeout=10"}, pgDefaultMaxConns, pgDefaultLifetime},
	}
	for _, tc := range cases {
		cfg, err := parsePostgres(tc.dsn)
		if err != nil {
			t.Errorf("parsePostgres(%q) error: %v", tc.dsn, err)
			continue
		}
		if cfg.redacted != tc.redacted {
			t.Errorf("parsePostgres(%q) shows %q, want %q", tc.dsn, cfg.redacted, tc.redacted)
		}
		for _, w := range tc.conn {
			if !strings.Contains(cfg.conn, w) {
				t.Errorf("parsePostgres(%q) gives lib/pq %q, without %q", tc.dsn, cfg.conn, w)
			}
		}
		if strings.Contains(cfg.conn, "pool_") {
			t.Errorf("parsePostgres(%q) gives lib/pq the pool's parameters: %q", tc.dsn, cfg.conn)
		}
		if cfg.maxOpen != tc.maxOpen || cfg.lifetime != tc.lifetime {
			t.Errorf("parsePostgres(%q) pool = %d, %v; want %d, %v", tc.dsn, cfg.maxOpen, cfg.lifetime, tc.maxOpen, tc.lifetime)
		}
	}
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	// Nothing listens on port 1: the connection fails.
	dsn := "postgres://anna:hunter2@127.0.0.1:1/memoria?sslmode=disable&connect_timeout=2"
	_, err := Open(context.Background(), dsn, Options{})
	// A database that refuses connections is unavailable, not broken.
	wantCode(t, err, history.CodeStoreUnavailable, "open store postgres://anna:xxxxx@127.0.0.1:1/memoria")
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestPostgresRefusesADatabaseNotMemorias(t *testing.T) {
	ctx := context.Background()
	exec := func(t *testing.T, dsn string, stmts ...string) {
		t.Helper()
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	t.Run("other tables", func(t *testing.T) {
		dsn := pgServer.NewDatabase(t)
		exec(t, dsn, `CREATE TABLE invoices (n INT)`)
		_, err := Open(ctx, dsn, Options{})
		wantCode(t, err, history.CodeInvalid, "not Memoria's", "invoices")
	})
	t.Run("another schema version", func(t *testing.T) {
		dsn := pgServer.NewDatabase(t)
		openTest(t, dsn, Options{}).Close()
		exec(t, dsn, `UPDATE memoria_meta SET schema_version = 99`)
		_, err := Open(ctx, dsn, Options{})
		wantCode(t, err, history.CodeInvalid, "version 99")
	})
	t.Run("read-only open of an empty database", func(t *testing.T) {
		dsn := pgServer.NewDatabase(t)
		_, err := Open(ctx, dsn, Options{ReadOnly: true})
		wantCode(t, err, history.CodeNotFound, "creates none")
	})
	t.Run("a second open shares the store", func(t *testing.T) {
		dsn := pgServer.NewDatabase(t)
		a := openTest(t, dsn, Options{})
		mustLoad(t, a, fullDataset())
		b := openTest(t, dsn, Options{ReadOnly: true})
		if b.Revision() != 1 {
			t.Errorf("the second handle is at revision %d, want 1", b.Revision())
		}
		if d := diffDatasets(mustDataset(t, b), mustDataset(t, a)); d != "" {
			t.Errorf("the two handles read different records:\n%s", d)
		}
	})
}

func TestPostgresBulkLoad(t *testing.T) {
	ctx := context.Background()
	// Every load takes the bulk path if the store holds fewer quads.
	bulk := openTest(t, pgServer.NewDatabase(t), Options{pgBulkMin: 1})
	plain := openTest(t, dsnFor(t, "memory"), Options{})
	full := fullDataset()
	first := &history.Dataset{Sources: full.Sources, Entities: full.Entities}
	for _, s := range []*Store{bulk, plain} {
		mustLoad(t, s, first)
		mustLoad(t, s, full) // the rest, beside what the first load stored
	}
	// The audit records differ in their times only.
	timeless := func(qq []string) []string {
		return slices.DeleteFunc(qq, func(q string) bool { return strings.Contains(q, "#changeRecord>") })
	}
	if got, want := timeless(storedQuads(t, bulk)), timeless(storedQuads(t, plain)); !slices.Equal(got, want) {
		t.Errorf("bulk loads stored other quads than the memory store: %s", firstDiff(got, want))
	}
	if d := diffDatasets(mustDataset(t, bulk), mustDataset(t, plain)); d != "" {
		t.Errorf("bulk loads read back other records:\n%s", d)
	}
	// Cayley's indexes and foreign keys are all back.
	var indexes, fks int
	err := bulk.pg.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM pg_indexes WHERE tablename = 'quads'),
		(SELECT count(*) FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f')`).Scan(&indexes, &fks)
	if err != nil {
		t.Fatal(err)
	}
	if indexes != 7 || fks != 4 {
		t.Errorf("after bulk loads the quads table has %d indexes and %d foreign keys, want 7 and 4", indexes, fks)
	}
	// Every node is named by a quad, with as many references as quads
	// name it, as Cayley keeps them.
	var wrong int
	err = bulk.pg.db.QueryRowContext(ctx, `SELECT count(*) FROM nodes n WHERE n.refs <> (
		(SELECT count(*) FROM quads WHERE subject_hash = n.hash) + (SELECT count(*) FROM quads WHERE predicate_hash = n.hash) +
		(SELECT count(*) FROM quads WHERE object_hash = n.hash) + (SELECT count(*) FROM quads WHERE label_hash = n.hash))`).Scan(&wrong)
	if err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d nodes have a reference count other than the quads that name them", wrong)
	}
}

func TestPostgresTwoWritersOneStore(t *testing.T) {
	ctx := context.Background()
	dsn := pgServer.NewDatabase(t)
	a := openTest(t, dsn, Options{})
	b := openTest(t, dsn, Options{})
	mustLoad(t, a, fullDataset())
	if got, err := b.Refresh(ctx); err != nil || got != 1 {
		t.Fatalf("b.Refresh() = %d, %v; want 1 (a's load)", got, err)
	}
	// Each writer's change takes the next number, whoever wrote last.
	put := func(s *Store, id history.ID) uint64 {
		t.Helper()
		c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(id, "Someone")}}}, ChangeMeta{})
		if err != nil {
			t.Fatalf("Apply(%s) error: %v", id, err)
		}
		return c.Revision
	}
	if got := put(b, "person/by-b"); got != 2 {
		t.Errorf("b's change is revision %d, want 2", got)
	}
	if got := put(a, "person/by-a"); got != 3 {
		t.Errorf("a's change, after b's, is revision %d, want 3", got)
	}
	if got, err := b.Refresh(ctx); err != nil || got != 3 {
		t.Errorf("b.Refresh() = %d, %v; want 3", got, err)
	}
	if d := diffDatasets(mustDataset(t, b), mustDataset(t, a)); d != "" {
		t.Errorf("the two handles read different records:\n%s", d)
	}
	// A write whose number another took in between is refused.
	err := b.pg.write(ctx, 3, changeIRI(b.base, 3), nil, nil)
	wantCode(t, err, history.CodeConflict, "change 3 first")
}

func TestPostgresNodeValuesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, pgServer.NewDatabase(t), Options{})
	subject, predicate := quad.IRI("http://example.org/s"), quad.IRI("http://example.org/p")
	values := []quad.Value{
		quad.String("plain, with a NUL \x00 inside"), quad.IRI("http://example.org/o"), quad.BNode("b1"),
		quad.LangString{Value: "Москва", Lang: "ru"}, quad.TypedString{Value: "1937-08-05", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.Int(-42), quad.Float(0.1), quad.Bool(true), quad.Time(time.Date(1938, 3, 15, 4, 5, 6, 789000000, time.UTC)),
	}
	var add []graph.Delta
	for _, v := range values {
		add = append(add, graph.Delta{Quad: quad.Make(subject, predicate, v, nil), Action: graph.Add})
	}
	if err := s.pg.write(ctx, 1, changeIRI(s.base, 1), nil, add); err != nil {
		t.Fatalf("write: %v", err)
	}
	got, err := quadsAbout(ctx, s.qs, subject)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(values) {
		t.Fatalf("read %d quads back, want %d", len(got), len(values))
	}
	for i, q := range got {
		if q.Object != values[i] {
			t.Errorf("quad %d reads back %#v, want %#v", i, q.Object, values[i])
		}
	}
}

func TestPostgresFollowSeesAnotherWriter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := pgServer.NewDatabase(t)
	writer := openTest(t, dsn, Options{})
	mustLoad(t, writer, fullDataset())
	reader := openTest(t, dsn, Options{ReadOnly: true})
	follow, err := reader.Follow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := writer.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/followed", "Followed")}}}, ChangeMeta{})
	if err != nil {
		t.Fatal(err)
	}
	wantFollowed(t, "the follower", follow, c.Revision, start)
	cancel()
	if _, open := <-follow; open {
		t.Error("Follow's channel is open after its context ended")
	}
}

// wantFollowed waits for follow to report revision want, which the test
// wrote at start: within a second, as the issue asks of servers sharing
// a store, and failing at 5 s.
func wantFollowed(t *testing.T, who string, follow <-chan uint64, want uint64, start time.Time) {
	t.Helper()
	select {
	case n := <-follow:
		if n != want {
			t.Errorf("%s saw revision %d, want %d", who, n, want)
		}
		if waited := time.Since(start); waited > time.Second {
			t.Errorf("%s saw the change after %v, want within 1s", who, waited)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s saw no change in 5s", who)
	}
}
