// Command memoria serves and explores a cited knowledge graph of people and
// events in history. Run memoria --help for the commands.
//
// main only wires the process to run (run.go), which does the work from
// its arguments, environment getter and standard streams, so that the
// whole command line is tested in process. run reads the global flags and
// hands the rest to one file per command: validate, load, stats, serve,
// schema, export, gen and bench (bench_*.go); store.go opens the store
// named by --db (a new one gets the embedded dataset first), dataset.go
// reads a dataset's files. This is the only package that
// wires the others together: the store, the read model (catalog, graph,
// search), the API and the server.
package main
