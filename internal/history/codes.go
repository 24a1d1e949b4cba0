package history

// Code classifies an Error so that the edges of the program (the command
// line, HTTP, GraphQL) can translate it once, through the table below,
// into an exit status, a status code or an error extension.
type Code string

// The codes of the model and the store: what may go wrong whoever asks.
const (
	// CodeInvalid means the input broke a rule of the model or a format.
	CodeInvalid Code = "INVALID"
	// CodeNotFound means an identifier names nothing.
	CodeNotFound Code = "NOT_FOUND"
	// CodeConflict means the request clashes with the state of the store,
	// for example a store held by another process.
	CodeConflict Code = "CONFLICT"
	// CodeCorrupt means stored data cannot be read back as written.
	CodeCorrupt Code = "CORRUPT"
	// CodeLimit means a request went past a configured limit.
	CodeLimit Code = "LIMIT"
	// CodeInternal means a fault of Memoria itself.
	CodeInternal Code = "INTERNAL"
	// CodeStoreUnavailable means the store's database server cannot be
	// reached (PostgreSQL stopped, or the network to it down): the
	// request may succeed once it is back.
	CodeStoreUnavailable Code = "STORE_UNAVAILABLE"
)

// The codes of requests over HTTP: the HTTP exchange, the GraphQL document
// before it runs, and the server's own state. Each is also its wire value.
const (
	CodeBadRequest           Code = "BAD_REQUEST"            // the body or the parameters cannot be read
	CodeUnsupportedMediaType Code = "UNSUPPORTED_MEDIA_TYPE" // a body that is not JSON
	CodeRequestTooLarge      Code = "REQUEST_TOO_LARGE"      // a body past the server's limit
	CodeMethodNotAllowed     Code = "METHOD_NOT_ALLOWED"     // neither GET nor POST, or a mutation over GET
	CodeNotAcceptable        Code = "NOT_ACCEPTABLE"         // Accept names no media type the server sends
	CodeParseFailed          Code = "GRAPHQL_PARSE_FAILED"
	CodeValidationFailed     Code = "GRAPHQL_VALIDATION_FAILED"
	CodeQueryTooLarge        Code = "QUERY_TOO_LARGE"   // too many bytes or tokens
	CodeQueryTooDeep         Code = "QUERY_TOO_DEEP"    // brackets or selections nested too deep
	CodeQueryTooComplex      Code = "QUERY_TOO_COMPLEX" // too many fields, fragments expanded
	CodeTooManyErrors        Code = "TOO_MANY_ERRORS"   // the errors left out of an answer
	CodeTimeout              Code = "TIMEOUT"           // the request ran out of time
	CodeCancelled            Code = "CANCELLED"         // the client went away
	CodeBusy                 Code = "SERVER_BUSY"       // every execution slot or the render queue is taken, or memory is short
	CodeStarting             Code = "STARTING"          // the store is being read and the indexes built
	CodeUnauthenticated      Code = "UNAUTHENTICATED"   // a write without a token, or with one the server does not accept
	CodeForbidden            Code = "FORBIDDEN"         // a token whose role does not allow what it asked
	CodeRateLimited          Code = "RATE_LIMITED"      // a token that wrote more often than the server allows
)

// The exit statuses of the command line, by what the user can do about a
// failure, so that a script can tell a mistake in its input from a store
// that another process holds. Success, and help asked for, exit with 0.
const (
	// ExitFailure: a fault of Memoria or of the system (a disk, the
	// network); the message says what failed.
	ExitFailure = 1
	// ExitUsage: the command line itself is wrong, a flag or an argument.
	// No Code maps to it; the command line finds these errors itself.
	ExitUsage = 2
	// ExitInvalid: the input is wrong: a dataset breaks a rule, an id
	// names nothing, a value is past a limit. Fix it and run again.
	ExitInvalid = 3
	// ExitConflict: the store stands in the way: another process holds
	// it (run again once that one is done), its database cannot be
	// reached (run again once it is back), or it holds other content
	// under ids the input uses.
	ExitConflict = 4
	// ExitCorrupt: the store cannot be read back as written; restore it
	// from a copy or load it anew.
	ExitCorrupt = 5
	// ExitDenied: the server refused the credentials: no token, one it
	// does not know or has revoked, or one whose role is too low.
	ExitDenied = 6
)

// Meaning is what a Code says at each edge of the program.
type Meaning struct {
	// HTTPStatus is the status of an HTTP answer that carries the error.
	HTTPStatus int
	// GraphQL is the error's extensions.code in a GraphQL response.
	GraphQL string
	// ExitStatus is the command line's exit status when it fails with the
	// error.
	ExitStatus int
	// Public says that the error's message may be shown to a client. A
	// message that is not may name files or memory: the client is told
	// only "internal error", and the operator's log keeps the rest.
	Public bool
	// Request marks the errors of a well-formed GraphQL request, in its
	// document, its variables or its execution. GraphQL over HTTP answers
	// them with HTTPStatus under application/graphql-response+json and
	// with 200 under application/json.
	Request bool
	// RetryAfter, when it is not zero, is the Retry-After (in seconds)
	// sent with the error: the condition is expected to pass.
	RetryAfter int
}

// meanings is the one table from a Code to its meanings. It is never
// written: adding a code is adding a constant above and a row here.
var meanings = map[Code]Meaning{
	CodeInvalid:  {HTTPStatus: 400, GraphQL: "BAD_USER_INPUT", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeNotFound: {HTTPStatus: 404, GraphQL: "NOT_FOUND", ExitStatus: ExitInvalid, Public: true},
	CodeConflict: {HTTPStatus: 409, GraphQL: "CONFLICT", ExitStatus: ExitConflict, Public: true},
	CodeCorrupt:  {HTTPStatus: 500, GraphQL: "INTERNAL_SERVER_ERROR", ExitStatus: ExitCorrupt},
	CodeLimit:    {HTTPStatus: 422, GraphQL: "LIMIT_EXCEEDED", ExitStatus: ExitInvalid, Public: true},
	CodeInternal: {HTTPStatus: 500, GraphQL: "INTERNAL_SERVER_ERROR", ExitStatus: ExitFailure},
	// Not public: the driver's message names the database's host or
	// socket. The code and the status say what a client needs.
	CodeStoreUnavailable: {HTTPStatus: 503, GraphQL: "STORE_UNAVAILABLE", ExitStatus: ExitConflict, RetryAfter: 5},

	CodeBadRequest:           {HTTPStatus: 400, GraphQL: "BAD_REQUEST", ExitStatus: ExitInvalid, Public: true},
	CodeUnsupportedMediaType: {HTTPStatus: 415, GraphQL: "UNSUPPORTED_MEDIA_TYPE", ExitStatus: ExitInvalid, Public: true},
	CodeRequestTooLarge:      {HTTPStatus: 413, GraphQL: "REQUEST_TOO_LARGE", ExitStatus: ExitInvalid, Public: true},
	CodeMethodNotAllowed:     {HTTPStatus: 405, GraphQL: "METHOD_NOT_ALLOWED", ExitStatus: ExitInvalid, Public: true},
	CodeNotAcceptable:        {HTTPStatus: 406, GraphQL: "NOT_ACCEPTABLE", ExitStatus: ExitInvalid, Public: true},
	CodeParseFailed:          {HTTPStatus: 400, GraphQL: "GRAPHQL_PARSE_FAILED", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeValidationFailed:     {HTTPStatus: 400, GraphQL: "GRAPHQL_VALIDATION_FAILED", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeQueryTooLarge:        {HTTPStatus: 400, GraphQL: "QUERY_TOO_LARGE", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeQueryTooDeep:         {HTTPStatus: 400, GraphQL: "QUERY_TOO_DEEP", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeQueryTooComplex:      {HTTPStatus: 400, GraphQL: "QUERY_TOO_COMPLEX", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeTooManyErrors:        {HTTPStatus: 400, GraphQL: "TOO_MANY_ERRORS", ExitStatus: ExitInvalid, Public: true, Request: true},
	CodeTimeout:              {HTTPStatus: 504, GraphQL: "TIMEOUT", ExitStatus: ExitFailure, Public: true, Request: true},
	CodeCancelled:            {HTTPStatus: 503, GraphQL: "CANCELLED", ExitStatus: ExitFailure, Public: true},
	CodeBusy:                 {HTTPStatus: 503, GraphQL: "SERVER_BUSY", ExitStatus: ExitConflict, Public: true, RetryAfter: 2},
	CodeStarting:             {HTTPStatus: 503, GraphQL: "STARTING", ExitStatus: ExitConflict, Public: true, RetryAfter: 5},
	CodeUnauthenticated:      {HTTPStatus: 401, GraphQL: "UNAUTHENTICATED", ExitStatus: ExitDenied, Public: true},
	CodeForbidden:            {HTTPStatus: 403, GraphQL: "FORBIDDEN", ExitStatus: ExitDenied, Public: true},
	CodeRateLimited:          {HTTPStatus: 429, GraphQL: "RATE_LIMITED", ExitStatus: ExitConflict, Public: true, RetryAfter: 1},
}

// Meaning returns what c says at each edge. A code missing from the table,
// or the empty one, means what CodeInternal does: a failure nobody
// foresaw is Memoria's fault, and its message stays out of answers.
func (c Code) Meaning() Meaning {
	if m, ok := meanings[c]; ok {
		return m
	}
	return meanings[CodeInternal]
}

// CodeOf returns the code whose GraphQL extensions.code is graphQL, for a
// client of Memoria's own server that must exit as the server's error
// says: the empty Code if none has it. INTERNAL_SERVER_ERROR, shared by
// the server's faults and a damaged store, reads as CodeInternal: from
// the client's side, both are the server's failure.
func CodeOf(graphQL string) Code {
	if graphQL == meanings[CodeInternal].GraphQL {
		return CodeInternal
	}
	for c, m := range meanings {
		if m.GraphQL == graphQL {
			return c
		}
	}
	return ""
}
