package api

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
)

// Limits caps what one query may ask for. Arguments above a cap are
// refused with a LIMIT_EXCEEDED error rather than silently cut, so a client
// knows its answer is whole.
type Limits struct {
	MaxPageSize     int // first on connections, search and timeline
	MaxHops         int // maxHops on path and paths, hops on neighborhood
	MaxPaths        int // limit on paths
	MaxNeighborhood int // limit on neighborhood (nodes)
	MaxWrites       int // mutations in one request; 0 takes the default
}

// DefaultLimits returns the limits used when Options leaves them zero.
func DefaultLimits() Limits {
	return Limits{MaxPageSize: 100, MaxHops: 8, MaxPaths: 20, MaxNeighborhood: 2000, MaxWrites: 20}
}

// Options configures an API.
type Options struct {
	Limits Limits
	Logger *slog.Logger // resolver panics are logged here; nil drops them
	// OnResolve, when set, is called with the request's context and the
	// value of every field resolved without error: a server counts and
	// bounds what a request costs with it (server.CountResolve), and
	// stops the request through its context.
	OnResolve func(ctx context.Context, value any)
	// Writer, when set, makes the graph writable: the schema gains its
	// Mutation type and Query its revision. Without it the schema is the
	// read-only one of schema/schema.graphql.
	Writer Writer
	// Log, when set, answers Query.changes, history and retracted from
	// the store's audit records.
	Log Log
	// Keeper, when set with a Writer, lets admins manage tokens through
	// Query.tokens, createToken and revokeToken.
	Keeper Keeper
	// DirectLists is the shortest list of objects the API completes
	// itself rather than through graphql-go's executor (direct.go),
	// which is slow for long lists; 0 takes the default, a negative
	// number leaves every list to graphql-go.
	DirectLists int
}

// API is the executable GraphQL schema over a swappable view of the data.
type API struct {
	opts   Options
	schema graphql.Schema
	view   atomic.Pointer[view]
	dates  dateArgs // the arguments read before the query runs
}

// New builds the schema over d.
func New(d Data, opts Options) (*API, error) {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits()
	}
	if opts.Limits.MaxWrites == 0 {
		opts.Limits.MaxWrites = DefaultLimits().MaxWrites
	}
	extendIntrospection()
	a := &API{opts: opts}
	a.view.Store(&view{data: &d})
	schema, err := a.buildSchema()
	if err != nil {
		return nil, err
	}
	primePossibleTypes(&schema)
	a.schema = schema
	if a.dates, err = findDateArgs(&schema); err != nil {
		return nil, err
	}
	return a, nil
}

// primePossibleTypes fills graphql-go's cache of the object types that
// implement each interface. graphql-go fills it lazily, but Execute takes the
// schema by value, so with the cache empty every execution rebuilt a map for
// every interface-typed field it completed. Filled once here, every copy
// shares the maps and only reads them, because no abstract type is left to
// add.
func primePossibleTypes(s *graphql.Schema) {
	for _, t := range s.TypeMap() {
		if abstract, ok := t.(graphql.Abstract); ok {
			s.IsPossibleType(abstract, s.QueryType())
		}
	}
}

// Schema returns the executable schema, for validation.
func (a *API) Schema() *graphql.Schema { return &a.schema }

// Limits returns the limits in force.
func (a *API) Limits() Limits { return a.opts.Limits }

// Replace swaps in a new view of the data at the revision of the one it
// replaces; requests already running keep the view they started with.
func (a *API) Replace(d Data) {
	for {
		old := a.view.Load()
		if a.view.CompareAndSwap(old, &view{data: &d, revision: old.revision}) {
			return
		}
	}
}

// ReplaceAt swaps in the data as it is at a revision of the graph, unless
// the view served already shows a later one: writes that finish out of
// order never take the graph back.
func (a *API) ReplaceAt(d Data, revision uint64) { a.advance(&view{data: &d, revision: revision}) }

// Revision returns the revision of the graph the API answers from.
func (a *API) Revision() uint64 { return a.view.Load().revision }

func (a *API) dataFor(ctx context.Context) *Data { return a.viewFor(ctx).data }

// Execute runs a parsed and validated document. The caller (the HTTP
// handler) parses, guards and validates; Execute pins the data view for
// the whole request.
func (a *API) Execute(ctx context.Context, doc *ast.Document, operation string, variables map[string]any) *graphql.Result {
	if err := a.checkDates(doc, operation, variables); err != nil {
		return &graphql.Result{Errors: []gqlerrors.FormattedError{*err}}
	}
	ctx, pin := a.pin(ctx)
	res := graphql.Execute(graphql.ExecuteParams{
		Schema:        a.schema,
		AST:           doc,
		OperationName: operation,
		Args:          stringVariablesByPointer(doc, operation, variables),
		Context:       ctx,
	})
	if res.Data != nil {
		pin.direct.place(res.Data)
	}
	if a.living() {
		if res.Extensions == nil {
			res.Extensions = map[string]any{}
		}
		res.Extensions["revision"] = pin.view.Load().revision
	}
	return res
}
