package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/memoria-history/memoria/internal/history"
)

// defaultDB is where the embedded, persistent store lives unless --db or
// MEMORIA_DB says otherwise.
const defaultDB = "bbolt:./data/memoria.db"

// env is what every command gets from the process: its streams and
// environment, so that tests can run the whole CLI in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand of memoria.
type command struct {
	name    string
	args    string // the positional arguments, for usage lines
	summary string
	run     func(ctx context.Context, e env, g globals, args []string) error
}

// globals are the flags every command accepts.
type globals struct {
	db      string
	writeDB string // the primary that takes the writes of a --db that is its hot standby
}

func commands() []command {
	return []command{
		{name: "validate", args: "[PATH]", summary: "check a dataset (a directory of .yaml files or one file; default: the embedded seed)", run: runValidate},
		{name: "concordance", args: "FILE", summary: "write the paragraph concordance of a source's text, for a dataset that may not ship the text itself", run: runConcordance},
		{name: "load", args: "PATH", summary: "add a dataset to the store, atomically", run: runLoad},
		{name: "apply", args: "FILE...", summary: "apply each file's records to the store as one change, replacing what they replace", run: runApply},
		{name: "dump", args: "-o DIR", summary: "write the store back as a dataset directory in the YAML format", run: runDump},
		{name: "changes", args: "", summary: "list the store's changes: who wrote what, when", run: runChanges},
		{name: "check", args: "", summary: "read the whole store and report what is damaged (exit status 5 if anything is)", run: runCheck},
		{name: "token", args: "create|list|revoke", summary: "make, list and revoke the tokens that may write to the store", run: runToken},
		{name: "stats", args: "", summary: "count what the store holds, by kind and by predicate", run: runStats},
		{name: "serve", args: "", summary: "serve the graph over GraphQL, with a console in the browser", run: runServe},
		{name: "schema", args: "", summary: "print the GraphQL schema (SDL)", run: runSchema},
		{name: "export", args: "", summary: "write the graph or a part of it for a visualization or graph tool", run: runExport},
		{name: "gen", args: "--people N [--seed S] [--shape registry|network] -o DIR", summary: "write a synthetic dataset of N people, a victims' registry or a dense network, for tests and benchmarks", run: runGen},
		{name: "ingest", args: "FILE --source-id ID -o DIR | --accept DIR", summary: "read a document and write a draft dataset of what it names, for a person to review; load a reviewed one", run: runIngest},
		{name: "bench", args: "", summary: "measure load, start-up, query latency and throughput on a synthetic graph, beside Cayley and a bare BFS", run: runBench},
	}
}

// errUsage marks an error in how memoria was called; it exits with
// history.ExitUsage.
var errUsage = errors.New("usage")

// errHelp ends a run that printed help; it exits with status 0.
var errHelp = flag.ErrHelp

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	g := globals{db: defaultDB}
	if v := getenv("MEMORIA_DB"); v != "" {
		g.db = v
	}
	g.writeDB = getenv("MEMORIA_WRITE_DB")
	fs := flag.NewFlagSet("memoria", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&g.db, "db", g.db, "the store: bbolt:PATH, bolt:PATH, postgres://USER@HOST:PORT/DB?sslmode=..., cockroachdb://USER@HOST:26257/DB?sslmode=... (not tested against CockroachDB itself) or memory: (env MEMORIA_DB)")
	fs.StringVar(&g.writeDB, "write-db", g.writeDB, "with a --db that is a PostgreSQL hot standby, its primary: writes (loads, changes, tokens) go there, reads come from --db (env MEMORIA_WRITE_DB)")
	fs.Usage = func() { mainUsage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		mainUsage(stderr, fs)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		mainUsage(stdout, fs)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return stoppedBy(ctx, c.run(ctx, e, g, rest))
		}
	}
	return fmt.Errorf("%w: unknown command %q; run memoria --help for the list", errUsage, name)
}

// stoppedBy adds to an error that a signal caused which signal it was,
// so that a command stopped by Ctrl-C says so rather than only "context
// canceled".
func stoppedBy(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || !errors.Is(err, context.Canceled) {
		return err
	}
	cause := context.Cause(ctx)
	if cause == nil || cause == ctx.Err() { // a cancellation with no cause of its own
		return err
	}
	return fmt.Errorf("%w (stopped: %v)", err, cause)
}

func mainUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "memoria: a cited knowledge graph of people and events in history\n\nUsage:\n  memoria [--db DSN] COMMAND [flags] [args]\n\nCommands:\n")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nGlobal flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nRun memoria COMMAND --help for a command's flags.\n")
	fmt.Fprintf(w, `
Exit status:
  0  done
  %d  a fault of memoria or of the system (a disk, the network)
  %d  the command line is wrong: a flag or an argument
  %d  the input is wrong: a dataset breaks a rule, an id names nothing, a value is past a limit
  %d  the store is in the way: another process holds it, or it holds other content under the same ids
  %d  the store is damaged: restore it from a copy, or load it anew
  %d  the server refused the token: none given, unknown, revoked, or of too low a role
`, history.ExitFailure, history.ExitUsage, history.ExitInvalid, history.ExitConflict, history.ExitCorrupt, history.ExitDenied)
}

// newFlagSet returns the flag set of a subcommand, which also accepts the
// global flags so they may follow the command name.
func newFlagSet(e env, g *globals, c string, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("memoria "+c, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&g.db, "db", g.db, "the store: bbolt:PATH, bolt:PATH, postgres://USER@HOST:PORT/DB?sslmode=..., cockroachdb://USER@HOST:26257/DB?sslmode=... (not tested against CockroachDB itself) or memory: (env MEMORIA_DB)")
	fs.StringVar(&g.writeDB, "write-db", g.writeDB, "with a --db that is a PostgreSQL hot standby, its primary: writes (loads, changes, tokens) go there, reads come from --db (env MEMORIA_WRITE_DB)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: memoria %s [flags] %s\n\n%s\n\nFlags:\n", c, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's flags, printing help to stdout when
// asked for it.
func parseFlags(e env, fs *flag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return errHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	return nil
}

func usageError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return fmt.Errorf("%w: %v", errUsage, err)
}

// exitCode maps the result of run to the process exit status: 0 for
// success and help, ExitUsage for a wrong command line, and otherwise the
// exit status history's table gives the error's code (1 for an error with
// none).
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return history.ExitUsage
	}
	return history.ErrorCode(err).Meaning().ExitStatus
}

// explain prints each problem of an invalid dataset on its own line and
// returns a one-line error in its place, with the same code; other errors
// pass through.
func explain(w io.Writer, err error) error {
	var ps history.Problems
	if !errors.As(err, &ps) {
		return err
	}
	for _, p := range ps {
		fmt.Fprintln(w, p.String())
	}
	short := &history.Error{Code: history.CodeInvalid, Message: fmt.Sprintf("%d problem(s)", len(ps))}
	var he *history.Error
	if errors.As(err, &he) {
		short.Code, short.Op = he.Code, he.Op
	}
	return short
}
