package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// standbyPort is the port of a standby's socket file, another than its
// primary's so that the two are told apart in logs and DSNs.
const standbyPort = defaultPort + 1

// StartReplicated starts a primary that keeps the WAL a standby needs and
// a hot standby of it: a base backup taken with pg_basebackup -R, started
// on a socket of its own and streaming from the primary. Both are stopped
// and removed when tb ends, whatever happens. Without PostgreSQL, tb is
// skipped (failed under CI=true).
func StartReplicated(tb testing.TB) (primary, standby *Server) {
	tb.Helper()
	primary = &Server{port: defaultPort, wal: true}
	standby = &Server{port: standbyPort, primary: primary}
	tb.Cleanup(func() {
		// The standby first: stopped after its primary it would wait
		// for it, and log the lost connection.
		if err := errors.Join(standby.Stop(), primary.Stop()); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	primary.Require(tb)
	standby.Require(tb)
	return primary, standby
}

// allowReplication makes sure the cluster in data lets its superuser
// stream the WAL over the unix socket: initdb writes such a line, but
// another template might not.
func allowReplication(data string) error {
	hba := filepath.Join(data, "pg_hba.conf")
	raw, err := os.ReadFile(hba)
	if err != nil {
		return err
	}
	for line := range strings.Lines(string(raw)) {
		f := strings.Fields(line)
		if len(f) >= 4 && f[0] == "local" && f[1] == "replication" && (f[2] == "all" || f[2] == superuser) && f[3] == "trust" {
			return nil
		}
	}
	f, err := os.OpenFile(hba, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\nlocal replication %s trust\n", superuser)
	return errors.Join(err, f.Close())
}

// baseBackup makes the standby's data directory from its primary, started
// first, with what a standby needs to stream from it (-R writes
// standby.signal and primary_conninfo).
func (srv *Server) baseBackup(ctx context.Context) error {
	if err := srv.primary.ensure(ctx); err != nil {
		return fmt.Errorf("the primary: %w", err)
	}
	cmd := srv.command(ctx, "pg_basebackup", "-D", filepath.Join(srv.dir, "data"), "-R", "-X", "stream", "--no-sync",
		"-h", srv.primary.dir, "-p", fmt.Sprint(srv.primary.port), "-U", superuser, "--checkpoint=fast")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_basebackup: %w\n%s", err, out)
	}
	return nil
}

// WALPosition is the position in the primary's WAL past the last write
// (pg_current_wal_insert_lsn: an asynchronous commit may not have been
// written out yet), as PostgreSQL writes it (0/3000148).
func (srv *Server) WALPosition(ctx context.Context) (string, error) {
	var lsn string
	err := srv.query(ctx, `SELECT pg_current_wal_insert_lsn()::text`, &lsn)
	return lsn, err
}

// WaitReplayed waits until the standby has replayed its primary's WAL up
// to lsn (pg_last_wal_replay_lsn), or ctx ends.
func (srv *Server) WaitReplayed(ctx context.Context, lsn string) error {
	db, err := sql.Open("postgres", srv.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	for {
		var done bool
		err := db.QueryRowContext(ctx, `SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)`, lsn).Scan(&done)
		if err != nil {
			return fmt.Errorf("read the standby's replay position: %w", err)
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the standby has not replayed %s: %w", lsn, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// CatchUp waits until the standby has replayed everything its primary
// had written when CatchUp was called.
func (srv *Server) CatchUp(ctx context.Context) error {
	if srv.primary == nil {
		return errors.New("not a standby")
	}
	lsn, err := srv.primary.WALPosition(ctx)
	if err != nil {
		return err
	}
	return srv.WaitReplayed(ctx, lsn)
}

// query reads one row of the server's postgres database into dst.
func (srv *Server) query(ctx context.Context, q string, dst ...any) error {
	db, err := sql.Open("postgres", srv.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, q).Scan(dst...); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// DSNFor is the URL on this server of the database that dsn, a URL of
// NewDatabase's on another server (a standby's primary), names.
func (srv *Server) DSNFor(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(fmt.Sprintf("pgtest: not a URL of NewDatabase's: %v", err))
	}
	return srv.DSN(strings.TrimPrefix(u.Path, "/"))
}
