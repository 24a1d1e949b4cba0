package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/lib/pq"

	"github.com/memoria-history/memoria/internal/history"
)

// A PostgreSQL store may be read from a hot standby (streaming
// replication) while its writes go to the primary (Options.WriteDSN).
// The Store opened on the standby holds a Store opened on the primary,
// its writer, which takes every write (Apply, loads, tokens), prepares
// it against the primary's rows (the standby may lag behind) and tells
// OnCommit of it; everything else reads the standby. The standby's own
// revision moves on as it replays the primary's WAL (Refresh, Sync, and
// Follow, which polls a standby: it takes no LISTEN): a change the
// writer acknowledged is seen through the standby a replication lag
// later, under the same number.
//
// A standby opened without a writer is read-only: writes are refused
// with ErrReadOnly before they reach it, and the standby's own refusal
// (SQLSTATE 25006) is given the same code should one get through.

// pgReplayWait bounds how long opening a store on a standby, or Sync,
// waits until the standby has replayed what its primary held at the
// time.
const pgReplayWait = 30 * time.Second

// openWriter opens the store's writer on Options.WriteDSN, a PostgreSQL
// database of which the store's own is a standby.
func (s *Store) openWriter(ctx context.Context) error {
	backend, _, err := parseDSN(s.opts.WriteDSN)
	if err == nil && backend != "postgres" {
		err = errors.New("the database to write must be a PostgreSQL one, the primary of the database read")
	}
	if err != nil {
		return history.Wrap(history.CodeInvalid, "open store "+s.name+" to write "+Redact(s.opts.WriteDSN), err)
	}
	o := s.opts
	o.WriteDSN, o.ReadOnly = "", false
	w, err := Open(ctx, s.opts.WriteDSN, o)
	if err != nil {
		return err
	}
	s.writer = w
	return nil
}

// pgInRecovery reports whether the database is a standby, replaying the
// WAL of another.
func pgInRecovery(ctx context.Context, q pgQueryRower) (bool, error) {
	var in bool
	if err := q.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&in); err != nil {
		return false, fmt.Errorf("ask whether the database is a standby: %w", pgError(err))
	}
	return in, nil
}

// pgCheckStandby checks, without a lock or a write (a standby takes
// none), that the standby holds Memoria's tables of this version.
func pgCheckStandby(ctx context.Context, conn *sql.Conn) error {
	tables, err := pgTables(ctx, conn)
	if err != nil {
		return err
	}
	if err := pgOthers(tables); err != nil {
		return err
	}
	if !tables["memoria_meta"] {
		return &history.Error{Code: history.CodeNotFound, Message: "the database is a hot standby holding no Memoria store: create the store through its primary", Err: fs.ErrNotExist}
	}
	return pgCheckVersion(ctx, conn)
}

// pgWaitReplayed waits until standby has replayed primary's WAL as far
// as primary had written it when called; at once if standby is not in
// recovery. The position is where the next record will be inserted,
// since an asynchronous commit may not have been written out yet.
func pgWaitReplayed(ctx context.Context, primary, standby *sql.DB) error {
	if in, err := pgInRecovery(ctx, standby); err != nil || !in {
		return err
	}
	var lsn string
	if err := primary.QueryRowContext(ctx, `SELECT pg_current_wal_insert_lsn()::text`).Scan(&lsn); err != nil {
		return fmt.Errorf("read the primary's WAL position: %w", pgError(err))
	}
	wait := time.Millisecond
	for {
		var done bool
		err := standby.QueryRowContext(ctx, `SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)`, lsn).Scan(&done)
		if err != nil {
			return fmt.Errorf("read the standby's replay position: %w", pgError(err))
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the standby has not replayed the primary's WAL to %s (does it stream from that primary?): %w", lsn, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// Sync waits until the store reads what its writer had committed when
// Sync was called, and moves its revision on to that: for a store read
// from a standby, until the standby has replayed the primary's WAL that
// far, pgReplayWait at most: a standby that does not stream from the
// primary fails it with CodeStoreUnavailable. Other stores read what
// they write, and return at once.
func (s *Store) Sync(ctx context.Context) error {
	if s.writer == nil {
		return nil
	}
	s.rlock()
	w, r := s.writer.pg, s.pg
	s.runlock()
	if w == nil || r == nil {
		return history.Errorf(history.CodeInternal, "sync store %s: the store is closed", s.name)
	}
	wctx, cancel := context.WithTimeout(ctx, pgReplayWait)
	defer cancel()
	if err := pgWaitReplayed(wctx, w.db, r.db); err != nil {
		return history.Wrap(history.CodeStoreUnavailable, "sync store "+s.name, err)
	}
	_, err := s.Refresh(ctx)
	return err
}

// pgReadOnlyError is err, the database's refusal to write (a standby's,
// or one set default_transaction_read_only), as an error of CodeConflict
// matching ErrReadOnly; nil if err is something else.
func pgReadOnlyError(err error) error {
	var pe *pq.Error
	if !errors.As(err, &pe) || pe.Code != "25006" {
		return nil
	}
	return &history.Error{Code: history.CodeConflict, Message: "the database takes no writes (a hot standby?): writes need its primary", Err: errors.Join(ErrReadOnly, err)}
}
