package api

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
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
		defer a.recoverPanic(p.Context, &result, &err)
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
		if a.opts.OnResolve != nil {
			a.opts.OnResolve(ctx, result)
		}
		if v, ok := a.completeDirectly(p, result); ok {
			return v, nil
		}
		return result, nil
	}
}

// wrapPlain is wrap for a field computed from its parent value alone, the
// most common kind: such a field needs no data view and returns no error,
// so it skips both, and resolves with one call fewer per field of every
// item of a list.
func (a *API) wrapPlain(f func(src any) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (result any, err error) {
		defer a.recoverPanic(p.Context, &result, &err)
		ctx := p.Context
		if ctx != nil {
			if err := ctx.Err(); err != nil {
				return nil, clientError(err)
			}
		}
		result = f(p.Source)
		if a.opts.OnResolve != nil && ctx != nil {
			a.opts.OnResolve(ctx, result)
		}
		if v, ok := a.completeDirectly(p, result); ok {
			return v, nil
		}
		return result, nil
	}
}

// recoverPanic, deferred by a resolver, turns a panic into an internal
// error for the client and a log record with the stack.
func (a *API) recoverPanic(ctx context.Context, result *any, err *error) {
	if v := recover(); v != nil {
		a.logPanic(ctx, v, debug.Stack())
		*result, *err = nil, &gqlError{code: history.CodeInternal, msg: "internal error"}
	}
}

func (a *API) logPanic(ctx context.Context, v any, stack []byte) {
	if a.opts.Logger != nil {
		a.opts.Logger.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(v), "stack", string(stack))
	}
}
