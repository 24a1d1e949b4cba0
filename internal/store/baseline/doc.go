// Package baseline is a measuring tool: it answers four of the questions
// Memoria answers from its in-memory indexes (internal/graph,
// internal/catalog) with Cayley's own iterators instead, on the same
// store: a record by id, a neighbourhood, a shortest path and a timeline.
// They exist for `memoria bench` (internal/benchrun), which reports what
// the indexes gain over the store; nothing serves from them. It lives
// under internal/store because only the store and its subpackages import
// Cayley, and it reads the store through its one read-only accessor,
// store.Store.ViewQuadStore.
//
// The queries are what a careful user of Cayley's API would write, and no
// more: quads are read through QuadIterator by node reference, predicates
// and ends are compared as references (QuadDirection, no value decoded),
// and values are resolved once, in one batch, for the answer. The walk
// follows the direct triples between records (a relation's "A memberOf B",
// an event's participants in their roles, location, superEvent, cause and
// consequence), which are exactly the edges internal/graph indexes, so
// both answer the same question on the same graph; the tests check that
// they do.
package baseline
