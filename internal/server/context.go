package server

import "context"

func contextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// requestID returns the id of the request ctx belongs to.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// RequestID returns the id of the request ctx belongs to, for what a
// request writes to record it: the audit record of a change.
func RequestID(ctx context.Context) string { return requestID(ctx) }
