package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/lib/pq"

	"github.com/memoria-history/memoria/internal/history"
)

// While PostgreSQL is down, every statement of a store fails at once (the
// pool dials anew and is refused) or within the connection's
// connect_timeout, with CodeStoreUnavailable; database/sql dials again
// for the next statement, so that the store works again, with nothing to
// do, once the database is back. A write whose connection is lost during
// its COMMIT may have been committed or not: the caller is told the store
// was unavailable, and a retry under the same client mutation id is
// answered from the change log if it was.

// pgPingTimeout bounds Ping: a readiness probe must answer fast.
const pgPingTimeout = 2 * time.Second

// Ping reports whether the store's database answers, with
// CodeStoreUnavailable if it does not. A store in a file always answers.
func (s *Store) Ping(ctx context.Context) error {
	if s.pg == nil {
		return nil
	}
	if s.writer != nil {
		if err := s.writer.Ping(ctx); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, pgPingTimeout)
	defer cancel()
	if err := s.pg.db.PingContext(ctx); err != nil {
		return history.Wrap(history.CodeStoreUnavailable, "ping store "+s.name, pgError(err))
	}
	return nil
}

// pgUnavailable is err, which says that the database cannot be reached,
// as an error of CodeStoreUnavailable.
func pgUnavailable(err error) error {
	return &history.Error{Code: history.CodeStoreUnavailable, Message: "the database does not answer", Err: err}
}

// pgUnreachable reports whether err says that the database server cannot
// be reached or has gone away, rather than that a statement failed.
func pgUnreachable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		// The caller's time ran out (a context's error is a net.Error
		// too): a timeout, whatever the database's state.
		return false
	}
	for _, e := range []error{driver.ErrBadConn, sql.ErrConnDone, io.EOF, io.ErrUnexpectedEOF,
		syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EPIPE, syscall.ENOENT} {
		if errors.Is(err, e) {
			return true
		}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		// Class 08 is a connection's failure; class 57 the server
		// shutting down or starting, except a statement cancelled.
		class := pe.Code.Class()
		return class == "08" || class == "57" && pe.Code != "57014"
	}
	return false
}

// close closes the database's pool.
func (pg *pgDB) close() error { return pgClosed(pg.db.Close()) }

// Close closes Cayley's pool.
func (qs *pgQuads) Close() error { return pgClosed(qs.QuadStore.Close()) }

// pgClosed is the error of closing a pool, nil if it only says that the
// server had dropped a connection (it was restarted): such a connection
// cannot say goodbye, and nothing is lost.
func pgClosed(err error) error {
	if pgUnreachable(err) {
		return nil
	}
	return err
}
