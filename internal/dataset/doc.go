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
// Generate writes synthetic datasets in the same format, of any size, for
// tests and benchmarks: invented people, groups, places, events,
// relations and claims cited to two sources titled as synthetic, in one of
// two shapes. A registry (the default) is shaped like Memorial's database
// of victims of political terror: each person tied to the rest mostly by
// their arrest, sentence and execution, camp term or exile, and by the few
// officials who signed or carried out thousands of sentences; about 13
// quads per person once loaded. A network is a dense social network of
// relations and events between people, about 60 to 70 quads per person.
package dataset
