package store

import (
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestStandbyIsReadOnly: a store opened on a hot standby, with no
// database to write, reads what the primary wrote once replayed, refuses
// writes with a coded error saying why (and so does the standby's own
// refusal, should a write reach it), and follows the primary's changes by
// polling (lib/pq's Listen would never return there), under the
// primary's numbers.
func TestStandbyIsReadOnly(t *testing.T) {
	ctx := t.Context()
	primary, standby := pgtest.StartReplicated(t)
	dsn := primary.NewDatabase(t)
	if err := standby.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, standby.DSNFor(dsn), Options{})
	wantCode(t, err, history.CodeNotFound, "hot standby", "primary")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an empty standby: %v, want fs.ErrNotExist (read as the embedded dataset)", err)
	}

	writer := openTest(t, dsn, Options{})
	mustLoad(t, writer, fullDataset())
	if err := standby.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, standby.DSNFor(dsn), Options{})
	if !s.ReadOnly() {
		t.Error("a store on a standby without a database to write is not read-only")
	}
	if s.Revision() != writer.Revision() {
		t.Errorf("revision on the standby %d, on the primary %d", s.Revision(), writer.Revision())
	}
	if d := diffDatasets(mustDataset(t, s), mustDataset(t, writer)); d != "" {
		t.Errorf("the standby reads otherwise than the primary:\n%s", d)
	}
	put := history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/on-standby", "On Standby")}}}
	_, err = s.Apply(ctx, put, ChangeMeta{})
	wantCode(t, err, history.CodeConflict, "hot standby", "--write-db")
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("Apply on a standby: %v, want ErrReadOnly", err)
	}
	err = s.PutToken(ctx, auth.Token{Name: "t", Role: auth.RoleAdmin})
	wantCode(t, err, history.CodeConflict, "hot standby")
	_, err = s.pg.db.ExecContext(ctx, `INSERT INTO memoria_tokens (name, token) VALUES ('x', '{}')`)
	err = pgError(err)
	wantCode(t, err, history.CodeConflict, "primary")
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("the standby's refusal: %v, want ErrReadOnly", err)
	}

	follow, err := s.Follow(ctx)
	if err != nil {
		t.Fatalf("Follow on a standby: %v", err)
	}
	c, err := writer.Apply(ctx, put, ChangeMeta{})
	if err != nil {
		t.Fatal(err)
	}
	wantFollowed(t, "the standby's follower", follow, c.Revision, time.Now())
	recs, err := s.Changes(ctx, ChangeFilter{Since: c.Revision - 1})
	if err != nil || len(recs) != 1 || recs[0].Revision != c.Revision {
		t.Fatalf("Changes on the standby since %d: %+v, %v; want change %d", c.Revision-1, recs, err, c.Revision)
	}
}

// TestStandbyWithPrimaryWrites: a store read from a standby with its
// primary to write creates the schema through the primary, writes there
// (changes, loads, tokens), tells OnCommit at once, and reads each write
// from the standby once replayed, under the number the write reported;
// a write by another store on the primary is read the same way.
func TestStandbyWithPrimaryWrites(t *testing.T) {
	ctx := t.Context()
	primary, standby := pgtest.StartReplicated(t)
	dsn := primary.NewDatabase(t)
	if err := standby.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, standby.DSNFor(dsn), Options{WriteDSN: dsn})
	if s.ReadOnly() {
		t.Fatal("a store with a database to write is read-only")
	}
	var committed []uint64
	s.OnCommit(func(c Commit) { committed = append(committed, c.Revision) })
	res, err := s.Load(ctx, fullDataset())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Revision() != res.Revision {
		t.Errorf("after Sync the standby reads revision %d, the load made %d", s.Revision(), res.Revision)
	}
	other := openTest(t, dsn, Options{})
	if d := diffDatasets(mustDataset(t, s), mustDataset(t, other)); d != "" {
		t.Errorf("the standby after the load:\n%s", d)
	}

	c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/via-split", "Via Split")}}}, ChangeMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(committed) != 1 || committed[0] != c.Revision {
		t.Errorf("OnCommit saw %v, want [%d]", committed, c.Revision)
	}
	c2, err := other.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/via-primary", "Via Primary")}}}, ChangeMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if c2.Revision != c.Revision+1 {
		t.Errorf("the other writer's change is %d, want %d", c2.Revision, c.Revision+1)
	}
	if err := standby.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Refresh(ctx); err != nil || n != c2.Revision {
		t.Fatalf("Refresh on the standby: %d, %v; want %d", n, err, c2.Revision)
	}
	recs, err := s.Changes(ctx, ChangeFilter{Since: res.Revision})
	if err != nil || len(recs) != 2 || recs[0].Revision != c.Revision || recs[1].Revision != c2.Revision {
		t.Fatalf("Changes on the standby: %+v, %v; want %d and %d", recs, err, c.Revision, c2.Revision)
	}

	if err := s.PutToken(ctx, auth.Token{Name: "curator", Role: auth.RoleEditor, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	tokens, err := s.Tokens(ctx)
	if err != nil || len(tokens) != 1 || tokens[0].Name != "curator" {
		t.Errorf("Tokens right after PutToken: %+v, %v; want the curator's", tokens, err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// TestWriteDSNIsForPostgres: a database to write beside a store that is
// not PostgreSQL's, or that is not PostgreSQL itself, is refused.
func TestWriteDSNIsForPostgres(t *testing.T) {
	_, err := Open(t.Context(), "memory:", Options{WriteDSN: "postgres://u@h/db"})
	wantCode(t, err, history.CodeInvalid, "PostgreSQL")
	_, err = Open(t.Context(), "postgres://u@h/db", Options{WriteDSN: "bbolt:/tmp/x.db"})
	wantCode(t, err, history.CodeInvalid, "PostgreSQL")
}
