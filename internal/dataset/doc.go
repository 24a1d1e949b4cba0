// Package dataset reads Memoria's curated dataset format: YAML files that
// people can read, edit and review in a pull request, one record per few
// lines, with comments. It turns them into history values, resolving the
// format's shorthands (a nested statement with no citation of its own is
// cited like the record around it), and reports every problem with the
// file and line where it was found.
//
// A file is a mapping whose keys are sections (sources, people, groups,
// places, works, events, relations, claims), each a list of records; any
// file may hold any section, and a dataset is every *.yaml file in a
// directory tree. The README describes every field.
//
// Package synth writes synthetic datasets in this format for tests and
// benchmarks.
package dataset
