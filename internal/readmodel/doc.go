// Package readmodel is the read model the API answers from, and how it
// follows the writes the store commits.
//
// A Data is one consistent view at one revision of the store: the records
// by id and in order (package catalog), the adjacency index (package
// graph) and the name index (package search). Each of the three is an
// immutable base and a small immutable delta of the records changed since
// the base was built. Applying a commit returns a new Data that shares the
// base and copies only the part of the delta the commit touches, so that
// a write costs in proportion to the records it changes, not to the graph,
// and a request that holds a Data sees the graph before a change or after
// it, never between.
//
// Live holds the current Data of a server: it applies commits in revision
// order, those the store wrote together as one change (ApplyAll), and
// when the delta has grown past a share of the base, rebuilds the base
// from the records off the request path and swaps it in, applying again
// the commits that arrived meanwhile, most of them without holding up the
// writer.
package readmodel
