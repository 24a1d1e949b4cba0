package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/lib/pq" // the driver Cayley's postgres flavour registers too
)

// Server is a throwaway PostgreSQL server, started by the first test
// that asks for a database, or why there is none.
type Server struct {
	mu      sync.Mutex // held while starting and stopping
	started bool
	dir     string // the cluster and its socket
	bin     string // the directory of initdb and postgres
	owner   *user.User
	cmd     *exec.Cmd
	exited  chan struct{}
	err     error // why there is no server
	dbCount atomic.Int64

	port    int     // names the socket file: the server listens on no TCP port
	wal     bool    // keeps the WAL a standby needs (see StartReplicated)
	primary *Server // for a hot standby: the server it streams from
}

// defaultPort is the port of a server's socket file.
const defaultPort = 5432

// superuser is the cluster's superuser, trusted on its socket.
const superuser = "memoria"

// Main hands set a server, runs the tests and stops the server whatever
// they did. It returns the exit code for os.Exit. The server starts when
// a test first asks for a database: a test binary that runs again as a
// child process of a test, to be killed, starts none.
func Main(m *testing.M, set func(*Server)) int {
	srv := &Server{port: defaultPort}
	set(srv)
	defer func() {
		if err := srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}()
	return m.Run()
}

// Start makes a cluster in a new temporary directory and starts its
// server. A Server that failed to start says why in every NewDatabase.
func Start(ctx context.Context) *Server {
	srv := &Server{port: defaultPort}
	srv.ensure(ctx)
	return srv
}

// ensure starts the server if it has not been started yet, and returns
// why there is none.
func (srv *Server) ensure(ctx context.Context) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if !srv.started {
		srv.started = true
		if srv.err = srv.start(ctx); srv.err != nil {
			_ = srv.stop()
		}
	}
	return srv.err
}

func (srv *Server) start(ctx context.Context) error {
	bin, err := findBin()
	if err != nil {
		return err
	}
	srv.bin = bin
	// Short: a socket's path is limited to about 100 bytes.
	if srv.dir, err = os.MkdirTemp("", "pgtest"); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		if srv.owner, err = user.Lookup("postgres"); err != nil {
			return fmt.Errorf("running as root, and no postgres user to run the server as: %w", err)
		}
		if err := chownTo(srv.dir, srv.owner); err != nil {
			return err
		}
	}
	if srv.primary != nil {
		if err := srv.baseBackup(ctx); err != nil {
			return err
		}
		return srv.run(ctx)
	}
	initdb := srv.command(ctx, "initdb", "-D", filepath.Join(srv.dir, "data"), "-U", superuser, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	if srv.wal {
		if err := allowReplication(filepath.Join(srv.dir, "data")); err != nil {
			return err
		}
	}
	return srv.run(ctx)
}

// run starts the server on the cluster in srv.dir and waits until it
// answers.
func (srv *Server) run(ctx context.Context) error {
	args := []string{"-D", filepath.Join(srv.dir, "data"), "-k", srv.dir, "-p", strconv.Itoa(srv.port),
		"-c", "listen_addresses=", "-c", "fsync=off"}
	if srv.wal || srv.primary != nil {
		// A base backup needs whole pages in the WAL, and a commit is
		// sent to the standby once flushed: without synchronous commits
		// the WAL writer's delay would be part of the replication lag.
		args = append(args, "-c", "wal_level=replica", "-c", "hot_standby=on")
	} else {
		args = append(args, "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	srv.cmd = srv.command(context.Background(), "postgres", args...)
	log, err := os.OpenFile(filepath.Join(srv.dir, "server.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	srv.cmd.Stdout, srv.cmd.Stderr = log, log
	// The kernel stops the server when the thread that started it ends
	// (see sysProcAttr): that thread is kept, locked to this goroutine,
	// for as long as the server runs.
	srv.exited = make(chan struct{})
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		err := srv.cmd.Start()
		started <- err
		if err == nil {
			_ = srv.cmd.Wait()
		}
		close(srv.exited)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	return srv.waitReady(ctx)
}

// command runs a program of the server's, as the postgres user if this
// process is root.
func (srv *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(srv.bin, name), args...)
	cmd.Dir = srv.dir
	cmd.SysProcAttr = sysProcAttr(srv.owner)
	return cmd
}

// waitReady waits until the server answers, or fails.
func (srv *Server) waitReady(ctx context.Context) error {
	db, err := sql.Open("postgres", srv.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-srv.exited:
			out, _ := os.ReadFile(filepath.Join(srv.dir, "server.log"))
			return fmt.Errorf("postgres exited at start:\n%s", out)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not answer in 30s: %w", err)
		}
	}
}

// DSN is the URL of database db on the server.
func (srv *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable", superuser, db, srv.dir, srv.port)
}

// NewDatabase creates an empty database for tb and returns its URL; the
// database is dropped when tb ends. Without a server, tb is skipped
// (failed under CI=true).
func (srv *Server) NewDatabase(tb testing.TB) string {
	tb.Helper()
	if srv != nil && srv.primary != nil {
		tb.Fatal("pgtest: a standby is read-only: make the database on its primary, and read it here with DSN")
	}
	srv.Require(tb)
	name := fmt.Sprintf("t%d", srv.dbCount.Add(1))
	db, err := sql.Open("postgres", srv.DSN("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		_ = db.Close()
	})
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	return srv.DSN(name)
}

// Require skips tb if there is no server, or fails it under CI=true.
func (srv *Server) Require(tb testing.TB) {
	tb.Helper()
	err := errors.New("no server (pgtest.Main not called)")
	if srv != nil {
		err = srv.ensure(context.Background())
	}
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("PostgreSQL is needed under CI=true: %v", err)
	}
	tb.Skipf("no PostgreSQL here (%v): install Debian's postgresql package, or put initdb and postgres on PATH, to run this test", err)
}

// Stop stops the server (a fast shutdown: sessions are ended) and removes
// the cluster. Stopping twice is harmless.
func (srv *Server) Stop() error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.stop()
}

// Halt stops the server as Stop does but keeps its cluster, so that
// Resume starts it again with the same databases at the same address:
// for a test of what clients do while the database is down.
func (srv *Server) Halt() error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.err != nil || srv.dir == "" {
		return errors.New("no server to halt")
	}
	return srv.halt()
}

// Resume starts a halted server again and waits until it answers.
func (srv *Server) Resume(ctx context.Context) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.err != nil || srv.dir == "" {
		return errors.New("no server to resume")
	}
	if srv.cmd != nil {
		return errors.New("the server is running")
	}
	if err := srv.run(ctx); err != nil {
		_ = srv.halt()
		return err
	}
	return nil
}

func (srv *Server) stop() error {
	err := srv.halt()
	if srv.dir != "" {
		err = errors.Join(err, os.RemoveAll(srv.dir))
		srv.dir = ""
	}
	return err
}

// halt stops the server's process, if it runs.
func (srv *Server) halt() error {
	var err error
	if srv.cmd != nil && srv.cmd.Process != nil {
		_ = srv.cmd.Process.Signal(os.Interrupt) // a fast shutdown
		select {
		case <-srv.exited:
		case <-time.After(20 * time.Second):
			_ = srv.cmd.Process.Kill()
			<-srv.exited
			err = errors.New("postgres did not stop in 20s: killed")
		}
	}
	srv.cmd = nil
	return err
}

// findBin finds the directory of initdb and postgres: on PATH, or where
// Debian's packages put them (/usr/lib/postgresql/VERSION/bin), the
// highest version first.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		// A link on PATH names the installation's directory, where
		// pg_basebackup is too.
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("initdb not found on PATH nor in /usr/lib/postgresql/*/bin")
}

// chownTo gives dir to u.
func chownTo(dir string, u *user.User) error {
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("user %s: %w", u.Username, err)
	}
	return os.Chown(dir, uid, gid)
}
