// Package history holds Memoria's domain model: the entities of a
// historical knowledge graph (people, groups, places, events, works and the
// sources that speak of them), the statements that link them, the sourced
// claims that may disagree, and the uncertain dates that bound them in time.
//
// Every statement in the model carries at least one Citation. Validate
// checks a whole Dataset for that and for every other rule a dataset must
// keep before it may be stored, and reports each problem with the position
// of the record it concerns, so that a curator can find and fix it.
//
// Error is the one error type of Memoria, and its Code says what kind of
// failure it is. Code.Meaning reads the one table that says what each code
// means at each edge: its HTTP status, its GraphQL extensions.code, and the
// command line's exit status.
//
// The package depends on the standard library, go-edtf (which parses the
// dates) and agnivade/levenshtein (which finds the nearest known value to
// suggest when one is misspelt); adapters (the YAML reader, the Cayley
// store, the GraphQL API) depend on it, never the other way.
package history
