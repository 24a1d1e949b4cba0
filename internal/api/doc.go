// Package api is Memoria's GraphQL schema and its resolvers, built with
// graphql-go. It answers from Data: the catalog, the adjacency index and
// the name index, built in memory from the store. It knows nothing of the
// store itself: the command reads it, builds the indexes and hands them in.
//
// Resolvers never panic through to graphql-go (whose recovery re-panics on
// values that are not errors), check the request's context before doing
// work, and cap every page size and hop count with Limits. Resolvers
// return history's coded errors; clientError translates them once, through
// history's table, into the message and extensions.code a client sees.
//
// An id a client gives that names nothing fails its field with NOT_FOUND,
// suggesting the nearest ids (suggest.go); the fields that take ids are
// nullable so that the error stays at the field. Dates given as EDTF
// arguments are read before the query runs (dates.go). A value a client
// sent is quoted back in part (excerpt).
//
// schema/schema.graphql is the public contract; PrintSchema renders the
// executable schema in SDL and a test keeps the two equal.
package api
