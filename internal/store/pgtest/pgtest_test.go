package pgtest_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// srv is the package's server, set once by TestMain before any test runs.
var srv *pgtest.Server

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, func(s *pgtest.Server) { srv = s })) }

func TestNewDatabaseIsEmptyAndOwn(t *testing.T) {
	a, b := srv.NewDatabase(t), srv.NewDatabase(t)
	if a == b {
		t.Fatalf("two databases, one URL: %s", a)
	}
	db, err := sql.Open("postgres", a)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE x (n INT)`); err != nil {
		t.Fatalf("create a table: %v", err)
	}
	db2, err := sql.Open("postgres", b)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var n int
	if err := db2.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the second database has %d tables, want 0", n)
	}
}

// TestHaltAndResumeKeepTheData: a server of its own (halting the
// package's would stop the other tests' databases) is refused while
// halted and, resumed, holds what was written before.
func TestHaltAndResumeKeepTheData(t *testing.T) {
	own := pgtest.Start(t.Context())
	t.Cleanup(func() {
		if err := own.Stop(); err != nil {
			t.Error(err)
		}
	})
	db, err := sql.Open("postgres", own.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE x (n INT); INSERT INTO x VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	if err := own.Halt(); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err == nil {
		t.Fatal("a halted server answered")
	}
	if err := own.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT n FROM x`).Scan(&n); err != nil || n != 7 {
		t.Fatalf("after Resume: n = %d, %v; want 7", n, err)
	}
}

// TestStandbyReplaysThePrimary: a table written on the primary is read
// on the standby once replayed, and the standby refuses writes.
func TestStandbyReplaysThePrimary(t *testing.T) {
	primary, standby := pgtest.StartReplicated(t)
	dsn := primary.NewDatabase(t)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE x (n INT); INSERT INTO x VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	if err := standby.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	sdb, err := sql.Open("postgres", standby.DSNFor(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var n int
	if err := sdb.QueryRow(`SELECT n FROM x`).Scan(&n); err != nil || n != 7 {
		t.Fatalf("on the standby: n = %d, %v; want 7", n, err)
	}
	var recovering bool
	if err := sdb.QueryRow(`SELECT pg_is_in_recovery()`).Scan(&recovering); err != nil || !recovering {
		t.Fatalf("pg_is_in_recovery() = %v, %v; want true", recovering, err)
	}
	if _, err := sdb.Exec(`INSERT INTO x VALUES (8)`); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("a write on the standby: %v; want a read-only transaction's error", err)
	}
}
