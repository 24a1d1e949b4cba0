package api

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/graphql-go/graphql"
)

// resolver is a field resolver that gets its request's data view.
type resolver func(p graphql.ResolveParams, d *Data) (any, error)

// wrap adapts a resolver for graphql-go: it stops when the request's
// context has ended, hands the resolver the request's data view, turns
// errors into client errors, and recovers panics. graphql-go's own recovery
// asserts that the panic value is an error and re-panics otherwise, which
// would kill the process.
func (a *API) wrap(r resolver) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (result any, err error) {
		defer func() {
			if v := recover(); v != nil {
				a.logPanic(p.Context, v, debug.Stack())
				result, err = nil, &Error{Code: CodeInternal, Message: "internal error"}
			}
		}()
		ctx := p.Context
		if ctx == nil {
			ctx = context.Background()
		}
		if err := ctx.Err(); err != nil {
			return nil, clientError(err)
		}
		d := a.dataFor(ctx)
		result, err = r(p, d)
		if err != nil {
			return nil, clientError(err)
		}
		return result, nil
	}
}

func (a *API) logPanic(ctx context.Context, v any, stack []byte) {
	if a.opts.Logger != nil {
		a.opts.Logger.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(v), "stack", string(stack))
	}
}
