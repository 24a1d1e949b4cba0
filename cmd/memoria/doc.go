// Command memoria serves and explores a cited knowledge graph of people and
// events in history. Run memoria --help for the commands.
//
// main only wires the process to run (run.go), which does the work from
// its arguments, environment getter and standard streams, so that the
// whole command line is tested in process. run reads the global flags and
// hands the rest to one file per command: validate, load, stats, serve,
// schema, export, gen and bench (whose run is internal/benchrun's, given
// this package's store, load, indexes and server); store.go opens the store
// named by --db (a new one gets the embedded dataset first), dataset.go
// reads a dataset's files. This is the only package that
// wires the others together: the store, the read model (catalog, graph,
// search), the API and the server. A server's read model takes its own
// commits from the store as they are made and, on a store that other
// processes write too (PostgreSQL), theirs from the store's change log,
// all in revision order (follow.go). A server on a store it may not write
// (a hot standby without --write-db) follows the store the same way and
// answers writes with CONFLICT.
//
// The exit status says what kind of failure ended a command, so that a
// script can act on it; it comes from history's table of error codes:
//
//	0  done, or help asked for
//	1  a fault of memoria or of the system (a disk, the network)
//	2  the command line is wrong: a flag or an argument
//	3  the input is wrong: a dataset breaks a rule, an id names nothing,
//	   a value is past a limit
//	4  the store is in the way: another process holds it, or it holds
//	   other content under the same ids
//	5  the store is damaged: restore it from a copy, or load it anew
//	6  the server refused the token: none given, unknown, revoked, or of
//	   too low a role
package main
