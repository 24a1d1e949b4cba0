package auth

import "context"

type tokenKey struct{}

// WithToken returns ctx carrying the token a request was made with, so
// that what the request writes is recorded under its name.
func WithToken(ctx context.Context, t Token) context.Context {
	return context.WithValue(ctx, tokenKey{}, t)
}

// FromContext returns the token of ctx, if the request had one.
func FromContext(ctx context.Context) (Token, bool) {
	t, ok := ctx.Value(tokenKey{}).(Token)
	return t, ok
}
