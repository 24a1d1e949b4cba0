// Package server is Memoria's HTTP face: GraphQL over HTTP at /graphql,
// the exports at /export/{format}, the browser pages it is given (the
// GraphiQL console at /, the explorer at /explore, from webui) with their
// assets, and /healthz, /readyz and /metrics (Prometheus's text format,
// from a registry of the server's own) for whoever runs it. It knows
// nothing of how answers are
// made: an Executor (*api.API) runs validated documents and an Exporter
// (*selection.Resolver) turns an export's parameters into a graph.
//
// Every request passes, outermost first, through a request id (taken from
// X-Request-ID when it is plain, else made) and the request log line, the
// recovery from panics (logged with their stack, answered with a bare
// internal error), and CORS (rs/cors), before the routes.
//
// A GraphQL request goes (graphql.go):
//
//   - read: a JSON body or GET parameters, with a size limit; the answer's
//     media type negotiated from Accept, as the GraphQL-over-HTTP draft
//     asks (graphql-response+json by default, application/json on
//     request);
//   - prepare, through a cache of query texts (cache.go): the guards that
//     graphql-go lacks (guard.go: size, tokens and nesting counted before
//     parsing; depth, fields and fragment cycles after), what its parser
//     lets through and its validation trips on (parsed.go), validation;
//   - execute: within a slot of the bounded executions (slots.go; a
//     mutation within a write slot, so that mutations waiting for the
//     store never keep queries from running), the request's timeout and
//     a budget (budget.go): the fields it resolves,
//     counted through api.Options.OnResolve (CountResolve), the bytes of
//     its answer and the process's memory, and it is stopped the moment
//     it goes past one (LIMIT_EXCEEDED). An operation estimated heavy
//     when it was prepared (cost.go) also needs one of the few heavy
//     slots, so that cheap queries never wait behind heavy ones; near
//     the memory limit heavy ones, then all, are refused (SERVER_BUSY);
//   - write: the answer encoded whole into a pooled buffer, keys in the
//     order the query asked for them (order.go, encode.go), graphql-go's
//     maps having none, and neither the objects of lists the executor
//     completed itself (a fieldList, such as api.Object), with its length.
//
// Pictures (svg, png) are drawn through a bounded queue with a deadline
// (pictures.go), one drawing for requests of the same picture, and a
// cache by what they are drawn from: every request is answered, drawn or
// told at once that the server is busy.
//
// A process listens before its data is read: Starting answers meanwhile
// (alive, not ready, come back later), and a Switch hands every request to
// the Server once it is built (starting.go).
//
// /readyz also pings the store it is given (Options.Store: a database
// server may go away under a running process), at most once a second
// whoever asks (probe.go), and answers 503 while the store does not
// answer; reads from memory go on being served meanwhile.
//
// Errors reach the client with a code in extensions.code and the request
// id, never with panic text or internal paths. Every error answered has a
// history.Code: its status, its extensions.code, its Retry-After and
// whether its message may be shown come from history's one table. Only
// the rule of GraphQL over HTTP that application/json answers the errors
// of a well-formed request with 200 is applied here (statusFor).
//
// Pages are served from an fs.FS, read once (assets.go): under a
// Content-Security-Policy that admits this server alone, revalidated by
// ETag; their assets, whose names hold a hash of their content, are kept
// by browsers for a year; both are gzipped once for the clients that take
// it. A browser that opens /graphql itself is sent to the console.
//
// The fuzz tests drive the real handler with arbitrary bodies and GET
// parameters.
package server
