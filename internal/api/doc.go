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
// Given a Writer (Options.Writer), the graph is writable: Mutation
// creates and updates records of every kind, adds and removes citations,
// names and participants, and retracts records. Every mutation reads the
// record from the request's data, builds the new record and hands the
// Writer one history.Change that replaces it whole, expecting the revision
// it read (commit.go); the Writer checks, validates and applies it, and
// returns the data with the change applied, which the rest of the request
// and the requests after it answer from (view.go). Records come in as JSON
// with the dataset format's keys (records.go, scalars.go): an update is a
// JSON merge patch onto the record as the format writes it. A refused
// change's problems are located in the input: record.cite, patch.born.
// Given a Log, Query answers changes, history and retracted from the
// store's audit records; with either, Query has the graph's revision, and
// every answer gives it in extensions.revision.
//
// A long list of objects (Options.DirectLists items or more) is completed
// by the API itself rather than by graphql-go's executor, whose work per
// field made large answers forty times slower than the traversal behind
// them (direct.go): each field's own resolver is called and each leaf is
// serialized by its scalar, so the answer is the same, and whatever direct
// completion does not handle exactly as graphql-go does is left to
// graphql-go. Such a list's objects come back as *Object, keys and values,
// which a server writes in the query's order as it writes graphql-go's
// maps.
//
// schema/schema.graphql is the public contract of a read-only server and
// schema/writable.graphql that of a writable one; PrintSchema renders the
// executable schema in SDL and a test keeps each equal to it.
package api
