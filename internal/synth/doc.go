// Package synth writes synthetic datasets in the curated format that
// package dataset reads, of any size, for tests and benchmarks: invented
// people, groups, places, events, relations and claims cited to two
// sources titled as synthetic, in one of two shapes. A registry (the
// default) is shaped like Memorial's database of victims of political
// terror: each person tied to the rest mostly by their arrest, sentence
// and execution, camp term or exile, and by the few officials who signed
// or carried out thousands of sentences; about 13 quads per person once
// loaded. A network is a dense social network of relations and events
// between people, about 60 to 70 quads per person.
//
// People are named in Russian and romanised with package translit, so
// that a dataset holds what search must cope with: one person under a
// Cyrillic name, English, German and scholarly spellings, and
// misspellings. The same size, shape and seed give byte-identical files.
package synth
